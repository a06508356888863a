import NIOCore

/// Flushes a channel once the event loop has run the writes already queued for it, so the
/// frames of a call that arrive together leave in one system call. Used on the event loop only.
final class FlushCoalescer: @unchecked Sendable {
    private var scheduled = false

    /// Writes `data` through `context` and makes sure a flush follows.
    func write(_ data: NIOAny, promise: EventLoopPromise<Void>?, context: ChannelHandlerContext) {
        context.write(data, promise: promise)
        guard !scheduled else { return }
        scheduled = true
        let channel = context.channel
        context.eventLoop.execute {
            self.scheduled = false
            channel.flush()
        }
    }
}
