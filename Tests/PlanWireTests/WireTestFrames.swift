import GRPCCore
import NIOCore

@testable import PlanWire

/// Frames as a client or a server would send them, for the state machine and handler tests.
enum WireTestFrames {
    static func frame(_ kind: Frame.Kind, flags: Frame.Flags = [], stream: UInt32, _ payload: [UInt8] = []) -> InboundFrame {
        .frame(Frame(kind: kind, flags: flags, streamID: stream, payload: ByteBuffer(bytes: payload)))
    }

    static func hello(version: UInt32 = 1, maxConcurrentCalls: UInt32 = 0) -> InboundFrame {
        let hello = Hello(version: version, maxMessageSize: 1 << 22, acceptEncodings: ["identity", "deflate"], agent: "test", maxConcurrentCalls: maxConcurrentCalls)
        return frame(.hello, stream: 0, try! hello.serializedBytes())
    }

    static func headers(
        stream: UInt32, method: String = "/test.Echo/Get", metadata: Metadata = [:], timeoutMicros: UInt64? = nil,
        encoding: String = "identity", accept: [String] = ["identity"]
    ) -> InboundFrame {
        let headers = CallHeaders(method: method, metadata: metadata, timeoutMicros: timeoutMicros, messageEncoding: encoding, acceptEncodings: accept)
        return frame(.headers, stream: stream, try! headers.serializedBytes())
    }

    static func trailers(stream: UInt32, code: UInt32 = 0, message: String = "") -> InboundFrame {
        frame(.trailers, stream: stream, try! Trailers(code: code, message: message, metadata: [:]).serializedBytes())
    }

    static func goAway(lastStreamID: UInt32, reason: String = "bye") -> InboundFrame {
        frame(.goAway, stream: 0, try! GoAway(lastStreamID: lastStreamID, code: 0, reason: reason).serializedBytes())
    }

    static func responseHeaders(stream: UInt32, encoding: String = "identity") -> InboundFrame {
        frame(.responseHeaders, stream: stream, try! ResponseHeaders(metadata: [:], messageEncoding: encoding).serializedBytes())
    }
}
