import PlanModel
import Testing

@testable import PlanAPI
@testable import PlanWire

@Suite("Strings: NUL bytes and UTF-8")
struct ProtobufValidationTests {
    @Test("an embedded NUL is rejected when packing, naming the message and the field path")
    func nulWhenPacking() {
        var table = Samples.table
        table.rows[1].subcategory = "协商\u{0}咨询"
        let error = protobufError { _ = try table.serializedBytes() }
        #expect(error?.kind == .embeddedNUL)
        #expect(error?.message == "plan.v1.DeliverableTable")
        #expect(error?.field == "rows[1].subcategory")
        #expect(
            error?.description
                == "plan.v1.DeliverableTable.rows[1].subcategory: the string holds a NUL byte (U+0000), which the protobuf-c encoding cannot carry")

        var programme = Samples.programme
        programme.units[0].narrative[0].paragraphs[2].text = "\u{0}"
        #expect(protobufError { _ = try programme.serializedBytes() }?.field == "units[0].narrative[0].paragraphs[2].text")

        var mandate = Samples.mandates[0]
        mandate.symbols[1] = "72/\u{0}304"
        #expect(protobufError { _ = try mandate.serializedBytes() }?.field == "symbols[1]")

        let request = ListMandatesRequest(issuingBody: "大会\u{0}")
        #expect(protobufError { _ = try request.serializedBytes() }?.description.hasPrefix(
            "plan.v1.ListMandatesRequest.issuing_body: the string holds a NUL byte") == true)
    }

    @Test("invalid UTF-8 is rejected when unpacking, naming the message and the field path")
    func invalidUTF8() {
        // A unit whose title is the first two bytes of a three-byte character (规 is E8 A7 84).
        let unit = ProtoBytes().string(1, "p6.sp1").varint(2, 1).bytes(4, [0xE8, 0xA7])
        let response = ProtoBytes().message(1, ProtoBytes().string(1, "p6").message(5, unit))
        let error = protobufError { _ = try ListProgrammesResponse(serializedBytes: response.bytes) }
        #expect(error?.kind == .invalidUTF8)
        #expect(
            error?.description
                == "plan.v1.ListProgrammesResponse.programmes[0].units[0].title: the string is not valid UTF-8")

        for bad: [UInt8] in [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0x61, 0x80], [0xF4, 0x90, 0x80, 0x80]] {
            let mandate = ProtoBytes().bytes(3, Array("72/288".utf8)).bytes(3, bad)
            #expect(protobufError { _ = try Mandate(serializedBytes: mandate.bytes) }?.field == "symbols[1]")
        }
        let cancel = ProtoBytes().bytes(1, [0x80])
        #expect(
            protobufError { _ = try Cancel(serializedBytes: cancel.bytes) }?.description
                == "plan.wire.v1.Cancel.reason: the string is not valid UTF-8")
    }

    @Test("an embedded NUL sent by another implementation is rejected, not cut short")
    func nulWhenUnpacking() throws {
        let footnote = ProtoBytes().string(1, "a").bytes(2, Array("包括\u{0}特别会议".utf8))
        let error = protobufError { _ = try Footnote(serializedBytes: footnote.bytes) }
        #expect(error?.kind == .embeddedNUL)
        #expect(error?.description.hasPrefix("plan.v1.Footnote.text: the string holds a NUL byte") == true)

        let table = ProtoBytes().string(1, "6.1").message(7, ProtoBytes()).message(7, footnote)
        #expect(protobufError { _ = try DeliverableTable(serializedBytes: table.bytes) }?.field == "footnotes[1].text")

        // Zero bytes outside strings (an empty string's length, a zero line) are no NUL.
        let clean = ProtoBytes().string(1, "").string(2, "包括特别会议").varint(3, 0)
        #expect(clean.bytes.contains(0))
        #expect(try Footnote(serializedBytes: clean.bytes) == Footnote(marker: "", text: "包括特别会议", line: 0))
    }

    @Test("valid multi-byte text of every length survives")
    func validText() throws {
        let texts = ["", "a", "é", "法", "𠀀", "😀 emoji", "混合 mixed 文本 — ‘quotes’", String(repeating: "规划", count: 10_000)]
        for text in texts {
            let paragraph = Paragraph(number: text, text: text, line: 1)
            #expect(try roundTrip(paragraph) == paragraph)
        }
    }

    @Test("bytes that are not a message are rejected with their count")
    func malformed() {
        let error = protobufError { _ = try DeliverableTable(serializedBytes: [0x0A, 0x05, 0x41]) }
        #expect(error?.kind == .malformed(byteCount: 3))
        #expect(error?.description == "plan.v1.DeliverableTable: 3 bytes are not a valid encoding of plan.v1.DeliverableTable")
    }

    @Test("numbers that do not fit their field are rejected")
    func outOfRange() {
        let error = protobufError { _ = try Footnote(marker: "a", text: "", line: -1).serializedBytes() }
        #expect(error?.description == "plan.v1.Footnote.line: -1 does not fit in UInt32")
        let page = protobufError { _ = try ListUnitsRequest(pageSize: 1 << 40).serializedBytes() }
        #expect(page?.field == "page_size")
    }
}
