import PlanModel
import Testing

@testable import PlanAPI
@testable import PlanProtobuf

/// Encodes `value` and decodes the bytes again.
func roundTrip<Value: ProtobufCodable>(_ value: Value) throws -> Value {
    try Value(serializedBytes: value.serializedBytes())
}

/// The `ProtobufError` `body` throws, or `nil` (recorded as a test issue) when it throws none
/// or another error.
func protobufError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> ProtobufError? {
    do {
        try body()
        Issue.record("expected a ProtobufError, nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as ProtobufError {
        return error
    } catch {
        Issue.record("expected a ProtobufError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// Hand-written protobuf encodings, for bytes Swift values cannot produce (invalid UTF-8,
/// unknown enum values, unset oneofs).
struct ProtoBytes {
    var bytes: [UInt8] = []

    private mutating func append(varint value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// Appends a varint field.
    func varint(_ field: Int, _ value: UInt64) -> ProtoBytes {
        var copy = self
        copy.append(varint: UInt64(field << 3))
        copy.append(varint: value)
        return copy
    }

    /// Appends a length-delimited field (string, bytes or sub-message).
    func bytes(_ field: Int, _ payload: [UInt8]) -> ProtoBytes {
        var copy = self
        copy.append(varint: UInt64(field << 3 | 2))
        copy.append(varint: UInt64(payload.count))
        copy.bytes += payload
        return copy
    }

    /// Appends a string field.
    func string(_ field: Int, _ text: String) -> ProtoBytes { bytes(field, Array(text.utf8)) }

    /// Appends a sub-message field.
    func message(_ field: Int, _ message: ProtoBytes) -> ProtoBytes { bytes(field, message.bytes) }
}

/// A small deterministic random number generator (SplitMix64), so failures reproduce.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Model values with every optional both present and absent, and Chinese text.
enum Samples {
    static let mandates = [
        Mandate(id: "p6.m1", issuingBody: "大会决议", symbols: ["72/288", "72/304"], title: "联合国宪章的解释", line: 12),
        Mandate(id: "p6.m2", issuingBody: "安全理事会决议", symbols: ["2334 (2016)"], title: nil, line: 13),
        Mandate(id: "p6.m3", issuingBody: "", symbols: [], title: "", line: 0),
        Mandate(
            id: "p20.m11", issuingBody: "大会决议", symbols: ["62/134"], title: "消除一切表现形式的强奸和其他形式性暴力", line: 4670,
            lines: [4660, 4670]),
    ]

    /// A planned result with every field set, and one with a chart instead of a table.
    static let results = [
        PlannedResult(
            id: "p6.sp1.result", unitID: "p6.sp1", programme: 6, title: "为重振后的驻地协调员制度创造授权型环境",
            paragraphs: [Paragraph(number: "6.31", text: "2018 年，大会通过了第 72/279 号决议。", line: 1299)],
            challenge: [Paragraph(number: "6.32", text: "面临的挑战是", line: 1303)],
            evidence: [Paragraph(number: nil, text: "", line: 1309)],
            performance: PerformanceMeasures(
                caption: nil,
                cells: [
                    PerformanceCell(year: 2018, text: "重振后的驻地协调员制度缺乏东道国协定", lines: [1319]),
                    PerformanceCell(year: 2019, text: "", lines: []),
                    PerformanceCell(year: 2020, text: "签署 149 项东道国协定", lines: [1318, 1319]),
                ], line: 1315),
            line: 1295),
        PlannedResult(
            id: "p6.o2.result", unitID: "p6.o2", programme: 6, title: "证据收集扩大",
            performance: PerformanceMeasures(caption: "可用数据来源的数量", line: 1834), line: 1815),
        PlannedResult(id: "", unitID: "", programme: 0, title: "", line: 0),
    ]

    static let narrative = NarrativeSection(
        id: "p6.n1", heading: "总方向",
        paragraphs: [
            Paragraph(number: "6.1", text: "法律事务厅负责向联合国各主要机关提供统一的中央法律服务。", line: 20),
            Paragraph(number: nil, text: "(a) 未编号的分项", line: 21),
            Paragraph(number: "", text: "", line: 22),
        ], line: 19)

    static let objective = Objective(id: "p6.sp1.objective", paragraph: "6.10", text: "宗旨是促进国际法的发展。", line: 30)

    static let units = [
        PlanModel.Unit(
            id: "p6.sp1", kind: .subprogramme, number: "1", title: "向联合国整个系统提供全面的法律服务", programme: 6,
            partID: nil, parentID: nil, objective: objective, narrative: [narrative], mandates: mandates,
            tableIDs: ["6.1", "6.2"], line: 28),
        PlanModel.Unit(
            id: "p25.A.sp1.c3", kind: .component, number: "1(a)", title: "构成部分", programme: 25,
            partID: "p25.A", parentID: "p25.A.sp1", line: 900),
        PlanModel.Unit(id: "p4.o2", kind: .office, number: nil, title: "联合国停战监督组织", programme: 4, line: 400),
        PlanModel.Unit(id: "p21.programme", kind: .programme, number: nil, title: "", programme: 21, partID: "", line: 1),
    ]

    static let parts = [
        Part(id: "p25.A", letter: "A", title: "统一安全管理", programme: 25, mandates: mandates, line: 880),
        Part(id: "p1.g2", letter: nil, title: "会议管理，日内瓦", programme: 1, line: 5),
        Part(id: "p1.g3", letter: "", title: "", programme: 1, line: 6),
    ]

    static let programme = Programme(
        number: 6, title: "法律事务", parts: parts, units: units, mandates: mandates, narrative: [narrative], line: 10)

    static let rows = [
        DeliverableRow(
            id: "6.1.r1", category: .a, quantified: true, subcategory: "议事机构文件", measureText: "文件数量",
            measure: .documents, planned2018: .number(13300), actual2018: .number(0), planned2019: .dash,
            planned2020: .blank, footnoteMarkers: ["a", "b"], line: 100),
        DeliverableRow(
            id: "6.1.r2", category: .d, printedCategory: "C", quantified: false, subcategory: "协商、咨询和倡导",
            measureText: nil, measure: nil, line: 101),
        DeliverableRow(
            id: "6.1.r3", category: .b, quantified: true, subcategory: "研讨会", measureText: "天数（估计）",
            measure: nil, planned2018: .dash, actual2018: .blank, planned2019: .number(-1),
            planned2020: .number(Int(Int64.max)), line: 102),
    ]

    static let table = DeliverableTable(
        id: "6.1", printedLabel: "22.3", title: "按类别和子类别分列的 2018-2020 年期间应交付产出", period: .years2018to2020,
        unitID: "p6.sp1", rows: rows, footnotes: [Footnote(marker: "a", text: "包括特别会议。", line: 110)], line: 99)

    static let emptyTable = DeliverableTable(
        id: "9.9", printedLabel: nil, title: "", period: .year2020, unitID: "p9.sp9", line: 1)
}
