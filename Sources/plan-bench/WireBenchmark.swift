import Foundation
import GRPCCore
import GRPCInProcessTransport
import NIOCore
import NIOPosix
import PlanWire
import PlanAPI

/// Unary calls per second and latency percentiles over loopback, with 1 and 16 calls in flight,
/// for the PlanWire transport under GRPCCore, for a bare frame echo over the same kind of socket
/// (the practical limit of the sockets), and for GRPCCore with its in-process transport (the
/// cost of GRPCCore itself, no sockets): all send the same 2,721-byte payload each way.
func runWireBenchmark(calls: Int) async throws {
    let payload = (0..<2721).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    print("payload \(payload.count) bytes each way, \(calls) calls per row, loopback")
    print("                                        calls/s        p50 µs     p99 µs")
    for concurrency in [1, 16] {
        let echo = try await benchmarkBareEcho(payload: payload, calls: calls, concurrency: concurrency)
        report("bare frame echo, \(concurrency) in flight", echo)
        let inProcess = try await benchmarkInProcess(payload: payload, calls: calls, concurrency: concurrency)
        report("GRPCCore in-process, \(concurrency) in flight", inProcess)
        let wire = try await benchmarkPlanWire(payload: payload, calls: calls, concurrency: concurrency)
        report("PlanWire + GRPCCore, \(concurrency) in flight", wire)
        print(String(format: "  ratio PlanWire / bare echo (calls/s): %.2f", wire.callsPerSecond / echo.callsPerSecond))
        let floor = 1 / (1 / echo.callsPerSecond + 1 / inProcess.callsPerSecond)
        print(String(format: "  ratio PlanWire / (bare echo + GRPCCore's own cost): %.2f", wire.callsPerSecond / floor))
    }
}

struct BenchmarkResult {
    var callsPerSecond: Double
    var p50: Double
    var p99: Double
}

func report(_ label: String, _ result: BenchmarkResult) {
    print(label.padding(toLength: 38, withPad: " ", startingAt: 0) + String(format: " %9.0f   %9.1f  %9.1f", result.callsPerSecond, result.p50, result.p99))
}

/// Runs `calls` calls, `concurrency` at a time, timing each.
func drive(calls: Int, concurrency: Int, _ call: @escaping @Sendable () async throws -> Void) async throws -> BenchmarkResult {
    for _ in 0..<200 { try await call() }  // warm-up
    let start = ContinuousClock.now
    let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
        for worker in 0..<concurrency {
            let share = calls / concurrency + (worker < calls % concurrency ? 1 : 0)
            group.addTask {
                var samples: [Double] = []
                samples.reserveCapacity(share)
                for _ in 0..<share {
                    let begin = ContinuousClock.now
                    try await call()
                    let elapsed = ContinuousClock.now - begin
                    samples.append(Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12)
                }
                return samples
            }
        }
        var all: [Double] = []
        for try await samples in group { all += samples }
        return all.sorted()
    }
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return BenchmarkResult(
        callsPerSecond: Double(calls) / seconds, p50: latencies[latencies.count / 2],
        p99: latencies[min(latencies.count - 1, latencies.count * 99 / 100)])
}

// MARK: - PlanWire

private struct RawBytes: MessageSerializer, MessageDeserializer {
    func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes { Bytes(message) }
    func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> [UInt8] {
        serializedMessageBytes.withUnsafeBytes { Array($0) }
    }
}

private struct EchoService: RegistrableRPCService {
    static let get = MethodDescriptor(fullyQualifiedService: "bench.Echo", method: "Get")
    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        router.registerHandler(forMethod: Self.get, deserializer: RawBytes(), serializer: RawBytes()) { request, _ in
            let message = try await ServerRequest(stream: request).message
            return StreamingServerResponse(single: ServerResponse(message: message))
        }
    }
}

private func benchmarkPlanWire(payload: [UInt8], calls: Int, concurrency: Int) async throws -> BenchmarkResult {
    var configuration = PlanWireConfiguration()
    configuration.compression = .disabled
    let serverTransport = PlanWireServerTransport(host: "127.0.0.1", port: 0, configuration: configuration)
    return try await withGRPCServer(transport: serverTransport, services: [EchoService()]) { _ in
        let port = try await serverTransport.listeningAddress.port!
        let clientTransport = PlanWireClientTransport(endpoints: [Endpoint(host: "127.0.0.1", port: port)], configuration: configuration)
        return try await withGRPCClient(transport: clientTransport) { client in
            try await drive(calls: calls, concurrency: concurrency) {
                let echoed = try await client.unary(
                    request: ClientRequest(message: payload), descriptor: EchoService.get, serializer: RawBytes(),
                    deserializer: RawBytes(), options: .defaults) { try $0.message }
                precondition(echoed.count == payload.count)
            }
        }
    }
}

// MARK: - GRPCCore in process

private func benchmarkInProcess(payload: [UInt8], calls: Int, concurrency: Int) async throws -> BenchmarkResult {
    let transport = InProcessTransport()
    return try await withGRPCServer(transport: transport.server, services: [EchoService()]) { _ in
        try await withGRPCClient(transport: transport.client) { client in
            try await drive(calls: calls, concurrency: concurrency) {
                let echoed = try await client.unary(
                    request: ClientRequest(message: payload), descriptor: EchoService.get, serializer: RawBytes(),
                    deserializer: RawBytes(), options: .defaults) { try $0.message }
                precondition(echoed.count == payload.count)
            }
        }
    }
}

// MARK: - Bare frame echo

/// Server side: sends every frame straight back.
private final class EchoHandler: ChannelInboundHandler, Sendable {
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
private final class RequestHandler: ChannelDuplexHandler, @unchecked Sendable {
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
}

private func benchmarkBareEcho(payload: [UInt8], calls: Int, concurrency: Int) async throws -> BenchmarkResult {
    let group = MultiThreadedEventLoopGroup.singleton
    let server = try await ServerBootstrap(group: group)
        .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
        .childChannelInitializer { channel in
            channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(EchoHandler()) }
        }
        .bind(host: "127.0.0.1", port: 0).get()
    let client = try await ClientBootstrap(group: group)
        .channelOption(.socketOption(.tcp_nodelay), value: 1)
        .channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(RequestHandler()) }
        }
        .connect(host: "127.0.0.1", port: server.localAddress!.port!).get()
    let bytes = ByteBuffer(bytes: payload)
    let result = try await drive(calls: calls, concurrency: concurrency) {
        let promise = client.eventLoop.makePromise(of: ByteBuffer.self)
        client.writeAndFlush((bytes, promise), promise: nil)
        let echoed = try await promise.futureResult.get()
        precondition(echoed.readableBytes == payload.count)
    }
    try await client.close()
    try await server.close()
    return result
}
