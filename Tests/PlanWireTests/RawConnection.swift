import GRPCCore
import NIOCore
import NIOPosix
import Synchronization

@testable import PlanWire

/// A bare TCP connection that writes whatever bytes a test gives it and collects the frames the
/// server sends back, to test how the server meets a misbehaving peer.
final class RawConnection: Sendable {
    private final class Collector: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        var received = ByteBuffer()
        let closed: EventLoopPromise<Void>
        init(closed: EventLoopPromise<Void>) { self.closed = closed }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var bytes = unwrapInboundIn(data)
            received.writeBuffer(&bytes)
        }
        func channelInactive(context: ChannelHandlerContext) { closed.succeed(()) }
    }

    private let channel: any Channel
    private let collector: Collector

    init(_ endpoint: Endpoint) async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let collector = Collector(closed: group.next().makePromise())
        channel = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(collector) }
            }
            .connect(host: endpoint.host, port: endpoint.port).get()
        self.collector = collector
    }

    /// Sends raw bytes.
    func send(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(channel.allocator.buffer(bytes: bytes)).get()
    }

    /// Sends a frame.
    func send(_ kind: Frame.Kind, flags: Frame.Flags = [], stream: UInt32, _ payload: [UInt8] = []) async throws {
        var buffer = ByteBuffer()
        FrameEncoder.write(Frame(kind: kind, flags: flags, streamID: stream, payload: ByteBuffer(bytes: payload)), to: &buffer)
        try await send(Array(buffer: buffer))
    }

    /// Sends a HELLO.
    func hello() async throws {
        try await send(.hello, stream: 0, Hello(version: 1, maxMessageSize: 1 << 22, acceptEncodings: ["identity", "deflate"], agent: "raw test").serializedBytes())
    }

    /// Opens a call of `method` with messages in `encoding`, its answers asked in `accepting`.
    func open(
        stream: UInt32, method: String = "/test.Echo/Get", encoding: String = "identity", accepting: [String] = ["identity"]
    ) async throws {
        try await send(.headers, stream: stream, CallHeaders(method: method, metadata: [:], timeoutMicros: nil, messageEncoding: encoding, acceptEncodings: accepting).serializedBytes())
    }

    /// Whether the server closed the connection within `timeout`.
    func closedByServer(within timeout: Duration) async -> Bool {
        let result = await withTaskGroup(of: Bool.self) { group in
            group.addTask { (try? await self.collector.closed.futureResult.get()) != nil }
            group.addTask { try? await Task.sleep(for: timeout); return false }
            let first = await group.next()!
            group.cancelAll()
            return first
        }
        return result
    }

    /// The frames received so far.
    func frames() async throws -> [Frame] {
        let received = try await channel.eventLoop.submit { self.collector.received }.get()
        var buffer = received
        var decoder = FrameDecoder(maxMessageSize: 1 << 24)
        var frames: [Frame] = []
        while let next = try decoder.decode(buffer: &buffer) {
            if case .frame(let frame) = next { frames.append(frame) }
        }
        return frames
    }

    /// Waits until a frame matching `predicate` has arrived.
    func waitForFrame(_ predicate: @escaping (Frame) -> Bool) async throws -> Frame? {
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            if let frame = try await frames().first(where: predicate) { return frame }
            try await Task.sleep(for: .milliseconds(10))
        }
        return nil
    }

    /// The status of the call on `stream`, once its TRAILERS arrive.
    func trailers(stream: UInt32) async throws -> Trailers? {
        guard let frame = try await waitForFrame({ $0.kind == .trailers && $0.streamID == stream }) else { return nil }
        return try Trailers(serializedBytes: Array(buffer: frame.payload))
    }

    /// The reason the server gave when it went away.
    func goAway() async throws -> GoAway? {
        guard let frame = try await waitForFrame({ $0.kind == .goAway }) else { return nil }
        return try GoAway(serializedBytes: Array(buffer: frame.payload))
    }

    func close() async {
        try? await channel.close()
    }
}
