import GRPCCore
import NIOCore
import Testing

@testable import PlanWire

/// The server's rules of PROTOCOL.md, on the state machine as a plain value: no socket, no
/// event loop.
@Suite("Server connection state machine")
struct ServerConnectionStateMachineTests {
    typealias Machine = ServerConnectionStateMachine
    typealias F = WireTestFrames

    private static func machine(_ configure: (inout PlanWireConfiguration) -> Void = { _ in }) -> Machine {
        var configuration = PlanWireConfiguration()
        configure(&configuration)
        return Machine(settings: .init(configuration))
    }

    /// A machine that has received the client's HELLO.
    private static func greeted(_ configure: (inout PlanWireConfiguration) -> Void = { _ in }) -> Machine {
        var machine = machine(configure)
        _ = machine.receive(F.hello())
        return machine
    }

    private static func violation(_ action: Machine.Action) -> String? {
        if case .closeForViolation(let goAway) = action {
            #expect(goAway.code == 13)
            return goAway.reason
        }
        return nil
    }

    private static func refusal(_ action: Machine.Action) -> RPCError? {
        if case .refuseCall(_, let error) = action { return error }
        return nil
    }

    private static func ended(_ action: Machine.Action) -> (RPCError, trailers: Bool, then: Machine.AfterCall)? {
        if case .endCall(_, let error, let trailers, let then) = action { return (error, trailers, then) }
        return nil
    }

    @Test("HELLO first, once, version 1; the reply advertises the server's limits")
    func hello() throws {
        var machine = Self.machine { $0.maxConcurrentCalls = 7; $0.maxMetadataSize = 1000; $0.maxMetadataEntries = 9 }
        #expect(Self.violation(machine.receive(F.headers(stream: 1))) == "the first frame must be HELLO, not headers")
        #expect(machine.receive(F.hello()) == .none)  // closed: nothing more happens

        machine = Self.machine { $0.maxConcurrentCalls = 7; $0.maxMetadataSize = 1000; $0.maxMetadataEntries = 9 }
        guard case .sendHello(let reply) = machine.receive(F.hello()) else { Issue.record("no HELLO reply"); return }
        #expect(reply.version == 1)
        #expect(reply.maxMessageSize == 4_194_304)
        #expect(reply.acceptEncodings == ["identity", "deflate"])
        #expect(reply.maxConcurrentCalls == 7)
        #expect(reply.maxMetadataSize == 1000)
        #expect(reply.maxMetadataEntries == 9)
        #expect(Self.violation(machine.receive(F.hello())) == "HELLO sent twice")

        var other = Self.machine()
        #expect(Self.violation(other.receive(F.hello(version: 2))) == "protocol version 2 is not supported; this server speaks version 1")
        other = Self.machine()
        #expect(Self.violation(other.receive(F.frame(.hello, stream: 0, [0xFF, 0xFF]))) == "malformed HELLO")
    }

    @Test("connection frames belong on stream 0, call frames off it; a client sends no server frames")
    func streams() {
        var machine = Self.greeted()
        #expect(Self.violation(machine.receive(F.frame(.ping, stream: 3, [0, 0, 0, 0, 0, 0, 0, 1]))) == "ping frame on stream 3; it belongs on stream 0")
        machine = Self.greeted()
        #expect(Self.violation(machine.receive(F.frame(.message, stream: 0))) == "message frame on stream 0")
        machine = Self.greeted()
        #expect(Self.violation(machine.receive(F.trailers(stream: 1))) == "a client may not send trailers frames")
        machine = Self.greeted()
        #expect(Self.violation(machine.receive(F.frame(.message, stream: 9, [1]))) == "message frame for stream 9, which was never opened")
    }

    @Test("PING of 8 bytes is answered with the same bytes, an ACK is not, any other length closes")
    func ping() {
        var machine = Self.greeted()
        let payload: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8]
        #expect(machine.receive(F.frame(.ping, stream: 0, payload)) == .sendPingAck(ByteBuffer(bytes: payload)))
        #expect(machine.receive(F.frame(.ping, flags: .ack, stream: 0, payload)) == .none)
        #expect(Self.violation(machine.receive(F.frame(.ping, stream: 0, [1, 2, 3]))) == "PING payload of 3 bytes; it must be 8")
    }

    @Test("HEADERS ids rise; each refusal of §6.2 names its reason and keeps nothing")
    func headersChecks() throws {
        var machine = Self.greeted { $0.acceptsCompressedMessages = false }
        #expect(Self.refusal(machine.receive(F.frame(.headers, stream: 1, [0xFF, 0xFF, 0xFF])))?.code == .internalError)
        #expect(Self.refusal(machine.receive(F.headers(stream: 2, encoding: "deflate")))?.message == "message encoding 'deflate' is not accepted; this server accepts identity")
        #expect(Self.refusal(machine.receive(F.headers(stream: 3, method: "nonsense")))?.message == "malformed method 'nonsense'; expected /package.Service/Method")
        #expect(machine.calls.isEmpty)
        // Stream ids are used up by refused calls too.
        #expect(Self.violation(machine.receive(F.headers(stream: 3))) == "HEADERS on stream 3, which is not above the last stream 3")
    }

    @Test("an opened call gets grpc-timeout from timeout_micros (a client's own entry dropped) and deflate when it accepts it")
    func openCall() throws {
        var machine = Self.greeted()
        let action = machine.receive(F.headers(stream: 5, metadata: ["grpc-timeout": "1S", "x": "y"], timeoutMicros: 2_000_000, accept: ["identity", "deflate"]))
        guard case .openCall(let call) = action else { Issue.record("not opened: \(action)"); return }
        #expect(call.streamID == 5)
        #expect(call.descriptor == MethodDescriptor(fullyQualifiedService: "test.Echo", method: "Get"))
        #expect(Array(call.metadata[stringValues: "grpc-timeout"]) == ["2000000u"])
        #expect(Array(call.metadata[stringValues: "x"]) == ["y"])
        #expect(call.timeoutMicros == 2_000_000)
        #expect(call.responseEncoding == .deflate)
        #expect(machine.calls[5] == .init(requestEncoding: .identity))
    }

    @Test("timeout_micros 0 is already expired: the call is refused at once with DEADLINE_EXCEEDED and never started")
    func expiredDeadline() {
        var machine = Self.greeted()
        let refused = Self.refusal(machine.receive(F.headers(stream: 1, timeoutMicros: 0)))
        #expect(refused?.code == .deadlineExceeded)
        #expect(refused?.message == "the call's deadline of 0 µs passed")
        #expect(machine.calls.isEmpty)
        #expect(machine.receive(F.frame(.message, stream: 1, [1])) == .none)
        guard case .openCall = machine.receive(F.headers(stream: 3, timeoutMicros: 1)) else { Issue.record("a 1 µs deadline is not expired yet"); return }
    }

    @Test("at most maxConcurrentCalls open: the next HEADERS is refused with UNAVAILABLE at once, and a slot frees when a call ends")
    func concurrentCalls() {
        var machine = Self.greeted { $0.maxConcurrentCalls = 3 }
        for id: UInt32 in 1...3 {
            guard case .openCall = machine.receive(F.headers(stream: id)) else { Issue.record("call \(id) not opened"); return }
        }
        let refused = Self.refusal(machine.receive(F.headers(stream: 4)))
        #expect(refused?.code == .unavailable)
        #expect(refused?.message.contains("max_concurrent_calls") == true)
        #expect(machine.calls.count == 3)
        // Frames of the refused call are late frames: ignored.
        #expect(machine.receive(F.frame(.message, stream: 4, [1])) == .none)
        #expect(machine.write(streamID: 2, trailers: true) == .writeTrailers(then: .none))
        guard case .openCall = machine.receive(F.headers(stream: 5)) else { Issue.record("no slot after a call ended"); return }
    }

    @Test("metadata over the byte or entry limit fails that call with RESOURCE_EXHAUSTED, not the connection")
    func metadataLimits() {
        var machine = Self.greeted { $0.maxMetadataSize = 100; $0.maxMetadataEntries = 3 }
        let big: Metadata = ["k": .string(String(repeating: "v", count: 100))]
        let bytes = Self.refusal(machine.receive(F.headers(stream: 1, metadata: big)))
        #expect(bytes?.code == .resourceExhausted)
        #expect(bytes?.message == "call metadata of 101 bytes exceeds the limit of 100 bytes")
        let many: Metadata = ["a": "1", "b": "2", "c": "3", "d": "4"]
        let entries = Self.refusal(machine.receive(F.headers(stream: 2, metadata: many)))
        #expect(entries?.message == "call metadata of 4 entries exceeds the limit of 3 entries")
        let fits: Metadata = ["a": "1", "b-bin": .binary([1, 2, 3])]
        guard case .openCall = machine.receive(F.headers(stream: 3, metadata: fits)) else { Issue.record("fitting metadata refused"); return }
        #expect(machine.phase == .open)
    }

    @Test("MESSAGE rules of §6.3: delivered, after HALF_CLOSE, compressed on identity, corrupt, a bomb")
    func messages() {
        var machine = Self.greeted()
        _ = machine.receive(F.headers(stream: 1))
        #expect(machine.receive(F.frame(.message, stream: 1, [7])) == .deliver(streamID: 1, [7]))
        #expect(machine.receive(F.frame(.halfClose, stream: 1)) == .finishRequests(streamID: 1))
        let after = Self.ended(machine.receive(F.frame(.message, stream: 1, [8])))
        #expect(after?.0.code == .internalError)
        #expect(after?.0.message == "message after the client half-closed the call")
        #expect(after?.trailers == true)
        #expect(after?.then == .startIdleTimer)

        _ = machine.receive(F.headers(stream: 2))
        #expect(Self.ended(machine.receive(F.frame(.message, flags: .compressed, stream: 2, Zlib.compress([1]))))?.0.code == .unimplemented)
        _ = machine.receive(F.headers(stream: 3, encoding: "deflate"))
        #expect(Self.ended(machine.receive(F.frame(.message, flags: .compressed, stream: 3, [0x78, 0x9C, 1, 2])))?.0.code == .internalError)
        _ = machine.receive(F.headers(stream: 4, encoding: "deflate"))
        let bomb = Self.ended(machine.receive(F.frame(.message, flags: .compressed, stream: 4, Zlib.compress([UInt8](repeating: 0, count: 5_000_000), level: 9))))
        #expect(bomb?.0.code == .resourceExhausted)
        _ = machine.receive(F.headers(stream: 5, encoding: "deflate"))
        #expect(machine.receive(F.frame(.message, flags: .compressed, stream: 5, Zlib.compress([1, 2, 3]))) == .deliver(streamID: 5, [1, 2, 3]))
    }

    @Test("an oversized MESSAGE fails its call with RESOURCE_EXHAUSTED; before HELLO it closes")
    func oversized() {
        var machine = Self.greeted()
        _ = machine.receive(F.headers(stream: 1))
        let ended = Self.ended(machine.receive(.oversizedMessage(streamID: 1, length: 5_000_000)))
        #expect(ended?.0.code == .resourceExhausted)
        #expect(ended?.0.message == "message of 5000000 bytes exceeds the limit of 4194304 bytes")
        #expect(machine.receive(.oversizedMessage(streamID: 1, length: 5_000_000)) == .none)  // late
        #expect(Self.violation(machine.receive(.oversizedMessage(streamID: 8, length: 5_000_000))) == "frame for stream 8, which was never opened")
        var fresh = Self.machine()
        #expect(Self.violation(fresh.receive(.oversizedMessage(streamID: 1, length: 5_000_000))) == "oversized MESSAGE frame on stream 1 before HELLO or on stream 0")
    }

    @Test("CANCEL ends the call without TRAILERS; a malformed reason reads as empty")
    func cancel() {
        var machine = Self.greeted()
        _ = machine.receive(F.headers(stream: 1))
        let cancelled = Self.ended(machine.receive(F.frame(.cancel, stream: 1, try! Cancel(reason: "bored").serializedBytes())))
        #expect(cancelled?.0 == RPCError(code: .cancelled, message: "bored"))
        #expect(cancelled?.trailers == false)
        _ = machine.receive(F.headers(stream: 2))
        #expect(Self.ended(machine.receive(F.frame(.cancel, stream: 2, [0xFF])))?.0.message == "the client cancelled the call")
        #expect(machine.receive(F.frame(.cancel, stream: 2)) == .none)
    }

    @Test("deadline, first-message timeout and a handler that ends without a status")
    func timers() {
        var machine = Self.greeted()
        _ = machine.receive(F.headers(stream: 1, timeoutMicros: 500))
        #expect(Self.ended(machine.deadlineExpired(streamID: 1, micros: 500))?.0 == RPCError(code: .deadlineExceeded, message: "the call's deadline of 500 µs passed"))
        #expect(machine.deadlineExpired(streamID: 1, micros: 500) == .none)

        _ = machine.receive(F.headers(stream: 2))
        let silent = Self.ended(machine.firstMessageTimeoutExpired(streamID: 2, timeout: .seconds(10)))
        #expect(silent?.0 == RPCError(code: .deadlineExceeded, message: "no request message within 10000 ms of the call's HEADERS"))
        _ = machine.receive(F.headers(stream: 3))
        _ = machine.receive(F.frame(.message, stream: 3, [1]))
        #expect(machine.firstMessageTimeoutExpired(streamID: 3, timeout: .seconds(10)) == .none)
        _ = machine.receive(F.headers(stream: 4))
        _ = machine.receive(F.frame(.halfClose, stream: 4))
        #expect(machine.firstMessageTimeoutExpired(streamID: 4, timeout: .seconds(10)) == .none)

        #expect(Self.ended(machine.handlerFinished(streamID: 3, error: nil))?.0 == RPCError(code: .internalError, message: "the handler ended without a status"))
        #expect(machine.write(streamID: 3, trailers: false) == .callEnded)
        #expect(machine.handlerFinished(streamID: 3, error: nil) == .none)
    }

    @Test("GOAWAY in two steps: notice, calls still taken, final naming the last stream, then refusals and close with the last call")
    func goAway() {
        var machine = Self.greeted()
        _ = machine.receive(F.headers(stream: 1))
        #expect(machine.beginGoAway(code: 0, reason: "the server is shutting down") == .beginGoAway(GoAway(lastStreamID: .max, code: 0, reason: "the server is shutting down")))
        #expect(machine.beginGoAway(code: 0, reason: "again") == .none)
        guard case .openCall = machine.receive(F.headers(stream: 2)) else { Issue.record("call during the notice refused"); return }
        let final = machine.finalGoAwayDue()
        #expect(final?.goAway == GoAway(lastStreamID: 2, code: 0, reason: "the server is shutting down"))
        #expect(final?.close == false)
        #expect(machine.finalGoAwayDue() == nil)
        #expect(Self.refusal(machine.receive(F.headers(stream: 3)))?.message == "the server is going away; retry on another connection")
        #expect(machine.write(streamID: 1, trailers: true) == .writeTrailers(then: .none))
        #expect(machine.write(streamID: 2, trailers: true) == .writeTrailers(then: .close))
    }

    @Test("a client's GOAWAY starts the server's; the final GOAWAY closes an empty connection at once")
    func clientGoAway() {
        var machine = Self.greeted()
        #expect(machine.receive(F.goAway(lastStreamID: 0)) == .beginGoAway(GoAway(lastStreamID: .max, code: 0, reason: "the client is going away")))
        #expect(machine.finalGoAwayDue()?.close == true)
    }

    @Test("the grace period's end lists the calls still open; the connection is closed")
    func gracePeriod() {
        var machine = Self.greeted()
        _ = machine.receive(F.headers(stream: 1))
        _ = machine.receive(F.headers(stream: 3))
        _ = machine.beginGoAway(code: 0, reason: "shutdown")
        #expect(machine.gracePeriodExpired() == [1, 3])
        #expect(machine.phase == .closed)
        #expect(machine.receive(F.headers(stream: 4)) == .none)
    }

    @Test("idle: the timer starts when the last call ends, and goes away only with no call open")
    func idle() {
        var machine = Self.greeted()
        _ = machine.receive(F.headers(stream: 1))
        #expect(machine.idleTimeoutExpired(after: .seconds(1)) == .none)
        #expect(machine.write(streamID: 1, trailers: true) == .writeTrailers(then: .startIdleTimer))
        #expect(machine.idleTimeoutExpired(after: .seconds(1)) == .beginGoAway(GoAway(lastStreamID: .max, code: 0, reason: "the connection had no call for 1000 ms; reconnect when needed")))
    }
}
