import GRPCCore
import PlanMetrics
import PlanModel
import PlanAPI
import Testing

@Suite("ImplementationRate and Change")
struct ComparisonTests {
    /// Planned, actual, compared and skipped over `rows`, computed independently.
    func pair(_ rows: [DeliverableRecord], _ from: DeliverableRow.Column, _ to: DeliverableRow.Column)
        -> (from: Int, to: Int, compared: Int, skipped: Int)
    {
        var result = (from: 0, to: 0, compared: 0, skipped: 0)
        for row in rows {
            if let before = row.row[from].countedValue, let after = row.row[to].countedValue {
                result.from += before
                result.to += after
                result.compared += 1
            } else {
                result.skipped += 1
            }
        }
        return result
    }

    @Test("2018 implementation rate per unit, programme and category, always per measure, with the counts used")
    func implementationRate() throws {
        for drilldowns in [[Dimension.unit], [.programme], [.category], [.programme, .category]] {
            let response = try unpaged.implementationRate(
                ImplementationRateRequest(year: 2018, drilldowns: drilldowns))
            #expect(response.year == 2018 && response.nextPageToken.isEmpty)
            for cell in response.cells {
                let rows = records.filter { record in
                    record.measureCode == cell.measure?.code
                        && zip(drilldowns, cell.drilldown).allSatisfy { key($0, of: record) == $1.key }
                }
                let expected = pair(rows, .planned2018, .actual2018)
                #expect(cell.planned == expected.from && cell.actual == expected.to, "\(cell)")
                #expect(cell.rowsCompared == expected.compared && cell.rowsSkipped == expected.skipped)
                #expect(cell.rowsCompared + cell.rowsSkipped == rows.count)
                if expected.from == 0 {
                    #expect(cell.rate == nil)
                } else {
                    #expect(cell.rate == Double(expected.to) / Double(expected.from))
                }
            }
        }
    }

    @Test("a rate over rows with planned 0 is absent; 2019 compares recorded actuals")
    func zeroPlannedAndRecordedYears() throws {
        let dashed = try #require(record(line: 110))
        let response = try service.implementationRate(
            ImplementationRateRequest(
                year: 2018, drilldowns: [.unit, .subcategory],
                cuts: [Cut(dimension: .unit, values: [dashed.unitID]), Cut(dimension: .subcategory, values: [dashed.subcategory])]))
        let cell = try #require(response.cells.first { $0.measure?.code == dashed.measureCode })
        #expect(cell.planned == 0 && cell.rate == nil && cell.rowsCompared >= 1)

        let documents = records.filter { $0.measureCode == "documents" && $0.row.planned2019.countedValue != nil }
        let row = documents[0]
        let recorded = MetricsService(
            catalogue: catalogue, actuals: RecordedActuals(actual2019: [row.row.id: .number(3)]))
        let rate = try recorded.implementationRate(
            ImplementationRateRequest(year: 2019, cuts: [Cut(dimension: .measure, values: ["documents"])]))
        #expect(rate.cells.count == 1)
        #expect(rate.cells[0].rowsCompared == 1 && rate.cells[0].actual == 3)
        #expect(rate.cells[0].planned == row.row.planned2019.countedValue)
        #expect(rate.cells[0].rowsSkipped == records.filter { $0.measureCode == "documents" }.count - 1)
    }

    @Test("a year other than 2018, 2019 or 2020 is INVALID_ARGUMENT naming year")
    func badYear() {
        expectRPCError(.invalidArgument, naming: "year") {
            try service.implementationRate(ImplementationRateRequest(year: 2017))
        }
    }

    @Test("change from planned 2019 to planned 2020 per group and measure, absolute and relative")
    func change() throws {
        for drilldowns in [[Dimension.programme], [.category], [.unit]] {
            let response = try unpaged.change(ChangeRequest(drilldowns: drilldowns))
            #expect(!response.cells.isEmpty)
            for cell in response.cells {
                let rows = records.filter { record in
                    record.measureCode == cell.measure?.code
                        && zip(drilldowns, cell.drilldown).allSatisfy { key($0, of: record) == $1.key }
                }
                let expected = pair(rows, .planned2019, .planned2020)
                #expect(cell.planned2019 == expected.from && cell.planned2020 == expected.to)
                #expect(cell.difference == expected.to - expected.from)
                #expect(cell.rowsCompared == expected.compared && cell.rowsSkipped == expected.skipped)
                #expect(
                    cell.fraction
                        == (expected.from == 0 ? nil : Double(expected.to - expected.from) / Double(expected.from)))
            }
        }
    }

    @Test("rate and change pages walk every cell once")
    func pages() throws {
        let all = try unpaged.change(ChangeRequest(drilldowns: [.unit])).cells
        let walked = try walk(pageSize: 9) { (size, token) throws(RPCError) in
            let page = try service.change(ChangeRequest(drilldowns: [.unit], pageSize: size, pageToken: token))
            return (page.cells, page.nextPageToken)
        }
        #expect(walked == all)
        let rates = try unpaged.implementationRate(ImplementationRateRequest(year: 2018, drilldowns: [.unit])).cells
        let walkedRates = try walk(pageSize: 11) { (size, token) throws(RPCError) in
            let page = try service.implementationRate(
                ImplementationRateRequest(year: 2018, drilldowns: [.unit], pageSize: size, pageToken: token))
            return (page.cells, page.nextPageToken)
        }
        #expect(walkedRates == rates)
    }
}
