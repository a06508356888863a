import Logging
import NIOCore

/// Closes an HTTP connection whose peer stops reading: when the socket stays unwritable (its
/// send buffer full, NIO's write buffer past its high-water mark) for ``timeout``, the
/// connection is closed. A slow reader so costs only its own connection, for a bounded time,
/// and at most one answer of memory: the front writes through NIO's back-pressured channel,
/// so a request's answer waits for the previous one to be taken.
final class WriteStallHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    let timeout: Duration
    private let logger: Logger
    private var timer: Scheduled<Void>?

    init(timeout: Duration, logger: Logger) {
        self.timeout = timeout
        self.logger = logger
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            timer?.cancel()
            timer = nil
        } else if timer == nil {
            timer = context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(timeout.wholeNanoseconds)) {
                self.timer = nil
                self.logger.debug("closing a connection whose peer stopped reading")
                context.close(promise: nil)
            }
        }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }
}
