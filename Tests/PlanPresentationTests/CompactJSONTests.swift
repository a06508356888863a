import Foundation
import PlanAPI
import PlanCatalogue
import PlanIngest
import PlanMetrics
import PlanModel
import Testing

@testable import PlanPresentation

/// The JSON mapping's own writer (``CompactJSONEncoder``) against Foundation's JSONEncoder set
/// up as the mapping had it before (sorted keys, slashes unescaped, the same snake_case keys):
/// the same bytes for every answer of the embedded document, and for the edge cases of RFC 8259.
@Suite("CompactJSONEncoder: JSONEncoder's bytes")
struct CompactJSONTests {
    static let catalogue: Catalogue = {
        do { return try DocumentReader().readEmbedded().catalogue } catch {
            fatalError("the embedded document does not read: \(error)")
        }
    }()

    /// JSONEncoder as `JSONMapping.encode` used it.
    static func foundation(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .custom { path in Key(JSONMapping.unicodeSnakeCase(path.last!.stringValue)) }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Both encodings of `value`, which must be equal.
    static func expectSame(_ value: some Encodable, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let ours = try JSONMapping.encodeBytes(value)
        let theirs = try foundation(value)
        #expect(ours == theirs, "\(String(decoding: ours.prefix(300), as: UTF8.self)) …", sourceLocation: sourceLocation)
    }

    @Test("the whole catalogue, every programme, table and row as the document prints them")
    func catalogue() throws {
        try Self.expectSame(Self.catalogue)
        for programme in Self.catalogue.programmes { try Self.expectSame(programme) }
    }

    @Test("every metrics answer: rows, figures, aggregates, rates, change, rankings")
    func metrics() throws {
        let service = MetricsService(catalogue: Self.catalogue)
        let rows = try service.streamRows(StreamRowsRequest())
        #expect(rows.count > 900)
        try Self.expectSame(rows)
        for dimension in Dimension.allCases {
            try Self.expectSame(service.aggregate(AggregateRequest(column: .planned2020, drilldowns: [dimension], pageSize: 100)))
            try Self.expectSame(service.implementationRate(ImplementationRateRequest(year: 2018, drilldowns: [dimension], pageSize: 100)))
            try Self.expectSame(service.change(ChangeRequest(drilldowns: [dimension], pageSize: 100)))
            for metric in RankingMetric.allCases {
                try Self.expectSame(
                    service.rankings(RankingsRequest(by: dimension, measure: .documents, metric: metric, column: .planned2020, year: 2018)))
            }
        }
        try Self.expectSame(service.getFigures(GetFiguresRequest(target: .tableID("20.3"))))
    }

    @Test("search answers, with their floating-point scores")
    func search() throws {
        let service = CatalogueService(catalogue: Self.catalogue)
        for query in ["会议", "法律", "可持续发展", "p6"] {
            try Self.expectSame(service.search(SearchRequest(query: query, pageSize: 100)))
        }
    }

    @Test("strings: RFC 8259 escapes and nothing more; Chinese, slashes and DEL as UTF-8")
    func strings() throws {
        var text = ""
        for scalar in 0..<0x80 { text.unicodeScalars.append(Unicode.Scalar(UInt8(scalar))) }
        text += "\u{2028}\u{2029}中文（会议）—\u{FEFF}\u{10FFFF}😀e\u{301}"
        try Self.expectSame([text])
        let written = String(decoding: try JSONMapping.encodeBytes(["a\"b\\c/d\u{0}\u{1F}\n\t中"]), as: UTF8.self)
        #expect(written == #"["a\"b\\c/d\u0000\u001f\n\t中"]"#)
    }

    @Test("numbers as printed: integers to their limits, floating point as JSONEncoder writes it; NaN refused")
    func numbers() throws {
        try Self.expectSame([Int.min, -1, 0, 1, Int.max])
        try Self.expectSame([UInt64.max, 0])
        try Self.expectSame([Int8.min, Int8.max])
        let doubles: [Double] = [
            0, -0.0, 0.5, 1, 100, 1e15, 1e16, 1e-5, 1e-7, 0.1 + 0.2, 2.0 / 3, 12345678.9, 5e-324,
            .greatestFiniteMagnitude, -3.25, 1e21,
        ]
        try Self.expectSame(doubles)
        try Self.expectSame([Float(0.1), Float(1), Float(-2.5)])
        #expect(throws: EncodingError.self) { try JSONMapping.encodeBytes([Double.nan]) }
        #expect(throws: EncodingError.self) { try JSONMapping.encodeBytes([Double.infinity]) }
    }

    @Test("a figure's number, zero, dash and blank stay four things")
    func figures() throws {
        let figures: [Figure] = [.number(13300), .number(0), .dash, .blank]
        #expect(String(decoding: try JSONMapping.encodeBytes(figures), as: UTF8.self) == #"[13300,0,"—",null]"#)
        try Self.expectSame(figures)
    }

    /// Encodable shapes the answers do not have but Codable allows.
    struct Shapes: Encodable {
        enum Choice: Encodable { case tableID(String), rowID(String, line: Int), none }
        var choices: [Choice] = [.tableID("20.3"), .rowID("20.3.r4", line: 10), .none]
        var absent: Int? = nil
        var present: Int? = 0
        var byName: [String: Int] = ["zeta": 1, "alphaBeta": 2, "中文": 3, "a_b": 4]
        var nested: [[String]] = [[], ["a"], ["b", "c"]]
        var empty = Empty()
        var custom = Custom()

        struct Empty: Encodable {
            func encode(to encoder: any Encoder) throws {}
        }

        struct Custom: Encodable {
            enum Keys: String, CodingKey { case bKey, aKey, nestedThing }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Keys.self)
                try container.encode(1, forKey: .bKey)
                try container.encode(2, forKey: .aKey)
                try container.encode(3, forKey: .aKey)
                var nested = container.nestedContainer(keyedBy: Keys.self, forKey: .nestedThing)
                try nested.encode("x", forKey: .bKey)
                var list = nested.nestedUnkeyedContainer(forKey: .aKey)
                try list.encode(true)
                try list.encodeNil()
                var again = encoder.container(keyedBy: Keys.self)
                try again.encode("last", forKey: .bKey)
            }
        }
    }

    @Test("Codable's other shapes: enums with values, nil left out, dictionaries, empty values, keys twice")
    func shapes() throws {
        try Self.expectSame(Shapes())
        let text = String(decoding: try JSONMapping.encodeBytes(Shapes.Custom()), as: UTF8.self)
        #expect(text == #"{"a_key":3,"b_key":"last","nested_thing":{"a_key":[true,null],"b_key":"x"}}"#)
    }

    @Test("snake_case keys: the ASCII rule is the Unicode one")
    func snakeCase() {
        for key in ["nextPageToken", "planned2020", "tableIDs", "partID", "a1b2C3", "URLValue", "x", "", "already_snake", "ID9x"] {
            #expect(JSONMapping.snakeCase(key) == JSONMapping.unicodeSnakeCase(key), "\(key)")
        }
        #expect(JSONMapping.snakeCase("actual2019") == "actual_2019")
        #expect(JSONMapping.snakeCase("名称Id") == JSONMapping.unicodeSnakeCase("名称Id"))
    }
}
