import Foundation
import GRPCCore
import NIOCore
import NIOPosix
import PlanWire
import Testing

@Suite("PlanWire transport end to end on loopback", .timeLimit(.minutes(2)))
struct TransportTests {
    @Test("a unary call carries the message and metadata both ways")
    func unary() async throws {
        try await withEchoServer { endpoint, _ in
            try await withClient([endpoint]) { client in
                let response = try await client.unary(
                    request: ClientRequest(message: Array("你好".utf8), metadata: ["echo": "hello"]),
                    descriptor: EchoService.get, serializer: RawBytes(), deserializer: RawBytes(), options: .defaults
                ) { response in
                    (try response.message, response.metadata[stringValues: "echoed"].first(where: { _ in true }), response.trailingMetadata[stringValues: "served-by"].first(where: { _ in true }))
                }
                #expect(response.0 == Array("你好".utf8))
                #expect(response.1 == "hello")
                #expect(response.2 == "echo")
            }
        }
    }

    @Test("calls and handlers run on their connection's event loop when configured so, on the concurrency pool otherwise", arguments: [true, false])
    func callsOnEventLoop(_ onLoop: Bool) async throws {
        var configuration = PlanWireConfiguration()
        configuration.runsCallsOnEventLoop = onLoop
        configuration.runsHandlersOnEventLoop = onLoop
        try await withEchoServer(configuration: configuration) { endpoint, _ in
            try await withClient([endpoint], configuration: configuration) { client in
                for _ in 0..<3 {
                    let (server, client) = try await client.unary(
                        request: ClientRequest(message: []), descriptor: EchoService.whereRun,
                        serializer: RawBytes(), deserializer: RawBytes(), options: .defaults
                    ) { response in (try response.message, onEventLoop) }
                    #expect(server == [onLoop ? 1 : 0], "the server's handler")
                    #expect(client == onLoop, "the client's response handler")
                }
            }
        }
    }

    @Test("server-streaming, client-streaming and bidirectional calls")
    func streaming() async throws {
        try await withEchoServer { endpoint, _ in
            try await withClient([endpoint]) { client in
                let expanded = try await client.serverStreaming(
                    request: ClientRequest(message: [5]), descriptor: EchoService.expand,
                    serializer: RawBytes(), deserializer: RawBytes(), options: .defaults
                ) { response in
                    var all: [[UInt8]] = []
                    for try await message in response.messages { all.append(message) }
                    return all
                }
                #expect(expanded == [[0], [1], [2], [3], [4]])

                let collected = try await client.clientStreaming(
                    request: StreamingClientRequest { writer in
                        for byte in [UInt8](1...4) { try await writer.write([byte]) }
                    },
                    descriptor: EchoService.collect, serializer: RawBytes(), deserializer: RawBytes(), options: .defaults
                ) { try $0.message }
                #expect(collected == [1, 2, 3, 4])

                let updated = try await client.bidirectionalStreaming(
                    request: StreamingClientRequest { writer in
                        try await writer.write([1, 2])
                        try await writer.write([3, 4])
                    },
                    descriptor: EchoService.update, serializer: RawBytes(), deserializer: RawBytes(), options: .defaults
                ) { response in
                    var all: [[UInt8]] = []
                    for try await message in response.messages { all.append(message) }
                    return all
                }
                #expect(updated == [[2, 1], [4, 3]])
            }
        }
    }

    @Test("many concurrent calls share one connection")
    func concurrentCalls() async throws {
        let calls = 200
        try await withEchoServer { endpoint, _ in
            try await withClient([endpoint]) { client in
                try await withThrowingTaskGroup(of: Bool.self) { group in
                    for index in 0..<calls {
                        group.addTask {
                            let message = Array("call \(index)".utf8)
                            return try await client.echo(message) == message
                        }
                    }
                    var ok = 0
                    for try await result in group where result { ok += 1 }
                    #expect(ok == calls)
                }
            }
        }
    }

    @Test("messages above the threshold travel compressed and arrive intact")
    func compression() async throws {
        var configuration = PlanWireConfiguration()
        configuration.compression = .deflate(threshold: 64)
        let large = Array(String(repeating: "应交付产出 ", count: 20_000).utf8)
        try await withEchoServer(configuration: configuration) { endpoint, _ in
            try await withClient([endpoint], configuration: configuration) { client in
                let echoedLarge = try await client.echo(large)
                let echoedSmall = try await client.echo([1, 2, 3])
                #expect(echoedLarge == large)
                #expect(echoedSmall == [1, 2, 3])
            }
        }
    }

    @Test("a client sends uncompressed messages to a server whose HELLO accepts no compression")
    func negotiatedEncoding() async throws {
        var server = PlanWireConfiguration()
        server.acceptsCompressedMessages = false
        let large = [UInt8](repeating: 42, count: 100_000)
        try await withEchoServer(configuration: server) { endpoint, _ in
            let echoed = try await withClient([endpoint]) { client in try await client.echo(large) }
            #expect(echoed == large)
        }
    }

    @Test("a message over the server's limit gets RESOURCE_EXHAUSTED and the connection goes on")
    func oversizedMessage() async throws {
        var server = PlanWireConfiguration()
        server.maxMessageSize = 1024
        var client = PlanWireConfiguration()
        client.compression = .disabled
        try await withEchoServer(configuration: server) { endpoint, _ in
            try await withClient([endpoint], configuration: client) { client in
                let error = await #expect(throws: RPCError.self) { try await client.echo([UInt8](repeating: 7, count: 4096)) }
                #expect(error?.code == .resourceExhausted)
                #expect(error?.message.contains("4096") == true)
                let next = try await client.echo([9])
                #expect(next == [9])
            }
        }
    }

    @Test("the deadline travels with the call and the server enforces it")
    func deadline() async throws {
        try await withEchoServer { endpoint, service in
            try await withClient([endpoint]) { client in
                _ = try await client.echo([0])  // connected, so the deadline is spent on the server
                var options = CallOptions.defaults
                options.timeout = .milliseconds(200)
                let error = await #expect(throws: RPCError.self) {
                    try await client.unary(
                        request: ClientRequest(message: []), descriptor: EchoService.wait, serializer: RawBytes(),
                        deserializer: RawBytes(), options: options) { try $0.message }
                }
                #expect(error?.code == .deadlineExceeded)
                try await waitUntil { service.cancelledWaits.load(ordering: .relaxed) == 1 }
            }
        }
    }

    @Test("cancelling a call on the client cancels the server handler")
    func cancellation() async throws {
        try await withEchoServer { endpoint, service in
            try await withClient([endpoint]) { client in
                let call = Task {
                    try await client.unary(
                        request: ClientRequest(message: []), descriptor: EchoService.wait, serializer: RawBytes(),
                        deserializer: RawBytes(), options: .defaults) { try $0.message }
                }
                try await waitUntil { service.startedWaits.load(ordering: .relaxed) == 1 }
                call.cancel()
                _ = await call.result
                try await waitUntil { service.cancelledWaits.load(ordering: .relaxed) == 1 }
            }
        }
    }

    @Test("calls are balanced round-robin over the endpoints that are up")
    func roundRobin() async throws {
        try await withEchoServer { first, firstService in
            try await withEchoServer { second, secondService in
                let down = Endpoint(host: "127.0.0.1", port: 1)
                let transport = PlanWireClientTransport(endpoints: [first, second, down])
                try await withGRPCClient(transport: transport) { client in
                    try await waitUntil { transport.readyEndpoints == [first, second] }
                    for _ in 0..<20 { _ = try await client.echo([1]) }
                }
                #expect(firstService.gets.load(ordering: .relaxed) == 10)
                #expect(secondService.gets.load(ordering: .relaxed) == 10)
            }
        }
    }

    @Test("with a connection per event loop, a call made on a loop goes out on that loop's connection")
    func connectionPerEventLoop() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        var configuration = PlanWireConfiguration()
        configuration.connectsOnEveryEventLoop = true
        configuration.runsCallsOnEventLoop = true
        try await withEchoServer { endpoint, _ in
            let transport = PlanWireClientTransport(endpoints: [endpoint], configuration: configuration, eventLoopGroup: group)
            try await withGRPCClient(transport: transport) { client in
                try await waitUntil { transport.readyConnectionCount == 2 }
                var peers: [[String]] = []
                for loop in group.makeIterator() {
                    let executor = EventLoopTaskExecutor(loop)
                    var seen: [String] = []
                    for _ in 0..<4 {
                        seen.append(try await withTaskExecutorPreference(executor) { try await client.peer() })
                    }
                    peers.append(seen)
                }
                #expect(peers.count == 2)
                #expect(peers.allSatisfy { Set($0).count == 1 }, "each loop's calls took one connection: \(peers)")
                #expect(Set(peers.map(\.[0])).count == 2, "the two loops' calls took two connections: \(peers)")
                // Calls made off the loops take whichever connection is ready.
                let off = try await client.peer()
                #expect(peers.contains { $0[0] == off })
            }
        }
        try await group.shutdownGracefully()
    }

    @Test("when every endpoint's last attempt to connect failed, a call fails at once unless it waits for ready")
    func failFastUnlessWaitForReady() async throws {
        // A port that was free a moment ago: nothing listens on it until the server below.
        let port = try await withEchoServer { endpoint, _ in endpoint.port }
        let endpoint = Endpoint(host: "127.0.0.1", port: port)
        try await withClient([endpoint]) { client in
            // The first call may wait while the first attempt is made; once it has failed,
            // calls fail at once with UNAVAILABLE saying so.
            var failedFast: RPCError?
            for _ in 0..<50 where failedFast == nil {
                do {
                    _ = try await client.echo([1], options: { var o = CallOptions.defaults; o.timeout = .seconds(1); return o }())
                    Issue.record("a call succeeded with no server")
                } catch let error as RPCError where error.message.contains("the last attempt to connect") {
                    failedFast = error
                } catch {}
            }
            #expect(failedFast?.code == .unavailable)
            // A call that waits for ready rides out the outage and is served once the server is up.
            var waiting = CallOptions.defaults
            waiting.waitForReady = true
            waiting.timeout = .seconds(20)
            let answer = Task { try await client.echo([7], options: waiting) }
            try await Task.sleep(for: .milliseconds(300))
            let served = try await withEchoServer(port: port) { _, _ in try await answer.value }
            #expect(served == [7])
        }
    }
}

/// Polls `condition` for up to five seconds.
func waitUntil(_ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(5)
    while !condition() {
        guard ContinuousClock.now < deadline else {
            Issue.record("condition not met within 5 seconds")
            return
        }
        try await Task.sleep(for: .milliseconds(10))
    }
}
