import Foundation
import PlanIngest
import PlanModel
import Testing

@testable import PlanAPI
@testable import PlanProtobuf

/// The bytes of every message of the contract's services (catalogue, metrics, health), filled
/// from the whole embedded catalogue, pinned by a golden file of SHA-256 digests.
///
/// The golden file was written by the hand-written encoders the generated ones replaced
/// (`PLAN_UPDATE_GOLDEN=1 swift test --filter ContractGoldenTests` rewrites it): the generated
/// code puts exactly the same bytes on the wire, and keeps doing so.
@Suite("contract golden bytes")
struct ContractGoldenTests {
    static let goldenURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden/contract-messages.sha256")

    @Test("SHA-256 gives the FIPS 180-4 digests")
    func sha256() {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("every message encodes to the golden bytes, and decodes back equal")
    func goldenBytes() throws {
        let samples = try Self.samples()
        let lines = samples.map { "\($0.digest)  \($0.byteCount)  \($0.label)" }
        if ProcessInfo.processInfo.environment["PLAN_UPDATE_GOLDEN"] == "1" {
            try (lines.joined(separator: "\n") + "\n").write(to: Self.goldenURL, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOf: Self.goldenURL, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(golden.count == lines.count)
        for (line, expected) in zip(lines, golden) {
            #expect(line == expected)
        }
        for sample in samples { #expect(sample.roundTrips, "\(sample.label) does not decode back equal") }
        // Every message catalogue.proto (20), metrics.proto (25) and health.proto (2) had when the
        // golden file was written is covered; ListResultsRequest, ListResultsResponse and
        // GetResultRequest came later (their round trips are in ProtobufServiceMessagesTests).
        // RowBatch came later too: its line was added by the generated encoder, and is the
        // hand-written GetFiguresResponse's line (the same field 1 of the same rows).
        let covered = Set(samples.map(\.messageName))
        #expect(covered.count == 48, "covered: \(covered.sorted())")
    }

    struct Sample {
        var label: String
        var messageName: String
        var digest: String
        var byteCount: Int
        var roundTrips: Bool
    }

    static func sample<Value: ProtobufCodable & Equatable>(_ label: String, _ value: Value) throws -> Sample {
        let bytes = try value.serializedBytes()
        let back = try Value(serializedBytes: bytes)
        return Sample(
            label: "\(Value.protoName) \(label)", messageName: Value.protoName, digest: SHA256.hex(bytes),
            byteCount: bytes.count, roundTrips: back == value)
    }

    /// One or more values of every message, in a fixed order, from the embedded catalogue.
    static func samples() throws -> [Sample] {
        let catalogue = try DocumentReader().readEmbedded().catalogue
        let units = catalogue.units
        let rows = catalogue.rows
        var samples: [Sample] = []
        func add<Value: ProtobufCodable & Equatable>(_ label: String, _ value: Value) throws {
            samples.append(try sample(label, value))
        }

        // plan.v1.Catalogue
        try add("basic page", ListProgrammesRequest(pageSize: 5, pageToken: "token", view: .basic))
        try add("default", ListProgrammesRequest(pageSize: 0, pageToken: "", view: .full))
        try add("all programmes", ListProgrammesResponse(programmes: catalogue.programmes, nextPageToken: "next"))
        for programme in catalogue.programmes {
            try add(programme.id, GetProgrammeRequest(programmeID: programme.id, view: .full))
        }
        try add("filtered", ListUnitsRequest(programmeID: "p25", partID: "p25.A", kind: .component, pageSize: 7, pageToken: "t"))
        try add("all", ListUnitsRequest(programmeID: "", partID: "", kind: nil, pageSize: 0, pageToken: ""))
        try add("all units", ListUnitsResponse(units: units, nextPageToken: ""))
        for unit in units { try add(unit.id, GetUnitRequest(unitID: unit.id)) }
        try add("filtered", ListObjectivesRequest(programmeID: "p6", partID: "p6.g1", pageSize: 3, pageToken: "t"))
        let objectives = units.compactMap { unit in
            unit.objective.map {
                ObjectiveEntry(unitID: unit.id, unitTitle: unit.title, programme: unit.programme, objective: $0)
            }
        }
        for entry in objectives { try add(entry.unitID, entry) }
        try add("all objectives", ListObjectivesResponse(objectives: objectives, nextPageToken: "n"))
        try add("filtered", ListMandatesRequest(programmeID: "p6", issuingBody: "大会决议", symbol: "72/288", pageSize: 2, pageToken: "t"))
        var mandates: [MandateEntry] = []
        for programme in catalogue.programmes {
            mandates += programme.mandates.map { MandateEntry(ownerID: programme.id, programme: programme.number, mandate: $0) }
            for part in programme.parts {
                mandates += part.mandates.map { MandateEntry(ownerID: part.id, programme: programme.number, mandate: $0) }
            }
            for unit in programme.units {
                mandates += unit.mandates.map { MandateEntry(ownerID: unit.id, programme: programme.number, mandate: $0) }
            }
        }
        try add("all mandates", ListMandatesResponse(mandates: mandates, nextPageToken: ""))
        try add("filtered", ListTablesRequest(programmeID: "p6", unitID: "p6.sp1", period: .year2020, view: .basic, pageSize: 4, pageToken: "t"))
        try add("all", ListTablesRequest(programmeID: "", unitID: "", period: nil, view: .full, pageSize: 0, pageToken: ""))
        try add("all tables", ListTablesResponse(tables: catalogue.tables, nextPageToken: "n"))
        for table in catalogue.tables { try add(table.id, GetTableRequest(tableID: table.id)) }
        try add("every scope", SearchRequest(query: "法律 事务", programmeID: "p6", scopes: SearchScope.allCases, pageSize: 9, pageToken: "t"))
        let hits = units.enumerated().map { index, unit in
            SearchHit(
                score: 1.0 / Double(index + 1), snippet: unit.title,
                highlights: [TextRange(start: 0, length: min(2, unit.title.unicodeScalars.count)), TextRange(start: index, length: 0)],
                location: SearchLocation(
                    scope: SearchScope.allCases[index % SearchScope.allCases.count], entityID: unit.id, field: "title",
                    programme: unit.programme, unitID: unit.id, line: unit.line))
        }
        try add("a hit per unit", SearchResponse(hits: hits, nextPageToken: "n", totalHits: hits.count))

        // plan.v1.Metrics
        try add("table", GetFiguresRequest(target: .tableID(catalogue.tables[0].id)))
        try add("row", GetFiguresRequest(target: .rowID(rows[0].id)))
        let tableOfRow = Dictionary(catalogue.tables.flatMap { table in table.rows.map { ($0.id, table) } }, uniquingKeysWith: { a, _ in a })
        let programmeOfUnit = Dictionary(units.map { ($0.id, $0.programme) }, uniquingKeysWith: { a, _ in a })
        let rowFigures = rows.enumerated().map { index, row in
            let table = tableOfRow[row.id]!
            return RowFigures(
                tableID: table.id, unitID: table.unitID, programme: programmeOfUnit[table.unitID] ?? 0, row: row,
                actual2019: index % 3 == 0 ? .number(index) : index % 3 == 1 ? .dash : .blank,
                actual2020: index % 2 == 0 ? .blank : .number(-index))
        }
        try add("every row", GetFiguresResponse(rows: rowFigures))
        try add("every row", RowBatch(rows: rowFigures))
        let cuts = [
            Cut(dimension: .programme, values: ["p6", "p25"]), Cut(dimension: .measure, values: ["documents", ""]),
            Cut(dimension: .row, values: rows.prefix(3).map(\.id)),
        ]
        let orders = [
            AggregateOrder(key: .dimension(.unit), descending: true), AggregateOrder(key: .aggregate(.countReported), descending: false),
        ]
        for column in FigureColumn.allCases {
            try add(column.rawValue, AggregateRequest(column: column, drilldowns: Dimension.allCases, cuts: cuts, order: orders, pageSize: 50, pageToken: "t"))
        }
        let values = units.map { DimensionValue(dimension: .unit, key: $0.id, label: $0.title) }
        let measures: [Measure?] = [nil] + Measure.allCases
        let cells = values.enumerated().map { index, value in
            AggregateCell(
                drilldown: [DimensionValue(dimension: .programme, key: "p\(index % 28 + 1)", label: ""), value],
                measure: measures[index % measures.count], sum: index * 1000 - 5, count: index, countReported: index / 2,
                countDashes: index / 3)
        }
        try add("a cell per unit", AggregateResponse(column: .actual2019, cells: cells, summary: Array(cells.prefix(3)), totalCellCount: cells.count, nextPageToken: "n"))
        try add("2018", ImplementationRateRequest(year: 2018, drilldowns: [.programme, .category], cuts: cuts, pageSize: 10, pageToken: "t"))
        let rates = values.enumerated().map { index, value in
            RateCell(
                drilldown: [value], measure: measures[index % measures.count], planned: index * 10, actual: index * 7,
                rowsCompared: index, rowsSkipped: index % 4, rate: index == 0 ? nil : 0.7)
        }
        try add("a cell per unit", ImplementationRateResponse(year: 2019, cells: rates, nextPageToken: "n"))
        try add("by row", ChangeRequest(drilldowns: [.row], cuts: cuts, pageSize: 20, pageToken: "t"))
        let changes = values.enumerated().map { index, value in
            ChangeCell(
                drilldown: [value], measure: measures[index % measures.count], planned2019: index * 10, planned2020: index * 11,
                difference: index, fraction: index == 0 ? nil : 0.1, rowsCompared: index, rowsSkipped: 0)
        }
        try add("a cell per unit", ChangeResponse(cells: changes, nextPageToken: ""))
        for metric in RankingMetric.allCases {
            try add(metric.rawValue, RankingsRequest(
                by: .unit, measure: .documents, metric: metric, column: metric == .total ? .planned2020 : nil,
                year: metric == .gap ? 2019 : 0, cuts: cuts, ascending: metric == .gap, limit: 10))
        }
        let entries = values.enumerated().map { index, value in
            RankingEntry(rank: index / 2 + 1, item: value, value: Double(index) * 1.5, rows: index)
        }
        try add("a unit per entry", RankingsResponse(by: .unit, measure: .threeHourMeetings, metric: .change, entries: entries))
        let recordings = rows.prefix(200).enumerated().map { index, row in
            Recording(
                sequence: UInt64(index + 1), rowID: row.id, tableID: tableOfRow[row.id]!.id, programme: index % 28 + 1,
                year: 2019 + index % 2, value: index % 2 == 0 ? .number(index) : .dash,
                previous: index % 3 == 0 ? .blank : .number(index - 1), reportedBy: "报告人 \(index)",
                sourceNote: index % 2 == 0 ? "A/74/6" : "", requestID: "request-\(index)",
                recordedAtUnixMicros: 1_700_000_000_000_000 + index)
        }
        for (index, recording) in recordings.prefix(20).enumerated() {
            try add(recording.rowID, RecordActualRequest(
                rowID: recording.rowID, year: recording.year, value: recording.value, reportedBy: recording.reportedBy,
                sourceNote: recording.sourceNote, requestID: recording.requestID))
            try add(recording.rowID, RecordActualResponse(recording: recording, replayed: index % 2 == 1))
            try add(recording.rowID, recording)
        }
        try add("first row", RowHistoryRequest(rowID: rows[0].id, pageSize: 5, pageToken: "t"))
        try add("first row", RowHistoryResponse(current: rowFigures[0], recordings: recordings, nextPageToken: "n"))
        try add("from now", WatchRecordingsRequest(programmeID: "p6", tableID: "6.1", rowID: "6.1.r1", afterSequence: nil))
        try add("resumed at 0", WatchRecordingsRequest(programmeID: "", tableID: "", rowID: "", afterSequence: 0))
        try add("resumed", WatchRecordingsRequest(programmeID: "", tableID: "", rowID: "", afterSequence: UInt64.max))
        try add("cuts", StreamRowsRequest(cuts: cuts))
        for row in rowFigures.prefix(50) { try add(row.row.id, row) }

        // grpc.health.v1.Health
        try add("server", HealthCheckRequest(service: ""))
        try add("catalogue", HealthCheckRequest(service: "plan.v1.Catalogue"))
        for status in HealthCheckResponse.ServingStatus.allCases {
            try add("\(status)", HealthCheckResponse(status: status))
        }

        // Sub-messages on their own.
        for value in values.prefix(5) { try add(value.key, value) }
        for cut in cuts { try add("\(cut.dimension)", cut) }
        for (index, order) in orders.enumerated() { try add("order \(index)", order) }
        for cell in cells.prefix(5) { try add("\(cell.sum)", cell) }
        for cell in rates.prefix(5) { try add("\(cell.planned)", cell) }
        for cell in changes.prefix(5) { try add("\(cell.planned2019)", cell) }
        for entry in entries.prefix(5) { try add("\(entry.rank)", entry) }
        for hit in hits.prefix(5) { try add(hit.location.entityID, hit) }
        for hit in hits.prefix(5) { try add(hit.location.entityID, hit.location) }
        for range in hits[0].highlights { try add("\(range.start)", range) }
        for entry in mandates.prefix(5) { try add(entry.mandate.id, entry) }
        return samples
    }
}
