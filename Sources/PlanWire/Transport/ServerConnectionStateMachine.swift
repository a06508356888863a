import GRPCCore
import NIOCore

/// The server side of one PlanWire connection (PROTOCOL.md) as a value: it takes what happens
/// on the connection — a frame arrives, a handler writes or finishes, a timer fires — and
/// returns what the connection handler must do. It performs no I/O and holds no continuation,
/// task or timer, so every rule of the protocol can be checked on a plain value.
///
/// Modelled on grpc-swift-nio-transport's `ServerConnectionManagementHandler.StateMachine`:
/// one method per event, each returning an action.
struct ServerConnectionStateMachine {
    /// The settings the machine enforces, taken from a `PlanWireConfiguration`.
    struct Settings: Sendable {
        var maxMessageSize: Int
        var maxDecompressedSize: Int
        var acceptEncodings: [String]
        /// Whether the server sends deflated messages to clients that accept them.
        var compresses: Bool
        var maxConcurrentCalls: Int
        var maxMetadataSize: Int
        var maxMetadataEntries: Int

        init(_ configuration: PlanWireConfiguration) {
            maxMessageSize = configuration.maxMessageSize
            maxDecompressedSize = configuration.maxDecompressedSize
            acceptEncodings = configuration.acceptEncodings
            compresses = configuration.compression != .disabled
            maxConcurrentCalls = configuration.maxConcurrentCalls
            maxMetadataSize = configuration.maxMetadataSize
            maxMetadataEntries = configuration.maxMetadataEntries
        }
    }

    /// Where the connection is in its life.
    enum Phase: Equatable {
        /// Calls are taken.
        case open
        /// The notice GOAWAY went out: calls already on their way are still taken.
        case draining(code: UInt32, reason: String)
        /// The final GOAWAY went out: new calls are refused; the connection closes when the
        /// last call ends.
        case goingAway
        /// The connection is closed, or closing after a protocol violation.
        case closed
    }

    /// The protocol state of one open call.
    struct Call: Equatable {
        /// The encoding of the client's messages.
        var requestEncoding: MessageEncoding
        /// The client sent HALF_CLOSE.
        var halfClosed = false
        /// A MESSAGE or HALF_CLOSE arrived (the first-message timer no longer applies).
        var heardFrom = false
    }

    /// A call the machine opened: what the handler needs to start it.
    struct OpenedCall: Equatable {
        var streamID: UInt32
        var descriptor: MethodDescriptor
        /// The request metadata, with a `grpc-timeout` entry derived from `timeoutMicros`.
        var metadata: Metadata
        var timeoutMicros: UInt64?
        var responseEncoding: MessageEncoding
    }

    /// What follows the end of a call.
    enum AfterCall: Equatable {
        case none
        /// No call is open: the idle timer starts.
        case startIdleTimer
        /// The connection has gone away and its last call ended: close it.
        case close
    }

    /// What the handler does after an event.
    enum Action: Equatable {
        case none
        /// Answer the client's HELLO with this one.
        case sendHello(Hello)
        /// Answer a PING.
        case sendPingAck(ByteBuffer)
        /// Start a call: hand it to the server and start its timers. Stops the idle timer.
        case openCall(OpenedCall)
        /// Send TRAILERS with this status for a call that was never started.
        case refuseCall(streamID: UInt32, RPCError)
        /// Give a request message to the call's handler.
        case deliver(streamID: UInt32, [UInt8])
        /// The client half-closed: end the call's request stream.
        case finishRequests(streamID: UInt32)
        /// End a call: fail its request stream with `error`, cancel its handler, send TRAILERS
        /// with `error` when `sendTrailers` (not after a client's CANCEL), then do `then`.
        case endCall(streamID: UInt32, RPCError, sendTrailers: Bool, then: AfterCall)
        /// Send the notice GOAWAY; schedule the final one and the end of the grace period.
        case beginGoAway(GoAway)
        /// The client broke the protocol: send this GOAWAY, fail every call and close.
        case closeForViolation(GoAway)
    }

    let settings: Settings
    private(set) var phase: Phase = .open
    private(set) var helloReceived = false
    private(set) var calls: [UInt32: Call] = [:]
    private(set) var highestStreamID: UInt32 = 0

    init(settings: Settings) {
        self.settings = settings
    }

    /// The HELLO the server sends: its limits and encodings.
    var serverHello: Hello {
        Hello(
            version: PlanWireConfiguration.protocolVersion, maxMessageSize: UInt32(clamping: settings.maxMessageSize),
            acceptEncodings: settings.acceptEncodings, agent: "plan-wire-swift",
            maxConcurrentCalls: UInt32(clamping: settings.maxConcurrentCalls),
            maxMetadataSize: UInt32(clamping: settings.maxMetadataSize),
            maxMetadataEntries: UInt32(clamping: settings.maxMetadataEntries))
    }

    // MARK: - Frames from the client

    /// A frame arrived.
    mutating func receive(_ inbound: InboundFrame) -> Action {
        guard phase != .closed else { return .none }
        switch inbound {
        case .oversizedMessage(let id, let length):
            guard helloReceived, id != 0 else {
                return protocolViolation("oversized MESSAGE frame on stream \(id) before HELLO or on stream 0")
            }
            return endCall(id, RPCError(code: .resourceExhausted, message: "message of \(length) bytes exceeds the limit of \(settings.maxMessageSize) bytes"), unknown: "frame")
        case .frame(let frame):
            guard helloReceived || frame.kind == .hello else {
                return protocolViolation("the first frame must be HELLO, not \(frame.kind)")
            }
            let connectionLevel = frame.kind == .hello || frame.kind == .ping || frame.kind == .goAway
            guard connectionLevel == (frame.streamID == 0) else {
                return protocolViolation(connectionLevel ? "\(frame.kind) frame on stream \(frame.streamID); it belongs on stream 0" : "\(frame.kind) frame on stream 0")
            }
            switch frame.kind {
            case .hello: return receiveHello(frame.payload)
            case .headers: return receiveHeaders(streamID: frame.streamID, payload: frame.payload)
            case .message: return receiveMessage(frame)
            case .halfClose: return receiveHalfClose(streamID: frame.streamID)
            case .cancel: return receiveCancel(streamID: frame.streamID, payload: frame.payload)
            case .ping:
                guard frame.payload.readableBytes == 8 else {
                    return protocolViolation("PING payload of \(frame.payload.readableBytes) bytes; it must be 8")
                }
                return frame.flags.contains(.ack) ? .none : .sendPingAck(frame.payload)
            case .goAway:
                return beginGoAway(code: 0, reason: "the client is going away")
            case .responseHeaders, .trailers:
                return protocolViolation("a client may not send \(frame.kind) frames")
            }
        }
    }

    private mutating func receiveHello(_ payload: ByteBuffer) -> Action {
        guard !helloReceived else { return protocolViolation("HELLO sent twice") }
        guard let hello = try? Hello(serializedBytes: payload.readableBytesView) else {
            return protocolViolation("malformed HELLO")
        }
        guard hello.version == PlanWireConfiguration.protocolVersion else {
            return protocolViolation("protocol version \(hello.version) is not supported; this server speaks version \(PlanWireConfiguration.protocolVersion)")
        }
        helloReceived = true
        return .sendHello(serverHello)
    }

    /// Opens a call, or refuses it with a status (PROTOCOL.md §6.2, in that order).
    private mutating func receiveHeaders(streamID id: UInt32, payload: ByteBuffer) -> Action {
        guard id > highestStreamID else {
            return protocolViolation("HEADERS on stream \(id), which is not above the last stream \(highestStreamID)")
        }
        highestStreamID = id
        if phase == .goingAway {
            return .refuseCall(streamID: id, RPCError(code: .unavailable, message: "the server is going away; retry on another connection"))
        }
        guard calls.count < settings.maxConcurrentCalls else {
            return .refuseCall(streamID: id, RPCError(
                code: .unavailable,
                message: "the connection already has \(calls.count) calls open, the most this server takes (max_concurrent_calls); the call was not started: retry when a call ends or on another connection"))
        }
        let headers: CallHeaders
        do {
            headers = try CallHeaders(serializedBytes: payload.readableBytesView)
        } catch {
            return .refuseCall(streamID: id, RPCError(code: .internalError, message: "malformed call headers: \(error)"))
        }
        if headers.metadata.count > settings.maxMetadataEntries {
            return .refuseCall(streamID: id, RPCError(code: .resourceExhausted, message: "call metadata of \(headers.metadata.count) entries exceeds the limit of \(settings.maxMetadataEntries) entries"))
        }
        let metadataSize = headers.metadata.wireSize
        if metadataSize > settings.maxMetadataSize {
            return .refuseCall(streamID: id, RPCError(code: .resourceExhausted, message: "call metadata of \(metadataSize) bytes exceeds the limit of \(settings.maxMetadataSize) bytes"))
        }
        guard let requestEncoding = MessageEncoding(name: headers.messageEncoding), settings.acceptEncodings.contains(requestEncoding.rawValue) else {
            return .refuseCall(streamID: id, RPCError(code: .unimplemented, message: "message encoding '\(headers.messageEncoding)' is not accepted; this server accepts \(settings.acceptEncodings.joined(separator: ", "))"))
        }
        guard let descriptor = MethodDescriptor(path: headers.method) else {
            return .refuseCall(streamID: id, RPCError(code: .unimplemented, message: "malformed method '\(headers.method)'; expected /package.Service/Method"))
        }
        // Already expired (PROTOCOL.md §8): it fails at once, and its handler never starts (a
        // handler on the event loop could otherwise answer before a 0 µs timer fires).
        if headers.timeoutMicros == 0 {
            return .refuseCall(streamID: id, RPCError(code: .deadlineExceeded, message: "the call's deadline of 0 µs passed"))
        }
        var metadata = headers.metadata
        metadata.removeAllValues(forKey: GRPCTimeout.key)
        if let micros = headers.timeoutMicros {
            metadata.addString(GRPCTimeout.encode(microseconds: micros), forKey: GRPCTimeout.key)
        }
        let responseEncoding: MessageEncoding =
            settings.compresses && headers.acceptEncodings.contains(MessageEncoding.deflate.rawValue) ? .deflate : .identity
        calls[id] = Call(requestEncoding: requestEncoding)
        return .openCall(OpenedCall(
            streamID: id, descriptor: descriptor, metadata: metadata, timeoutMicros: headers.timeoutMicros,
            responseEncoding: responseEncoding))
    }

    private mutating func receiveMessage(_ frame: Frame) -> Action {
        let id = frame.streamID
        guard var call = calls[id] else { return unknownStream(frame.kind, id) }
        guard !call.halfClosed else {
            return endCall(id, RPCError(code: .internalError, message: "message after the client half-closed the call"))
        }
        var bytes = Array(frame.payload.readableBytesView)
        if frame.flags.contains(.compressed) {
            guard call.requestEncoding == .deflate else {
                return endCall(id, RPCError(code: .unimplemented, message: "compressed message on a call whose message encoding is identity"))
            }
            do {
                bytes = try Zlib.decompress(bytes, limit: settings.maxDecompressedSize)
            } catch .tooLarge(let limit) {
                return endCall(id, RPCError(code: .resourceExhausted, message: "compressed message inflates past the limit of \(limit) bytes"))
            } catch {
                return endCall(id, RPCError(code: .internalError, message: "\(error)"))
            }
        }
        call.heardFrom = true
        calls[id] = call
        return .deliver(streamID: id, bytes)
    }

    private mutating func receiveHalfClose(streamID id: UInt32) -> Action {
        guard calls[id] != nil else { return unknownStream(.halfClose, id) }
        calls[id]!.halfClosed = true
        calls[id]!.heardFrom = true
        return .finishRequests(streamID: id)
    }

    private mutating func receiveCancel(streamID id: UInt32, payload: ByteBuffer) -> Action {
        guard calls[id] != nil else { return unknownStream(.cancel, id) }
        let reason = (try? Cancel(serializedBytes: payload.readableBytesView).reason) ?? ""
        return endCall(id, RPCError(code: .cancelled, message: reason.isEmpty ? "the client cancelled the call" : reason), sendTrailers: false)
    }

    /// A frame for a stream that is not open: late frames of a call that already ended are
    /// dropped; frames for a stream that was never opened break the protocol.
    private mutating func unknownStream(_ kind: Frame.Kind, _ id: UInt32) -> Action {
        id > highestStreamID ? protocolViolation("\(kind) frame for stream \(id), which was never opened") : .none
    }

    // MARK: - Events of calls

    /// A handler writes a response part of call `id`.
    enum OnWrite: Equatable {
        /// Write the frame.
        case write
        /// Write the TRAILERS; the call is over; then do `then`.
        case writeTrailers(then: AfterCall)
        /// The call already ended: drop the part and fail the write.
        case callEnded
    }

    /// A handler writes a response part; `trailers` when it is the call's status.
    mutating func write(streamID id: UInt32, trailers: Bool) -> OnWrite {
        guard calls[id] != nil else { return .callEnded }
        guard trailers else { return .write }
        calls[id] = nil
        return .writeTrailers(then: afterCallEnded())
    }

    /// A handler finished its call's writer; a call it ended without a status gets one.
    mutating func handlerFinished(streamID id: UInt32, error: RPCError?) -> Action {
        guard calls[id] != nil else { return .none }
        return endCall(id, error ?? RPCError(code: .internalError, message: "the handler ended without a status"))
    }

    /// The deadline of call `id` passed.
    mutating func deadlineExpired(streamID id: UInt32, micros: UInt64) -> Action {
        guard calls[id] != nil else { return .none }
        return endCall(id, RPCError(code: .deadlineExceeded, message: "the call's deadline of \(micros) µs passed"))
    }

    /// Call `id`, opened without a deadline, has waited `timeout` for its first MESSAGE or
    /// HALF_CLOSE.
    mutating func firstMessageTimeoutExpired(streamID id: UInt32, timeout: Duration) -> Action {
        guard let call = calls[id], !call.heardFrom else { return .none }
        return endCall(id, RPCError(code: .deadlineExceeded, message: "no request message within \(timeout.milliseconds) ms of the call's HEADERS"))
    }

    // MARK: - The end of the connection

    /// The server wants the connection to end (shutdown, maximum age, idle, the client's
    /// GOAWAY): the notice GOAWAY, unless one already went out.
    mutating func beginGoAway(code: UInt32, reason: String) -> Action {
        guard phase == .open else { return .none }
        phase = .draining(code: code, reason: reason)
        return .beginGoAway(GoAway(lastStreamID: .max, code: code, reason: reason))
    }

    /// The idle timer fired: the connection goes away if still no call is open.
    mutating func idleTimeoutExpired(after timeout: Duration) -> Action {
        guard calls.isEmpty else { return .none }
        return beginGoAway(code: 0, reason: "the connection had no call for \(timeout.milliseconds) ms; reconnect when needed")
    }

    /// The notice period after the first GOAWAY is over: the final GOAWAY to send, and whether
    /// the connection closes at once (no call left).
    mutating func finalGoAwayDue() -> (goAway: GoAway, close: Bool)? {
        guard case .draining(let code, let reason) = phase else { return nil }
        phase = .goingAway
        return (GoAway(lastStreamID: highestStreamID, code: code, reason: reason), calls.isEmpty)
    }

    /// The grace period ended: the calls still open, which get UNAVAILABLE before the
    /// connection closes.
    mutating func gracePeriodExpired() -> [UInt32] {
        let open = calls.keys.sorted()
        calls = [:]
        phase = .closed
        return open
    }

    /// The connection closed: every call is over.
    mutating func channelClosed() {
        calls = [:]
        phase = .closed
    }

    // MARK: - Helpers

    private mutating func endCall(_ id: UInt32, _ error: RPCError, sendTrailers: Bool = true, unknown kind: String? = nil) -> Action {
        guard calls.removeValue(forKey: id) != nil else {
            return id > highestStreamID ? protocolViolation("\(kind ?? "frame") for stream \(id), which was never opened") : .none
        }
        return .endCall(streamID: id, error, sendTrailers: sendTrailers, then: afterCallEnded())
    }

    private func afterCallEnded() -> AfterCall {
        guard calls.isEmpty else { return .none }
        switch phase {
        case .open: return .startIdleTimer
        case .goingAway: return .close
        case .draining, .closed: return .none
        }
    }

    /// The client broke the protocol (here, or in the frame decoder): the connection closes.
    mutating func protocolViolation(_ reason: String) -> Action {
        phase = .closed
        calls = [:]
        return .closeForViolation(GoAway(lastStreamID: highestStreamID, code: UInt32(RPCError.Code.internalError.rawValue), reason: reason))
    }
}

extension Metadata {
    /// The bytes of the keys and values, as the metadata limit counts them.
    var wireSize: Int {
        reduce(0) { total, entry in
            switch entry.value {
            case .string(let text): total + entry.key.utf8.count + text.utf8.count
            case .binary(let bytes): total + entry.key.utf8.count + bytes.count
            }
        }
    }
}

extension Duration {
    /// The duration in whole milliseconds.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
