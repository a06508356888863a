import NIOCore

/// Closes a connection whose peer starts a frame and does not finish it in time (a peer that
/// sends one byte a second), or that sends no HELLO after connecting.
///
/// Sits before the frame decoder and counts the bytes that arrive; the connection handler
/// reports the bytes of every frame it receives. Whenever bytes are owed — more arrived than
/// whole frames account for, or an oversized message is still being skipped — a timer runs, and
/// it starts afresh with each complete frame.
final class FrameProgressMonitor: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let timeout: TimeAmount
    private var context: ChannelHandlerContext?
    private var timer: Scheduled<Void>?
    private var received = 0
    private var consumed = 0
    /// The connection holds back its reads (back-pressure): a frame left half-read is the
    /// server's doing, not the peer's, so it is not timed.
    private var paused = false

    init(timeout: Duration) {
        self.timeout = TimeAmount(timeout)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        // A new connection must send its HELLO in time too.
        if context.channel.isActive { restart() }
    }

    func channelActive(context: ChannelHandlerContext) {
        if timer == nil { restart() }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        received += unwrapInboundIn(data).readableBytes
        if timer == nil && received != consumed { restart() }
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        context.fireChannelInactive()
    }

    /// The connection stopped reading from its socket.
    func pause() {
        paused = true
        timer?.cancel()
        timer = nil
    }

    /// The connection reads again.
    func resume() {
        paused = false
        if timer == nil && received != consumed { restart() }
    }

    /// A frame of `bytes` bytes (header included) was received whole, or is being skipped.
    func frameReceived(bytes: Int) {
        consumed += bytes
        timer?.cancel()
        timer = nil
        if received != consumed { restart() }
    }

    private func restart() {
        guard let context, !paused else { return }
        timer?.cancel()
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
