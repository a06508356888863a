import GRPCCore
import NIOCore
import NIOEmbedded
import Testing

@testable import PlanWire

/// The client connection handler on an `EmbeddedChannel`: no socket.
@Suite("Client connection handler, embedded")
struct ClientConnectionHandlerTests {
    typealias F = WireTestFrames

    struct Harness {
        let channel: EmbeddedChannel
        let loop: EmbeddedEventLoop
        let handler: ClientConnectionHandler
        let reads: ServerConnectionHandlerTests.ReadCounter

        init(_ configure: (inout PlanWireConfiguration) -> Void = { _ in }) throws {
            var configuration = PlanWireConfiguration()
            configuration.keepaliveInterval = nil
            configure(&configuration)
            loop = EmbeddedEventLoop()
            channel = EmbeddedChannel(loop: loop)
            handler = ClientConnectionHandler(configuration: configuration, eventLoop: loop)
            reads = ServerConnectionHandlerTests.ReadCounter()
            try channel.pipeline.syncOperations.addHandlers([reads, handler])
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        }

        func written() throws -> [Frame] {
            loop.run()
            var frames: [Frame] = []
            while let frame = try channel.readOutbound(as: Frame.self) { frames.append(frame) }
            return frames
        }

        /// Opens a call and writes its HEADERS; returns its responses.
        func open() throws -> ResponseParts {
            let (token, responses) = try handler.openCall()
            let headers = CallHeaders(method: "/test.Echo/Get", metadata: [:], timeoutMicros: nil, messageEncoding: "identity", acceptEncodings: ["identity"])
            handler.write(.headers(try headers.serializedBytes(), responses: responses.source), token: token, promise: nil)
            return responses.sequence
        }
    }

    @Test("the client says HELLO first; HEADERS take stream ids 1, 2 in the order they are written")
    func helloAndStreamIDs() throws {
        let harness = try Harness()
        #expect(try harness.written().map(\.kind) == [.hello])
        try harness.channel.writeInbound(F.hello())
        _ = try harness.open()
        _ = try harness.open()
        #expect(try harness.written().map { "\($0.kind) \($0.streamID)" } == ["headers 1", "headers 2"])
        try harness.channel.close().wait()
    }

    @Test("a call whose caller does not take its responses stops the reading; taking them resumes it")
    func responseBackPressure() async throws {
        let harness = try Harness { $0.maxBufferedMessages = 2 }
        try harness.channel.writeInbound(F.hello())
        let responses = try harness.open()
        try harness.channel.writeInbound(F.responseHeaders(stream: 1))
        try harness.channel.writeInbound(F.frame(.message, stream: 1, [1]))
        harness.channel.read()
        #expect(harness.reads.reads == 0)
        var iterator = responses.makeAsyncIterator()
        _ = try await iterator.next()
        _ = try await iterator.next()
        harness.loop.run()
        #expect(harness.reads.reads == 1)
        try harness.channel.close().wait()
    }

    @Test("the final GOAWAY fails the calls above its last stream id with UNAVAILABLE; the others go on")
    func goAway() async throws {
        let harness = try Harness()
        try harness.channel.writeInbound(F.hello())
        let first = try harness.open()
        let second = try harness.open()
        try harness.channel.writeInbound(F.goAway(lastStreamID: 1, reason: "shutting down"))
        var secondIterator = second.makeAsyncIterator()
        let error = await #expect(throws: RPCError.self) { _ = try await secondIterator.next() }
        #expect(error?.code == .unavailable)
        #expect(error?.message == "the server went away before starting the call: shutting down")
        try harness.channel.writeInbound(F.trailers(stream: 1))
        var firstIterator = first.makeAsyncIterator()
        guard case .status(let status, _) = try await firstIterator.next() else { Issue.record("no status"); return }
        #expect(status.code == .ok)
        // The last call ended after the server went away: the client closes the connection.
        harness.loop.run()
        #expect(!harness.channel.isActive)
    }
}
