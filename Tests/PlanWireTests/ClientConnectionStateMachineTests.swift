import GRPCCore
import NIOCore
import Testing

@testable import PlanWire

/// The client's rules of PROTOCOL.md, on the state machine as a plain value.
@Suite("Client connection state machine")
struct ClientConnectionStateMachineTests {
    typealias Machine = ClientConnectionStateMachine
    typealias F = WireTestFrames

    private static func ready() -> Machine {
        var machine = Machine(settings: .init(PlanWireConfiguration()))
        _ = machine.receive(F.hello(maxConcurrentCalls: 100))
        return machine
    }

    private static func open(_ machine: inout Machine) -> UInt32? {
        if case .send(let id) = machine.sendHeaders(channelActive: true, unsentCalls: 0) { return id }
        return nil
    }

    @Test("the server's HELLO makes the connection ready; a malformed or second one closes it")
    func hello() {
        var machine = Machine(settings: .init(PlanWireConfiguration()))
        #expect(!machine.acceptsCalls)
        guard case .ready(let hello) = machine.receive(F.hello(maxConcurrentCalls: 5)) else { Issue.record("not ready"); return }
        #expect(hello.maxConcurrentCalls == 5)
        #expect(machine.acceptsCalls)
        guard case .close = machine.receive(F.hello()) else { Issue.record("a second HELLO was taken"); return }
        var other = Machine(settings: .init(PlanWireConfiguration()))
        guard case .close = other.receive(F.hello(version: 3)) else { Issue.record("version 3 taken"); return }
    }

    @Test("stream ids are taken as HEADERS go out: 1, 2, 3")
    func streamIDs() {
        var machine = Self.ready()
        #expect(Self.open(&machine) == 1)
        #expect(Self.open(&machine) == 2)
        #expect(Self.open(&machine) == 3)
        #expect(machine.sendHeaders(channelActive: false, unsentCalls: 0) == .refuse(RPCError(code: .unavailable, message: "the connection closed before the call started"), close: false))
    }

    @Test("RESPONSE_HEADERS, MESSAGE and TRAILERS reach their call; an unknown code reads as UNKNOWN; unknown streams are ignored")
    func responses() {
        var machine = Self.ready()
        let id = Self.open(&machine)!
        #expect(machine.receive(F.responseHeaders(stream: id, encoding: "deflate")) == .deliver(streamID: id, .metadata([:])))
        #expect(machine.receive(F.frame(.message, flags: .compressed, stream: id, Zlib.compress([4, 5]))) == .deliver(streamID: id, .message([4, 5])))
        #expect(machine.receive(F.trailers(stream: id, code: 99, message: "odd")) == .finish(streamID: id, Status(code: .unknown, message: "odd"), [:], close: false))
        #expect(machine.receive(F.frame(.message, stream: id, [1])) == .none)
        #expect(machine.receive(F.trailers(stream: 42)) == .none)
    }

    @Test("a response the client cannot take fails the call and sends CANCEL")
    func badResponses() {
        var machine = Self.ready()
        let first = Self.open(&machine)!
        guard case .fail(_, let encoding, true, false) = machine.receive(F.responseHeaders(stream: first, encoding: "br")) else { Issue.record("br taken"); return }
        #expect(encoding.code == .unimplemented)
        let second = Self.open(&machine)!
        guard case .fail(_, let compressed, true, _) = machine.receive(F.frame(.message, flags: .compressed, stream: second, Zlib.compress([1]))) else { Issue.record("compressed identity taken"); return }
        #expect(compressed.code == .unimplemented)
        let third = Self.open(&machine)!
        guard case .fail(_, let oversized, true, _) = machine.receive(.oversizedMessage(streamID: third, length: 5_000_000)) else { Issue.record("oversized taken"); return }
        #expect(oversized.code == .resourceExhausted)
    }

    @Test("GOAWAY: the notice stops new calls; the final one fails the calls above it; the connection closes with its last call")
    func goAway() {
        var machine = Self.ready()
        let one = Self.open(&machine)!
        #expect(machine.receive(F.goAway(lastStreamID: .max)) == .goneAway(failing: [], reason: "bye", close: false))
        #expect(!machine.acceptsCalls)
        // A call already being opened still goes out during the notice.
        let two = Self.open(&machine)!
        let three = Self.open(&machine)!
        #expect(machine.receive(F.goAway(lastStreamID: two), unsentCalls: 1) == .goneAway(failing: [three], reason: "bye", close: false))
        guard case .refuse(_, false) = machine.sendHeaders(channelActive: true, unsentCalls: 0) else { Issue.record("HEADERS after the final GOAWAY"); return }
        #expect(machine.receive(F.trailers(stream: one)) == .finish(streamID: one, Status(code: .ok, message: ""), [:], close: false))
        #expect(machine.receive(F.trailers(stream: two)) == .finish(streamID: two, Status(code: .ok, message: ""), [:], close: true))
    }

    @Test("draining closes once no call is open and none is being opened")
    func drain() {
        var machine = Self.ready()
        let id = Self.open(&machine)!
        let closesAtOnce = machine.drain(unsentCalls: 0)
        #expect(!closesAtOnce)
        #expect(machine.cancel(streamID: id, unsentCalls: 1) == (true, false))
        #expect(machine.cancel(streamID: id, unsentCalls: 1) == (false, false))
        #expect(machine.unsentCallAbandoned(unsentCalls: 0))
    }

    @Test("a server sending client frames is a protocol violation; PINGs are answered")
    func serverFrames() {
        var machine = Self.ready()
        #expect(machine.receive(F.frame(.ping, stream: 0, [1, 2, 3, 4, 5, 6, 7, 8])) == .sendPingAck(ByteBuffer(bytes: [1, 2, 3, 4, 5, 6, 7, 8])))
        #expect(machine.receive(F.frame(.ping, flags: .ack, stream: 0, [0, 0, 0, 0, 0, 0, 0, 1])) == .pingAcknowledged)
        #expect(machine.receive(F.headers(stream: 1)) == .close(reason: "a server may not send headers frames"))
        #expect(machine.receive(F.trailers(stream: 1)) == .none)
    }
}

@Suite("Read gate")
struct ReadGateTests {
    @Test("reads wait while the channel is not writable or a call's buffer is full, and resume once")
    func gate() {
        var gate = ReadGate()
        var reads: [Bool] = []
        reads.append(gate.readRequested())
        reads.append(gate.writabilityChanged(false))
        reads.append(gate.readRequested())
        gate.callFull(3)
        reads.append(gate.writabilityChanged(true))  // call 3 still full
        reads.append(gate.callDrained(3))  // the read that waited goes out
        reads.append(gate.callDrained(3))
        reads.append(gate.readRequested())
        #expect(reads == [true, false, false, false, true, false, true])
    }
}

@Suite("Configuration from the environment")
struct ConfigurationEnvironmentTests {
    @Test("each variable sets its setting; 0 seconds is never; absent or empty leaves the default")
    func settings() throws {
        let configuration = try PlanWireConfiguration().applyingEnvironment([
            "PLAN_WIRE_MAX_CONCURRENT_CALLS": "7", "PLAN_WIRE_MAX_METADATA_SIZE": "100", "PLAN_WIRE_MAX_METADATA_ENTRIES": "",
            "PLAN_WIRE_FIRST_MESSAGE_TIMEOUT": "0", "PLAN_WIRE_IDLE_TIMEOUT": "2.5", "PLAN_WIRE_LISTEN_BACKLOG": "512",
            "PLAN_WIRE_CALLS_ON_EVENT_LOOP": "0",
        ])
        #expect(configuration.runsCallsOnEventLoop == false && configuration.runsHandlersOnEventLoop == false)
        let onLoop = try PlanWireConfiguration().applyingEnvironment(["PLAN_WIRE_CALLS_ON_EVENT_LOOP": "1"])
        #expect(onLoop.runsCallsOnEventLoop && onLoop.runsHandlersOnEventLoop)
        #expect(!PlanWireConfiguration().runsCallsOnEventLoop && !PlanWireConfiguration().runsHandlersOnEventLoop)
        #expect(configuration.maxConcurrentCalls == 7)
        #expect(configuration.maxMetadataSize == 100)
        #expect(configuration.maxMetadataEntries == 64)
        #expect(configuration.firstMessageTimeout == nil)
        #expect(configuration.idleTimeout == .milliseconds(2500))
        #expect(configuration.listenBacklog == 512)
        #expect(PlanWireConfiguration().listenBacklog == 4096)
    }

    @Test("a bad value names the variable, the value and what it should be")
    func badValues() {
        #expect(throws: PlanWireConfiguration.EnvironmentError(name: "PLAN_WIRE_MAX_CONCURRENT_CALLS", value: "0", expected: "an integer ≥ 1")) {
            try PlanWireConfiguration().applyingEnvironment(["PLAN_WIRE_MAX_CONCURRENT_CALLS": "0"])
        }
        let error = #expect(throws: PlanWireConfiguration.EnvironmentError.self) {
            try PlanWireConfiguration().applyingEnvironment(["PLAN_WIRE_IDLE_TIMEOUT": "soon"])
        }
        #expect(error?.description == "PLAN_WIRE_IDLE_TIMEOUT is 'soon': expected seconds, a number from 0 (never) to 31536000")
        #expect(throws: PlanWireConfiguration.EnvironmentError(name: "PLAN_WIRE_CALLS_ON_EVENT_LOOP", value: "yes", expected: "1 (on) or 0 (off)")) {
            try PlanWireConfiguration().applyingEnvironment(["PLAN_WIRE_CALLS_ON_EVENT_LOOP": "yes"])
        }
    }
}
