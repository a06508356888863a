import GRPCCore
@testable import PlanWire
import Testing


@Suite("Transport messages (plan.wire.v1) through WireCodable")
struct ProtobufWireMessagesTests {
    /// Encodes through WireCodable and decodes again.
    func wireRoundTrip<Message: WireCodable>(_ message: Message) throws -> Message {
        try Message(serializedBytes: message.serializedBytes())
    }

    var metadata: Metadata {
        var metadata = Metadata()
        metadata.addString("Bearer 令牌", forKey: "authorization")
        metadata.addString("first", forKey: "x-repeated")
        metadata.addString("", forKey: "x-repeated")
        metadata.addBinary([0, 1, 2, 255], forKey: "trace-bin")
        metadata.addBinary([], forKey: "empty-bin")
        return metadata
    }

    @Test("Hello")
    func hello() throws {
        let hello = Hello(version: 1, maxMessageSize: 4 << 20, acceptEncodings: ["identity", "deflate"], agent: "规划 0.1")
        #expect(try wireRoundTrip(hello) == hello)
        let empty = Hello(version: 0, maxMessageSize: 0, acceptEncodings: [], agent: "")
        #expect(try empty.serializedBytes() == [])
        #expect(try wireRoundTrip(empty) == empty)
    }

    @Test("CallHeaders: metadata in order, text and binary; a zero timeout is not an absent one")
    func callHeaders() throws {
        let headers = CallHeaders(
            method: "/plan.v1.Catalogue/GetProgramme", metadata: metadata, timeoutMicros: 0,
            messageEncoding: "deflate", acceptEncodings: ["identity"])
        let decoded = try wireRoundTrip(headers)
        #expect(decoded.method == headers.method)
        #expect(decoded.metadata == headers.metadata)
        #expect(decoded.timeoutMicros == 0)
        #expect(decoded.messageEncoding == "deflate")
        #expect(decoded.acceptEncodings == ["identity"])

        var noDeadline = headers
        noDeadline.timeoutMicros = nil
        #expect(try wireRoundTrip(noDeadline).timeoutMicros == nil)
        #expect(try noDeadline.serializedBytes() != headers.serializedBytes())
        noDeadline.timeoutMicros = .max
        #expect(try wireRoundTrip(noDeadline).timeoutMicros == .max)
    }

    @Test("ResponseHeaders, Trailers, Cancel, GoAway")
    func others() throws {
        let response = ResponseHeaders(metadata: metadata, messageEncoding: "identity")
        let decodedResponse = try wireRoundTrip(response)
        #expect(decodedResponse.metadata == metadata)
        #expect(decodedResponse.messageEncoding == "identity")

        let trailers = Trailers(code: 5, message: "没有编号为 99 的方案", metadata: metadata)
        let decodedTrailers = try wireRoundTrip(trailers)
        #expect(decodedTrailers.code == 5)
        #expect(decodedTrailers.message == trailers.message)
        #expect(decodedTrailers.metadata == metadata)
        #expect(try wireRoundTrip(Trailers(code: 0, message: "", metadata: [:])).metadata.isEmpty)

        #expect(try wireRoundTrip(Cancel(reason: "deadline exceeded")) == Cancel(reason: "deadline exceeded"))
        let goAway = GoAway(lastStreamID: .max, code: 14, reason: "draining")
        #expect(try wireRoundTrip(goAway) == goAway)
    }

    @Test("a binary metadata value whose key does not end in -bin is rejected")
    func binaryKey() {
        let entry = ProtoBytes().string(1, "trace").bytes(3, [1, 2])
        let headers = ProtoBytes().string(1, "/a/b").message(2, entry)
        let error = protobufError { _ = try CallHeaders(serializedBytes: headers.bytes) }
        #expect(
            error?.description
                == "plan.wire.v1.CallHeaders.metadata[0].key: a binary value needs a key ending in \"-bin\", not \"trace\"")
    }

    @Test("a metadata entry with neither text nor binary is rejected")
    func emptyEntry() {
        let trailers = ProtoBytes().varint(1, 0).message(3, ProtoBytes().string(1, "x-empty"))
        let error = protobufError { _ = try Trailers(serializedBytes: trailers.bytes) }
        #expect(error?.field == "metadata[0]")
        #expect(error?.message == "plan.wire.v1.Trailers")
    }

    @Test("an embedded NUL in a metadata value is rejected, naming the entry")
    func metadataNUL() {
        var metadata = Metadata()
        metadata.addString("ok", forKey: "a")
        metadata.addString("bad\u{0}value", forKey: "b")
        let error = protobufError { _ = try ResponseHeaders(metadata: metadata, messageEncoding: "").serializedBytes() }
        #expect(error?.description
            == "plan.wire.v1.ResponseHeaders.metadata[1].text: the string holds a NUL byte (U+0000), which the protobuf-c encoding cannot carry")
    }
}
