import GRPCCore
import NIOCore
import NIOEmbedded
import Synchronization
import Testing

@testable import PlanWire

/// The server connection handler on an `EmbeddedChannel`: frames in, frames out, timers on
/// the embedded loop's clock. No socket.
@Suite("Server connection handler, embedded")
struct ServerConnectionHandlerTests {
    typealias F = WireTestFrames

    /// Counts the reads that reach the head of the pipeline (the socket).
    final class ReadCounter: ChannelOutboundHandler, @unchecked Sendable {
        // @unchecked Sendable: used on the embedded loop only.
        typealias OutboundIn = Any
        var reads = 0
        func read(context: ChannelHandlerContext) {
            reads += 1
            context.read()
        }
    }

    /// The calls the handler started.
    final class Accepted: Sendable {
        let calls = Mutex<[AcceptedCall]>([])
        var count: Int { calls.withLock { $0.count } }
    }

    struct Harness {
        let channel: EmbeddedChannel
        let loop: EmbeddedEventLoop
        let accepted: Accepted
        let reads: ReadCounter

        init(_ configure: (inout PlanWireConfiguration) -> Void = { _ in }) throws {
            var configuration = PlanWireConfiguration()
            configure(&configuration)
            loop = EmbeddedEventLoop()
            channel = EmbeddedChannel(loop: loop)
            accepted = Accepted()
            reads = ReadCounter()
            let accepted = self.accepted
            let handler = ServerConnectionHandler(configuration: configuration, monitor: FrameProgressMonitor(timeout: .seconds(10))) { call in
                accepted.calls.withLock { $0.append(call) }
                return Task {}
            }
            try channel.pipeline.syncOperations.addHandlers([reads, handler])
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        }

        func send(_ frame: InboundFrame) throws {
            try channel.writeInbound(frame)
        }

        /// Every frame written so far (the flush coalescer's flush runs first).
        func written() throws -> [Frame] {
            loop.run()
            var frames: [Frame] = []
            while let frame = try channel.readOutbound(as: Frame.self) { frames.append(frame) }
            return frames
        }

        func trailers(_ frames: [Frame]) throws -> [UInt32: Trailers] {
            var result: [UInt32: Trailers] = [:]
            for frame in frames where frame.kind == .trailers {
                result[frame.streamID] = try Trailers(serializedBytes: Array(buffer: frame.payload))
            }
            return result
        }
    }

    @Test("HELLO is answered with the server's HELLO, advertising max_concurrent_calls and the metadata limits")
    func hello() throws {
        let harness = try Harness { $0.maxConcurrentCalls = 12 }
        try harness.send(F.hello())
        let frames = try harness.written()
        #expect(frames.map(\.kind) == [.hello])
        let hello = try Hello(serializedBytes: Array(buffer: frames[0].payload))
        #expect(hello.maxConcurrentCalls == 12)
        #expect(hello.maxMetadataSize == 16384)
        #expect(hello.maxMetadataEntries == 64)
    }

    @Test("the call over max_concurrent_calls gets UNAVAILABLE at once and is never handed to the server")
    func concurrentCalls() throws {
        let harness = try Harness { $0.maxConcurrentCalls = 100 }
        try harness.send(F.hello())
        for id in 1...101 { try harness.send(F.headers(stream: UInt32(id))) }
        #expect(harness.accepted.count == 100)
        let trailers = try harness.trailers(try harness.written())
        #expect(trailers.keys.sorted() == [101])
        #expect(trailers[101]?.code == UInt32(RPCError.Code.unavailable.rawValue))
        try harness.channel.close().wait()
    }

    @Test("a call without a deadline that gets no MESSAGE ends after firstMessageTimeout; one with a deadline at its deadline")
    func silentCalls() throws {
        let harness = try Harness { $0.firstMessageTimeout = .seconds(10) }
        try harness.send(F.hello())
        try harness.send(F.headers(stream: 1))
        try harness.send(F.headers(stream: 2, timeoutMicros: 2_000_000))
        try harness.send(F.headers(stream: 3))
        try harness.send(F.frame(.message, stream: 3, [1]))
        _ = try harness.written()
        harness.loop.advanceTime(by: .seconds(2))
        var trailers = try harness.trailers(try harness.written())
        #expect(trailers.keys.sorted() == [2])
        #expect(trailers[2]?.code == UInt32(RPCError.Code.deadlineExceeded.rawValue))
        harness.loop.advanceTime(by: .seconds(8))
        trailers = try harness.trailers(try harness.written())
        #expect(trailers.keys.sorted() == [1])
        #expect(trailers[1]?.message == "no request message within 10000 ms of the call's HEADERS")
        try harness.channel.close().wait()
    }

    @Test("a peer that does not read is not read from: no read passes while the channel is not writable")
    func writability() throws {
        let harness = try Harness()
        try harness.send(F.hello())
        harness.channel.read()
        #expect(harness.reads.reads == 1)
        harness.channel.isWritable = false
        harness.channel.pipeline.fireChannelWritabilityChanged()
        harness.channel.read()
        harness.channel.read()
        #expect(harness.reads.reads == 1)
        harness.channel.isWritable = true
        harness.channel.pipeline.fireChannelWritabilityChanged()
        #expect(harness.reads.reads == 2)
    }

    @Test("a call whose handler does not take its messages stops the reading once its buffer is full")
    func requestBuffer() throws {
        let harness = try Harness { $0.maxBufferedMessages = 4 }
        try harness.send(F.hello())
        try harness.send(F.headers(stream: 1))
        for _ in 0..<4 { try harness.send(F.frame(.message, stream: 1, [1])) }
        harness.channel.read()
        #expect(harness.reads.reads == 0)
        // Ending the call (here the client cancels it) opens the gate again.
        try harness.send(F.frame(.cancel, stream: 1))
        #expect(harness.reads.reads == 1)
    }

    @Test("a connection with no call for idleTimeout goes away in two steps and closes")
    func idle() throws {
        let harness = try Harness { $0.idleTimeout = .seconds(5) }
        try harness.send(F.hello())
        _ = try harness.written()
        harness.loop.advanceTime(by: .seconds(5))
        let notice = try harness.written()
        #expect(notice.map(\.kind) == [.goAway])
        let goAway = try GoAway(serializedBytes: Array(buffer: notice[0].payload))
        #expect(goAway.lastStreamID == .max)
        #expect(goAway.reason == "the connection had no call for 5000 ms; reconnect when needed")
        harness.loop.advanceTime(by: .milliseconds(500))
        let final = try harness.written()
        #expect(try final.map { try GoAway(serializedBytes: Array(buffer: $0.payload)).lastStreamID } == [0])
        #expect(!harness.channel.isActive)
    }

    @Test("a call open keeps the idle timer off; it starts again when the last call ends")
    func idleWithCall() throws {
        let harness = try Harness { $0.idleTimeout = .seconds(5); $0.firstMessageTimeout = nil }
        try harness.send(F.hello())
        try harness.send(F.headers(stream: 1))
        harness.loop.advanceTime(by: .seconds(6))
        #expect(try harness.written().filter { $0.kind == .goAway }.isEmpty)
        try harness.send(F.frame(.cancel, stream: 1))
        harness.loop.advanceTime(by: .seconds(5))
        #expect(try harness.written().map(\.kind) == [.goAway])
        try harness.channel.close().wait()
    }

    @Test("a protocol violation sends GOAWAY code 13 with the reason and closes")
    func violation() throws {
        let harness = try Harness()
        try harness.send(F.headers(stream: 1))
        let frames = try harness.written()
        #expect(frames.map(\.kind) == [.goAway])
        let goAway = try GoAway(serializedBytes: Array(buffer: frames[0].payload))
        #expect(goAway.code == 13)
        #expect(goAway.reason == "the first frame must be HELLO, not headers")
        #expect(!harness.channel.isActive)
    }

    @Test("the grace period ends calls still running with UNAVAILABLE and closes the connection")
    func gracePeriod() throws {
        let harness = try Harness { $0.gracePeriod = .seconds(2); $0.firstMessageTimeout = nil }
        try harness.send(F.hello())
        try harness.send(F.headers(stream: 1))
        _ = try harness.written()
        try harness.channel.pipeline.syncOperations.handler(type: ServerConnectionHandler.self).goAway(code: nil, reason: "the server is shutting down")
        harness.loop.advanceTime(by: .milliseconds(500))
        #expect(try harness.written().map(\.kind) == [.goAway, .goAway])
        #expect(harness.channel.isActive)
        harness.loop.advanceTime(by: .milliseconds(1500))
        let trailers = try harness.trailers(try harness.written())
        #expect(trailers[1]?.message == "the server's grace period ended before the call did")
        #expect(!harness.channel.isActive)
    }
}
