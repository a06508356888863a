import NIOCore
import NIOPosix

/// A bare byte relay over NIO, the practical limit of any front that forwards calls to a
/// backend in another process (what plan-gateway's binary front is, with PlanWire and GRPCCore
/// on both of its sides): every accepted connection gets one connection to the upstream, and
/// bytes go across both ways as they arrive, unparsed, on one event loop. scripts/bench-gateway.sh
/// measures the bare echo directly and through this relay in the same run as the gateway.
///
/// Benchmark use only: it forwards without back-pressure (the benchmark's clients bound what is
/// in flight).

/// One side of a relayed connection: what it reads, its partner writes.
// @unchecked Sendable: `partner` is set before the channel reads and used only on its event
// loop, which both sides of a relayed connection share.
final class RelayHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    var partner: (any Channel)?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        partner?.write(data, promise: nil)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        partner?.flush()
    }

    func channelInactive(context: ChannelHandlerContext) {
        partner?.close(promise: nil)
        partner = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

/// Starts a bare relay on `host:port` (0: a free port) to `upstreamHost:upstreamPort`.
func startBareRelay(host: String = "127.0.0.1", port: Int = 0, upstreamHost: String, upstreamPort: Int) async throws -> any Channel {
    try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
        .childChannelInitializer { downstream in
            // The accepted connection is registered (and starts reading) once its upstream is
            // connected and the two are joined.
            let inbound = RelayHandler()
            return ClientBootstrap(group: downstream.eventLoop)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { upstream in
                    upstream.eventLoop.makeCompletedFuture {
                        let outbound = RelayHandler()
                        outbound.partner = downstream
                        try upstream.pipeline.syncOperations.addHandler(outbound)
                    }
                }
                .connect(host: upstreamHost, port: upstreamPort)
                .flatMapThrowing { upstream in
                    inbound.partner = upstream
                    try downstream.pipeline.syncOperations.addHandler(inbound)
                }
        }
        .bind(host: host, port: port).get()
}
