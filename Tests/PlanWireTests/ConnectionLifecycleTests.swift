import GRPCCore
import NIOCore
import NIOPosix
import Synchronization
import Testing

@testable import PlanWire

@Suite("Connections: shutdown, age, reconnection and keepalive", .timeLimit(.minutes(1)))
struct ConnectionLifecycleTests {
    @Test("a graceful shutdown refuses new calls and lets calls in flight finish")
    func gracefulShutdown() async throws {
        let transport = PlanWireServerTransport(host: "127.0.0.1", port: 0)
        var clientConfiguration = PlanWireConfiguration()
        clientConfiguration.handshakeTimeout = .seconds(2)
        try await withGRPCServer(transport: transport, services: [EchoService()]) { server in
            let endpoint = Endpoint(host: "127.0.0.1", port: try await transport.listeningAddress.port!)
            let clientTransport = PlanWireClientTransport(endpoints: [endpoint], configuration: clientConfiguration)
            try await withGRPCClient(transport: clientTransport) { client in
                _ = try await client.echo([0])  // connected
                async let inFlight = client.slow(30)  // 300 ms
                try await Task.sleep(for: .milliseconds(100))
                server.beginGracefulShutdown()
                // Once the client has heard the GOAWAY, a new call finds no server to go to.
                try await waitUntil { clientTransport.readyEndpoints.isEmpty }
                try await Task.sleep(for: .milliseconds(100))
                let refused = await #expect(throws: RPCError.self) { try await client.echo([1]) }
                #expect(refused?.code == .unavailable)
                let finished = try await inFlight
                #expect(finished == [30])
            }
        }
    }

    @Test("a connection past its maximum age is replaced without failing a call")
    func maxConnectionAge() async throws {
        var configuration = PlanWireConfiguration()
        configuration.maxConnectionAge = .milliseconds(150)
        configuration.gracePeriod = .seconds(2)
        try await withEchoServer(configuration: configuration) { endpoint, service in
            try await withClient([endpoint]) { client in
                // 40 calls spread over at least 800 ms: several connection lifetimes.
                for index in 0..<40 {
                    let echoed = try await client.echo([UInt8(index)])
                    #expect(echoed == [UInt8(index)])
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
            #expect(service.peers.withLock { $0.count } >= 2)
        }
    }

    @Test("the client reconnects with backoff when the server comes back")
    func reconnect() async throws {
        let port = try await freePort()
        let endpoint = Endpoint(host: "127.0.0.1", port: port)
        var configuration = PlanWireConfiguration()
        configuration.handshakeTimeout = .milliseconds(200)
        configuration.reconnectBackoff = (.milliseconds(50), .milliseconds(200))
        try await withClient([endpoint], configuration: configuration) { client in
            let down = await #expect(throws: RPCError.self) { try await client.echo([1]) }
            #expect(down?.code == .unavailable)
            try await withEchoServer(port: port) { _, _ in
                var echoed: [UInt8]?
                let deadline = ContinuousClock.now + .seconds(5)
                while echoed == nil, ContinuousClock.now < deadline {
                    echoed = try? await client.echo([2])
                }
                #expect(echoed == [2])
            }
        }
    }

    @Test("keepalive pings are answered, and a peer that stops answering is dropped")
    func keepalive() async throws {
        var configuration = PlanWireConfiguration()
        configuration.keepaliveInterval = .milliseconds(50)
        configuration.keepaliveTimeout = .seconds(1)
        configuration.handshakeTimeout = .seconds(5)  // a loaded machine may connect slowly
        // A live server answers: the connection stays up across many pings.
        try await withEchoServer { endpoint, service in
            try await withClient([endpoint], configuration: configuration) { client in
                _ = try await client.echo([1])
                try await Task.sleep(for: .milliseconds(400))
                _ = try await client.echo([2])
            }
            #expect(service.peers.withLock { $0.count } == 1)
        }
        // A server that says HELLO and then nothing: the client closes and reconnects.
        let mute = try await MuteServer.start()
        let transport = PlanWireClientTransport(endpoints: [mute.endpoint], configuration: configuration)
        try await withGRPCClient(transport: transport) { _ in
            try await waitUntil { mute.accepted.value.load(ordering: .relaxed) >= 2 }
        }
        try await mute.channel.close()
    }
}

/// A TCP server that answers HELLO and then ignores everything, counting connections.
final class MuteServer: Sendable {
    let channel: any Channel
    let endpoint: Endpoint
    /// Connections accepted so far.
    let accepted: Counter

    final class Counter: Sendable {
        let value = Atomic<Int>(0)
    }

    final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        var greeted = false
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard !greeted else { return }
            greeted = true
            var out = ByteBuffer()
            let hello = try! Hello(version: 1, maxMessageSize: 1024, acceptEncodings: ["identity"], agent: "mute").serializedBytes()
            FrameEncoder.write(Frame(kind: .hello, streamID: 0, payload: ByteBuffer(bytes: hello)), to: &out)
            context.writeAndFlush(NIOAny(out), promise: nil)
        }
    }

    private init(channel: any Channel, accepted: Counter) {
        self.channel = channel
        self.endpoint = Endpoint(host: "127.0.0.1", port: channel.localAddress!.port!)
        self.accepted = accepted
    }

    static func start() async throws -> MuteServer {
        let accepted = Counter()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                accepted.value.add(1, ordering: .relaxed)
                return channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Handler()) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return MuteServer(channel: channel, accepted: accepted)
    }
}

/// A loopback port that is free right now.
func freePort() async throws -> Int {
    let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
    let port = channel.localAddress!.port!
    try await channel.close()
    return port
}
