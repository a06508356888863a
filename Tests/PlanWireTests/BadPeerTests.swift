import GRPCCore
import NIOCore
import Testing

@testable import PlanWire

/// Bad input never takes the server down or affects other connections: each bad frame gets a
/// status on its call, or the connection is closed with a reason.
@Suite("The server meets bad peers", .timeLimit(.minutes(2)))
struct BadPeerTests {
    private var fastTimeouts: PlanWireConfiguration {
        var configuration = PlanWireConfiguration()
        configuration.handshakeTimeout = .milliseconds(300)
        return configuration
    }

    /// Checks that a well-behaved client is still served.
    private func stillServes(_ endpoint: Endpoint) async throws {
        let echoed = try await withClient([endpoint]) { client in try await client.echo([4, 2]) }
        #expect(echoed == [4, 2])
    }

    @Test("a peer that connects and sends nothing is closed after the handshake timeout")
    func silentPeer() async throws {
        try await withEchoServer(configuration: fastTimeouts) { endpoint, _ in
            let silent = try await RawConnection(endpoint)
            try await stillServes(endpoint)
            #expect(await silent.closedByServer(within: .seconds(3)))
            #expect(try await silent.goAway()?.reason.contains("no complete frame") == true)
        }
    }

    @Test("a peer that sends one byte at a time and never finishes a frame is closed")
    func slowPeer() async throws {
        try await withEchoServer(configuration: fastTimeouts) { endpoint, _ in
            let slow = try await RawConnection(endpoint)
            try await slow.hello()
            let drip = Task {
                for byte: UInt8 in [0, 0, 0, 200, 3, 0, 0, 0, 0, 1] {
                    try? await slow.send([byte])
                    try? await Task.sleep(for: .milliseconds(100))
                }
            }
            try await stillServes(endpoint)
            #expect(await slow.closedByServer(within: .seconds(3)))
            drip.cancel()
        }
    }

    @Test("a partial frame that arrives with a complete one is timed too")
    func partialBehindComplete() async throws {
        try await withEchoServer(configuration: fastTimeouts) { endpoint, _ in
            let peer = try await RawConnection(endpoint)
            var bytes = try Hello(version: 1, maxMessageSize: 1024, acceptEncodings: ["identity"], agent: "raw").serializedBytes()
            bytes = [0, 0, 0, UInt8(bytes.count), 1, 0, 0, 0, 0, 0] + bytes
            bytes += [0, 0, 0, 50, 2, 0, 0, 0, 0, 1, 10]  // the start of a 50-byte HEADERS
            try await peer.send(bytes)
            #expect(await peer.closedByServer(within: .seconds(3)))
            #expect(try await peer.goAway()?.reason.contains("no complete frame") == true)
        }
    }

    @Test("the first frame must be HELLO")
    func noHello() async throws {
        try await withEchoServer { endpoint, _ in
            let peer = try await RawConnection(endpoint)
            try await peer.open(stream: 1)
            #expect(try await peer.goAway()?.reason == "the first frame must be HELLO, not headers")
            #expect(await peer.closedByServer(within: .seconds(3)))
            try await stillServes(endpoint)
        }
    }

    @Test("an unknown frame kind closes the connection with a reason")
    func unknownKind() async throws {
        try await withEchoServer { endpoint, _ in
            let peer = try await RawConnection(endpoint)
            try await peer.hello()
            try await peer.send([0, 0, 0, 0, 99, 0, 0, 0, 0, 1])
            #expect(try await peer.goAway()?.reason == "unknown frame kind 99 on stream 1")
            #expect(await peer.closedByServer(within: .seconds(3)))
            try await stillServes(endpoint)
        }
    }

    @Test("a frame for a stream that was never opened closes the connection with a reason")
    func unknownStream() async throws {
        try await withEchoServer { endpoint, _ in
            let peer = try await RawConnection(endpoint)
            try await peer.hello()
            try await peer.send(.message, stream: 9, [1, 2, 3])
            #expect(try await peer.goAway()?.reason == "message frame for stream 9, which was never opened")
            #expect(await peer.closedByServer(within: .seconds(3)))
        }
    }

    @Test("malformed call headers get INTERNAL on that call and the connection goes on")
    func invalidProtobuf() async throws {
        try await withEchoServer { endpoint, _ in
            let peer = try await RawConnection(endpoint)
            try await peer.hello()
            try await peer.send(.headers, stream: 1, [0xFF, 0xFF, 0xFF])
            let trailers = try #require(try await peer.trailers(stream: 1))
            #expect(trailers.code == UInt32(RPCError.Code.internalError.rawValue))
            #expect(trailers.message.hasPrefix("malformed call headers"))
            // The same connection still takes calls.
            try await peer.open(stream: 3)
            try await peer.send(.message, stream: 3, [7])
            try await peer.send(.halfClose, stream: 3)
            #expect(try await peer.trailers(stream: 3)?.code == 0)
        }
    }

    @Test("corrupt compressed data gets INTERNAL, a decompression bomb RESOURCE_EXHAUSTED")
    func badCompression() async throws {
        try await withEchoServer { endpoint, _ in
            let peer = try await RawConnection(endpoint)
            try await peer.hello()
            try await peer.open(stream: 1, encoding: "deflate")
            try await peer.send(.message, flags: .compressed, stream: 1, [0x78, 0x9C, 1, 2, 3, 4, 5])
            #expect(try await peer.trailers(stream: 1)?.code == UInt32(RPCError.Code.internalError.rawValue))
            try await peer.open(stream: 3, encoding: "deflate")
            try await peer.send(.message, flags: .compressed, stream: 3, Zlib.compress([UInt8](repeating: 0, count: 20_000_000), level: 9))
            let bomb = try #require(try await peer.trailers(stream: 3))
            #expect(bomb.code == UInt32(RPCError.Code.resourceExhausted.rawValue))
            #expect(bomb.message.contains("inflates past the limit"))
        }
    }

    @Test("a large answer goes deflated only to a call that accepts deflate")
    func answersInTheAcceptedEncoding() async throws {
        var configuration = PlanWireConfiguration()
        configuration.compression = .deflate(threshold: 64)
        let large = Array(String(repeating: "应交付产出 ", count: 2_000).utf8)
        try await withEchoServer(configuration: configuration) { endpoint, _ in
            let peer = try await RawConnection(endpoint)
            try await peer.hello()
            for (stream, accepting) in [(UInt32(1), ["identity"]), (3, ["identity", "deflate"])] {
                try await peer.open(stream: stream, accepting: accepting)
                try await peer.send(.message, stream: stream, large)
                try await peer.send(.halfClose, stream: stream)
                #expect(try await peer.trailers(stream: stream)?.code == 0)
            }
            let answers = try await peer.frames().filter { $0.kind == .message }
            let identity = try #require(answers.first { $0.streamID == 1 })
            let deflated = try #require(answers.first { $0.streamID == 3 })
            #expect(!identity.flags.contains(.compressed) && Array(buffer: identity.payload) == large)
            #expect(deflated.flags.contains(.compressed) && deflated.payload.readableBytes < large.count)
        }
    }

    @Test("the gateway's backend setting sends and asks for messages as they are; on, deflated")
    func backendCompressionSetting() {
        var configuration = PlanWireConfiguration()
        configuration.setCompression(enabled: false)
        #expect(configuration.compression == .disabled && !configuration.acceptsCompressedMessages)
        configuration.setCompression(enabled: true)
        #expect(configuration.compression == .deflate(threshold: 4096) && configuration.acceptsCompressedMessages)
    }

    @Test("a call in an encoding the server does not accept gets UNIMPLEMENTED")
    func unacceptedEncoding() async throws {
        var configuration = PlanWireConfiguration()
        configuration.acceptsCompressedMessages = false
        try await withEchoServer(configuration: configuration) { endpoint, _ in
            let peer = try await RawConnection(endpoint)
            try await peer.hello()
            try await peer.open(stream: 1, encoding: "deflate")
            let trailers = try #require(try await peer.trailers(stream: 1))
            #expect(trailers.code == UInt32(RPCError.Code.unimplemented.rawValue))
            #expect(trailers.message == "message encoding 'deflate' is not accepted; this server accepts identity")
            try await peer.open(stream: 3, encoding: "br")
            #expect(try await peer.trailers(stream: 3)?.code == UInt32(RPCError.Code.unimplemented.rawValue))
        }
    }

    @Test("connection-level frames off stream 0, and a PING that is not 8 bytes, close the connection")
    func streamZero() async throws {
        try await withEchoServer { endpoint, _ in
            let peer = try await RawConnection(endpoint)
            try await peer.hello()
            try await peer.send(.ping, stream: 3, [0, 0, 0, 0, 0, 0, 0, 1])
            #expect(try await peer.goAway()?.reason == "ping frame on stream 3; it belongs on stream 0")
            let other = try await RawConnection(endpoint)
            try await other.hello()
            try await other.send(.ping, stream: 0, [1, 2, 3])
            #expect(try await other.goAway()?.reason == "PING payload of 3 bytes; it must be 8")
        }
    }

    @Test("a compressed message on a call opened as identity gets UNIMPLEMENTED")
    func unexpectedCompression() async throws {
        try await withEchoServer { endpoint, _ in
            let peer = try await RawConnection(endpoint)
            try await peer.hello()
            try await peer.open(stream: 1)
            try await peer.send(.message, flags: .compressed, stream: 1, Zlib.compress([1, 2, 3]))
            #expect(try await peer.trailers(stream: 1)?.code == UInt32(RPCError.Code.unimplemented.rawValue))
        }
    }

    @Test("a length prefix over the limit gets RESOURCE_EXHAUSTED before the payload is buffered")
    func oversizedPrefix() async throws {
        var configuration = PlanWireConfiguration()
        configuration.maxMessageSize = 1000
        try await withEchoServer(configuration: configuration) { endpoint, _ in
            let peer = try await RawConnection(endpoint)
            try await peer.hello()
            try await peer.open(stream: 1)
            // Claims 2 GB; only the header is ever sent.
            try await peer.send([0x80, 0, 0, 0, 3, 0, 0, 0, 0, 1])
            let trailers = try #require(try await peer.trailers(stream: 1))
            #expect(trailers.code == UInt32(RPCError.Code.resourceExhausted.rawValue))
            #expect(trailers.message.contains("2147483648"))
        }
    }

    @Test("a truncated frame followed by a closed socket leaves the server serving")
    func truncated() async throws {
        try await withEchoServer { endpoint, _ in
            let peer = try await RawConnection(endpoint)
            try await peer.hello()
            try await peer.send([0, 0, 0, 50, 2, 0, 0, 0, 0, 1, 10, 3])
            await peer.close()
            try await stillServes(endpoint)
        }
    }
}
