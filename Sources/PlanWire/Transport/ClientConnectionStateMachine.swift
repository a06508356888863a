import GRPCCore
import NIOCore

/// The client side of one PlanWire connection (PROTOCOL.md) as a value: it takes what happens
/// on the connection — a frame from the server, a call being started or abandoned, the
/// connection draining — and returns what the connection handler must do. No I/O, no
/// continuation, no timer: every rule can be checked on a plain value.
///
/// Calls are opened off the event loop and known there by a token; a call's stream id is
/// taken here when its HEADERS are written, so ids reach the server in increasing order
/// however calls interleave (PROTOCOL.md §5). The handler counts the calls opened whose HEADERS
/// are not written yet (`unsentCalls`, an input of every event that may close the connection):
/// a connection that goes away stays open for them.
struct ClientConnectionStateMachine {
    /// The settings the machine enforces.
    struct Settings: Sendable {
        var maxMessageSize: Int
        var maxDecompressedSize: Int
        var acceptEncodings: [String]

        init(_ configuration: PlanWireConfiguration) {
            maxMessageSize = configuration.maxMessageSize
            maxDecompressedSize = configuration.maxDecompressedSize
            acceptEncodings = configuration.acceptEncodings
        }
    }

    /// Where the connection is in its life.
    enum Phase: Equatable {
        /// Waiting for the server's HELLO.
        case connecting
        /// Calls may be opened.
        case ready
        /// The server's notice GOAWAY arrived, or the client drains: no new calls; the calls
        /// open finish. `finalLastStreamID` is set once the server's final GOAWAY arrived.
        case goingAway(finalLastStreamID: UInt32?)
        /// Closed, or closing.
        case closed
    }

    /// The protocol state of one call whose HEADERS went out.
    struct Call: Equatable {
        var responseEncoding = MessageEncoding.identity
    }

    /// What the handler does after an event.
    enum Action: Equatable {
        case none
        /// The server's HELLO arrived: the connection is ready for calls.
        case ready(Hello)
        /// Give a response part to the call's caller.
        case deliver(streamID: UInt32, RPCResponsePart<[UInt8]>)
        /// The call ended with the server's status: deliver it and finish the call's responses.
        case finish(streamID: UInt32, Status, Metadata, close: Bool)
        /// Fail the call with `error`; send CANCEL when `sendCancel`; close the connection when
        /// `close` (it went away and this was its last call).
        case fail(streamID: UInt32, RPCError, sendCancel: Bool, close: Bool)
        /// Answer a PING.
        case sendPingAck(ByteBuffer)
        /// The server answered the keepalive PING.
        case pingAcknowledged
        /// The server went away: no more calls; fail these calls (above its `last_stream_id`,
        /// never started) with UNAVAILABLE; close when `close`.
        case goneAway(failing: [UInt32], reason: String, close: Bool)
        /// The server broke the protocol: fail every call and close.
        case close(reason: String)
    }

    let settings: Settings
    private(set) var phase: Phase = .connecting
    private(set) var calls: [UInt32: Call] = [:]
    private(set) var nextStreamID: UInt32 = 1
    /// The server's HELLO, once it arrived.
    private(set) var serverHello: Hello?

    init(settings: Settings) {
        self.settings = settings
    }

    /// Whether the connection takes new calls.
    var acceptsCalls: Bool { phase == .ready }

    /// The HELLO this client sends first.
    var clientHello: Hello {
        Hello(
            version: PlanWireConfiguration.protocolVersion, maxMessageSize: UInt32(clamping: settings.maxMessageSize),
            acceptEncodings: settings.acceptEncodings, agent: "plan-wire-swift")
    }

    // MARK: - Calls

    /// What to do with a call's HEADERS.
    enum OnHeaders: Equatable {
        /// Write them on this stream.
        case send(streamID: UInt32)
        /// Do not: the call fails with this error, and the connection closes when `close`.
        case refuse(RPCError, close: Bool)
    }

    /// A call's HEADERS are about to be written.
    mutating func sendHeaders(channelActive: Bool, unsentCalls: Int) -> OnHeaders {
        let refusal: String? =
            if !channelActive || phase == .closed { "the connection closed before the call started" }
            else if case .goingAway(let final) = phase, final != nil { "the server went away before the call started" }
            else if phase == .connecting { "the connection is not ready" }
            else if nextStreamID >= UInt32.max - 1 { "the connection ran out of stream ids" }
            else { nil }
        if let refusal {
            return .refuse(RPCError(code: .unavailable, message: refusal), close: closeIfDone(unsentCalls))
        }
        let id = nextStreamID
        nextStreamID += 1
        calls[id] = Call()
        return .send(streamID: id)
    }

    /// The caller gave up on a call before writing its HEADERS: whether the connection closes.
    func unsentCallAbandoned(unsentCalls: Int) -> Bool {
        closeIfDone(unsentCalls)
    }

    /// The caller ends call `id` (cancels it, or abandons it before its TRAILERS): whether a
    /// CANCEL goes out (the call was still open), and whether the connection then closes.
    mutating func cancel(streamID id: UInt32, unsentCalls: Int) -> (sendCancel: Bool, close: Bool) {
        guard calls.removeValue(forKey: id) != nil else { return (false, false) }
        return (true, closeIfDone(unsentCalls))
    }

    /// Whether call `id` is open (its HEADERS went out and it has not ended).
    func isOpen(_ id: UInt32) -> Bool { calls[id] != nil }

    /// The client stops taking calls and closes once the calls in progress end: whether it
    /// closes now.
    mutating func drain(unsentCalls: Int) -> Bool {
        if phase == .ready || phase == .connecting { phase = .goingAway(finalLastStreamID: nil) }
        return closeIfDone(unsentCalls)
    }

    // MARK: - Frames from the server

    /// A frame arrived.
    mutating func receive(_ inbound: InboundFrame, unsentCalls: Int = 0) -> Action {
        guard phase != .closed else { return .none }
        switch inbound {
        case .oversizedMessage(let id, let length):
            return fail(id, RPCError(code: .resourceExhausted, message: "response message of \(length) bytes exceeds the limit of \(settings.maxMessageSize) bytes"), unsentCalls)
        case .frame(let frame):
            switch frame.kind {
            case .hello:
                guard serverHello == nil, frame.streamID == 0, let hello = try? Hello(serializedBytes: frame.payload.readableBytesView),
                    hello.version == PlanWireConfiguration.protocolVersion
                else { return close("the server's HELLO is malformed, repeated, off stream 0 or of another protocol version") }
                serverHello = hello
                if phase == .connecting { phase = .ready }
                return .ready(hello)
            case .responseHeaders:
                guard calls[frame.streamID] != nil else { return .none }
                guard let headers = try? ResponseHeaders(serializedBytes: frame.payload.readableBytesView) else {
                    return fail(frame.streamID, RPCError(code: .internalError, message: "malformed response headers"), unsentCalls)
                }
                guard let encoding = MessageEncoding(name: headers.messageEncoding), settings.acceptEncodings.contains(encoding.rawValue) else {
                    return fail(frame.streamID, RPCError(code: .unimplemented, message: "response encoding '\(headers.messageEncoding)' is not accepted"), unsentCalls)
                }
                calls[frame.streamID]!.responseEncoding = encoding
                return .deliver(streamID: frame.streamID, .metadata(headers.metadata))
            case .message:
                return receiveMessage(frame, unsentCalls)
            case .trailers:
                guard calls.removeValue(forKey: frame.streamID) != nil else { return .none }
                guard let trailers = try? Trailers(serializedBytes: frame.payload.readableBytesView) else {
                    return .fail(streamID: frame.streamID, RPCError(code: .internalError, message: "malformed trailers"), sendCancel: false, close: closeIfDone(unsentCalls))
                }
                let code = Status.Code(rawValue: Int(trailers.code)) ?? .unknown
                return .finish(streamID: frame.streamID, Status(code: code, message: trailers.message), trailers.metadata, close: closeIfDone(unsentCalls))
            case .ping:
                return frame.flags.contains(.ack) ? .pingAcknowledged : .sendPingAck(frame.payload)
            case .goAway:
                let goAway = try? GoAway(serializedBytes: frame.payload.readableBytesView)
                return receiveGoAway(lastStreamID: goAway?.lastStreamID ?? 0, reason: goAway?.reason ?? "", unsentCalls)
            case .headers, .halfClose, .cancel:
                return close("a server may not send \(frame.kind) frames")
            }
        }
    }

    private mutating func receiveMessage(_ frame: Frame, _ unsentCalls: Int) -> Action {
        guard let call = calls[frame.streamID] else { return .none }
        var bytes = Array(frame.payload.readableBytesView)
        if frame.flags.contains(.compressed) {
            guard call.responseEncoding == .deflate else {
                return fail(frame.streamID, RPCError(code: .unimplemented, message: "compressed response on a call whose response encoding is identity"), unsentCalls)
            }
            do {
                bytes = try Zlib.decompress(bytes, limit: settings.maxDecompressedSize)
            } catch {
                let code: RPCError.Code = if case .tooLarge = error { .resourceExhausted } else { .internalError }
                return fail(frame.streamID, RPCError(code: code, message: "\(error)"), unsentCalls)
            }
        }
        return .deliver(streamID: frame.streamID, .message(bytes))
    }

    /// The server asks for no new calls; calls above `lastStreamID` were not started and fail
    /// with UNAVAILABLE, so they can be retried elsewhere. A first GOAWAY names the largest
    /// stream id: calls already being opened still go through.
    private mutating func receiveGoAway(lastStreamID: UInt32, reason: String, _ unsentCalls: Int) -> Action {
        let failing = calls.keys.filter { $0 > lastStreamID }.sorted()
        for id in failing { calls[id] = nil }
        let final: UInt32? = lastStreamID < .max ? lastStreamID : nil
        if case .goingAway(let earlier?) = phase {
            phase = .goingAway(finalLastStreamID: min(earlier, final ?? earlier))
        } else {
            phase = .goingAway(finalLastStreamID: final)
        }
        return .goneAway(failing: failing, reason: reason, close: closeIfDone(unsentCalls))
    }

    /// The connection closed: every call is over.
    mutating func channelClosed() {
        phase = .closed
        calls = [:]
    }

    private mutating func fail(_ id: UInt32, _ error: RPCError, _ unsentCalls: Int) -> Action {
        guard calls.removeValue(forKey: id) != nil else { return .none }
        return .fail(streamID: id, error, sendCancel: true, close: closeIfDone(unsentCalls))
    }

    private mutating func close(_ reason: String) -> Action {
        phase = .closed
        calls = [:]
        return .close(reason: reason)
    }

    private func closeIfDone(_ unsentCalls: Int) -> Bool {
        guard case .goingAway = phase else { return false }
        return calls.isEmpty && unsentCalls == 0
    }
}
