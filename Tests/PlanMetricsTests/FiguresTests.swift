import GRPCCore
import PlanMetrics
import PlanModel
import PlanAPI
import Testing

@Suite("GetFigures and StreamRows")
struct FiguresTests {
    @Test("a row keeps its numbers, dashes and blanks, and blank recorded actuals")
    func row() throws {
        let dashed = try #require(record(line: 110))
        let response = try service.getFigures(GetFiguresRequest(target: .rowID(dashed.row.id)))
        #expect(response.rows.count == 1)
        let figures = response.rows[0]
        #expect(figures.row == dashed.row && figures.tableID == dashed.tableID && figures.unitID == dashed.unitID)
        #expect(figures.programme == dashed.programme)
        #expect(figures.row.planned2018 == .dash && figures.row.planned2020 == .number(8))
        #expect(figures.actual2019 == .blank && figures.actual2020 == .blank)
        let blank = try #require(record(line: 5594))
        let blankFigures = try service.getFigures(GetFiguresRequest(target: .rowID(blank.row.id))).rows[0]
        #expect(DeliverableRow.Column.allCases.allSatisfy { blankFigures.row[$0] == .blank })
    }

    @Test("a table's rows come in document order; recorded actuals show")
    func table() throws {
        let dashed = try #require(record(line: 110))
        let recorded = MetricsService(catalogue: catalogue, actuals: RecordedActuals(actual2020: [dashed.row.id: .dash]))
        let response = try recorded.getFigures(GetFiguresRequest(target: .tableID(dashed.tableID)))
        #expect(response.rows.map(\.row) == records.filter { $0.tableID == dashed.tableID }.map(\.row))
        #expect(response.rows.first { $0.row.id == dashed.row.id }?.actual2020 == .dash)
    }

    @Test("unknown ids are NOT_FOUND naming the id")
    func notFound() {
        expectRPCError(.notFound, naming: "99.9") { try service.getFigures(GetFiguresRequest(target: .tableID("99.9"))) }
        expectRPCError(.notFound, naming: "99.9.r1") { try service.getFigures(GetFiguresRequest(target: .rowID("99.9.r1"))) }
    }

    @Test("StreamRows keeps the rows the cuts keep, in document order")
    func streamRows() throws {
        let rows = try service.streamRows(StreamRowsRequest(cuts: [Cut(dimension: .programme, values: ["p6"])]))
        #expect(rows.map(\.row) == records.filter { $0.programme == 6 }.map(\.row))
    }
}
