import NIOCore

/// Closes a connection whose peer starts a frame and does not finish it in time (a peer that
/// sends one byte a second), or that sends no HELLO after connecting.
///
/// Sits before the frame decoder: the first bytes after a complete frame arm a timer, and the
/// connection handler disarms it on every frame it receives.
final class FrameProgressMonitor: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let timeout: TimeAmount
    private var timer: Scheduled<Void>?
    private var armed = false

    init(timeout: Duration) {
        self.timeout = TimeAmount(timeout)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        // A new connection must send its HELLO in time too.
        if context.channel.isActive { arm(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if !armed { arm(context: context) }
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        context.fireChannelInactive()
    }

    /// A whole frame arrived.
    func frameCompleted() {
        armed = false
        timer?.cancel()
        timer = nil
    }

    private func arm(context: ChannelHandlerContext) {
        guard !armed else { return }
        armed = true
        let channel = context.channel
        let timeout = self.timeout
        timer = context.eventLoop.scheduleTask(in: timeout) {
            channel.pipeline.fireErrorCaught(
                ProtocolViolation(reason: "no complete frame within \(timeout.nanoseconds / 1_000_000) ms"))
        }
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
