import NIOCore
import NIOPosix

/// A bare frame echo over NIO, the practical limit of the sockets: frames with PlanWire's
/// 10-byte header (length, type, flags, stream id), which the server writes straight back.

/// Server side: sends every frame straight back.
final class EchoHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.write(data, promise: nil)
    }
    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
    }
}

/// Client side: frames requests and completes each caller's promise when its echo comes back,
/// in order.
// @unchecked Sendable: its state is touched only by its channel's pipeline, on the event loop.
final class RequestHandler: ChannelDuplexHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = (ByteBuffer, EventLoopPromise<ByteBuffer>)
    typealias OutboundOut = ByteBuffer
    private var waiting = CircularBuffer<EventLoopPromise<ByteBuffer>>()
    private var buffer = ByteBuffer()

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let (payload, response) = unwrapOutboundIn(data)
        waiting.append(response)
        var frame = context.channel.allocator.buffer(capacity: payload.readableBytes + 10)
        frame.writeInteger(UInt32(payload.readableBytes))
        frame.writeInteger(UInt8(3))
        frame.writeInteger(UInt8(0))
        frame.writeInteger(UInt32(1))
        frame.writeImmutableBuffer(payload)
        context.writeAndFlush(wrapOutboundOut(frame), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        buffer.writeBuffer(&bytes)
        while let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self),
            buffer.readableBytes >= 10 + Int(length)
        {
            buffer.moveReaderIndex(forwardBy: 10)
            let payload = buffer.readSlice(length: Int(length))!
            waiting.removeFirst().succeed(payload)
        }
        buffer.discardReadBytes()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        while let promise = waiting.popFirst() { promise.fail(error) }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        while let promise = waiting.popFirst() { promise.fail(ChannelError.ioOnClosedChannel) }
        context.fireChannelInactive()
    }
}

/// Starts a bare echo server on `host:port` (0: a free port).
func startBareEchoServer(host: String = "127.0.0.1", port: Int = 0) async throws -> any Channel {
    try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
        .childChannelInitializer { channel in
            channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(EchoHandler()) }
        }
        .bind(host: host, port: port).get()
}

/// Runs `calls` calls, `concurrency` at a time, over one new connection to a bare echo server.
func benchmarkBareEcho(
    host: String = "127.0.0.1", port: Int, payload: [UInt8], calls: Int, concurrency: Int, warmUp: Int = 200
) async throws -> BenchmarkResult {
    let client = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .channelOption(.socketOption(.tcp_nodelay), value: 1)
        .channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(RequestHandler()) }
        }
        .connect(host: host, port: port).get()
    let bytes = ByteBuffer(bytes: payload)
    let result = try await drive(calls: calls, concurrency: concurrency, warmUp: warmUp) {
        let promise = client.eventLoop.makePromise(of: ByteBuffer.self)
        client.writeAndFlush((bytes, promise), promise: nil)
        let echoed = try await promise.futureResult.get()
        guard echoed.getBytes(at: echoed.readerIndex, length: echoed.readableBytes) == payload else {
            throw WireLoadError("the echo differs from the request (\(echoed.readableBytes) bytes)")
        }
    }
    try await client.close()
    return result
}
