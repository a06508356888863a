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

    /// The mapping's encoding of `value` (its generated writer for a ``JSONWritable`` value),
    /// CompactJSONEncoder's of its `Encodable` form and Foundation's, which must all be equal.
    static func expectSame(_ value: some Encodable, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let theirs = try foundation(value)
        let ours = try JSONMapping.encodeBytes(value)
        #expect(difference(ours, theirs) == nil, sourceLocation: sourceLocation)
        if value is any JSONWritable {
            let tree = try CompactJSONEncoder(convertKey: JSONMapping.snakeCase).encode(value)
            #expect(difference(tree, theirs) == nil, "CompactJSONEncoder", sourceLocation: sourceLocation)
        }
    }

    /// Where `ours` first differs from `theirs`, with some bytes of each from a little before;
    /// nil when they are equal.
    static func difference(_ ours: [UInt8], _ theirs: [UInt8]) -> String? {
        guard ours != theirs else { return nil }
        let offset = zip(ours, theirs).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(ours.count, theirs.count)
        func excerpt(_ bytes: [UInt8]) -> String {
            String(decoding: bytes[max(0, offset - 40)..<min(bytes.count, offset + 40)], as: UTF8.self)
        }
        return "byte \(offset) of \(ours.count) (expected \(theirs.count)): …\(excerpt(ours))… expected …\(excerpt(theirs))…"
    }

    /// ``expectSame(_:sourceLocation:)`` for an answer of the contract, which must write itself
    /// (the generated writer, not the `Encodable` containers).
    static func expectWritten(_ value: some Encodable, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(value is any JSONWritable, "\(type(of: value)) has no generated JSON writer", sourceLocation: sourceLocation)
        try expectSame(value, sourceLocation: sourceLocation)
    }

    @Test("the whole catalogue, every programme, table and row as the document prints them")
    func catalogue() throws {
        try Self.expectSame(Self.catalogue)
        for programme in Self.catalogue.programmes { try Self.expectWritten(programme) }
        for table in Self.catalogue.tables { try Self.expectWritten(table) }
    }

    @Test("every catalogue answer, in both views, every unit and result")
    func catalogueAnswers() throws {
        let service = CatalogueService(catalogue: Self.catalogue)
        for view in CatalogueView.allCases {
            try Self.expectWritten(service.listProgrammes(ListProgrammesRequest(pageSize: 100, view: view)))
            try Self.expectWritten(service.getProgramme(GetProgrammeRequest(programmeID: "p6", view: view)))
        }
        for programme in Self.catalogue.programmes {
            let query = (programmeID: programme.id, pageSize: 100)
            try Self.expectWritten(service.listUnits(ListUnitsRequest(programmeID: query.programmeID, pageSize: query.pageSize)))
            try Self.expectWritten(service.listObjectives(ListObjectivesRequest(programmeID: query.programmeID, pageSize: query.pageSize)))
            try Self.expectWritten(service.listMandates(ListMandatesRequest(programmeID: query.programmeID, pageSize: query.pageSize)))
            try Self.expectWritten(service.listResults(ListResultsRequest(programmeID: query.programmeID, pageSize: query.pageSize)))
            try Self.expectWritten(service.listTables(ListTablesRequest(programmeID: query.programmeID, pageSize: query.pageSize)))
        }
        #expect(Self.catalogue.units.count > 100)
        for unit in Self.catalogue.units { try Self.expectWritten(service.getUnit(GetUnitRequest(unitID: unit.id))) }
        for result in Self.catalogue.plannedResults {
            try Self.expectWritten(service.getResult(GetResultRequest(resultID: result.id)))
        }
        try Self.expectWritten(HealthCheckResponse(status: .serving))
    }

    @Test("every metrics answer: rows, figures, aggregates, rates, change, rankings, recordings")
    func metrics() throws {
        let service = MetricsService(catalogue: Self.catalogue)
        let rows = try service.streamRows(StreamRowsRequest())
        #expect(rows.count > 900)
        try Self.expectWritten(rows)
        for dimension in Dimension.allCases {
            try Self.expectWritten(service.aggregate(AggregateRequest(column: .planned2020, drilldowns: [dimension], pageSize: 100)))
            try Self.expectWritten(service.implementationRate(ImplementationRateRequest(year: 2018, drilldowns: [dimension], pageSize: 100)))
            try Self.expectWritten(service.change(ChangeRequest(drilldowns: [dimension], pageSize: 100)))
            for metric in RankingMetric.allCases {
                try Self.expectWritten(
                    service.rankings(RankingsRequest(by: dimension, measure: .documents, metric: metric, column: .planned2020, year: 2018)))
            }
        }
        try Self.expectWritten(service.getFigures(GetFiguresRequest(target: .tableID("20.3"))))
        let recordings = [
            Recording(
                sequence: .max, rowID: "20.3.r4", tableID: "20.3", programme: 20, year: 2019, value: .number(0),
                previous: .blank, reportedBy: "a\u{0}b \"中\"", sourceNote: "", requestID: "r-1", recordedAtUnixMicros: -1),
            Recording(value: .dash, previous: .number(13300)),
        ]
        try Self.expectWritten(RowHistoryResponse(current: rows[0], recordings: recordings, nextPageToken: "t"))
        try Self.expectWritten(RecordActualResponse(recording: recordings[0], replayed: true))
    }

    @Test("search answers, with their floating-point scores")
    func search() throws {
        let service = CatalogueService(catalogue: Self.catalogue)
        for query in ["会议", "法律", "可持续发展", "p6"] {
            try Self.expectWritten(service.search(SearchRequest(query: query, pageSize: 100)))
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
