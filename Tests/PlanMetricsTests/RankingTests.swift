import GRPCCore
import PlanMetrics
import PlanModel
import PlanAPI
import Testing

@Suite("Rankings and gaps")
struct RankingTests {
    /// Entries are ordered in the direction asked, ranks are 1-based and ties share a rank.
    func expectRanked(_ entries: [RankingEntry], ascending: Bool, sourceLocation: SourceLocation = #_sourceLocation) {
        for (index, (left, right)) in zip(entries, entries.dropFirst()).enumerated() {
            #expect(ascending ? left.value <= right.value : left.value >= right.value, sourceLocation: sourceLocation)
            #expect(right.rank == (left.value == right.value ? left.rank : index + 2), sourceLocation: sourceLocation)
        }
        #expect(entries.first?.rank ?? 1 == 1, sourceLocation: sourceLocation)
    }

    @Test("programmes ranked by their planned 2020 total of documents equal the records' sums")
    func totals() throws {
        let response = try service.rankings(
            RankingsRequest(by: .programme, measure: .documents, metric: .total, column: .planned2020))
        expectRanked(response.entries, ascending: false)
        for entry in response.entries {
            let rows = records.filter { "p\($0.programme)" == entry.item.key && $0.measureCode == "documents" }
            let expected = tally(rows.map(\.row.planned2020))
            #expect(entry.value == Double(expected.sum) && entry.rows == expected.reported)
        }
        let limited = try service.rankings(
            RankingsRequest(by: .programme, measure: .documents, metric: .total, column: .planned2020, ascending: true, limit: 3))
        #expect(limited.entries.count == 3)
        expectRanked(limited.entries, ascending: true)
        #expect(limited.entries.first?.value == response.entries.last?.value)
    }

    @Test("rate, change and change fraction rankings are ordered and leave out groups without a value")
    func otherMetrics() throws {
        for metric in [RankingMetric.implementationRate, .change, .changeFraction] {
            for ascending in [false, true] {
                let response = try service.rankings(
                    RankingsRequest(by: .unit, measure: .threeHourMeetings, metric: metric, year: 2018, ascending: ascending))
                #expect(!response.entries.isEmpty)
                expectRanked(response.entries, ascending: ascending)
                #expect(response.entries.allSatisfy { $0.rows > 0 && $0.value.isFinite })
            }
        }
    }

    @Test("a total without a column and a rate without a good year are INVALID_ARGUMENT")
    func errors() {
        expectRPCError(.invalidArgument, naming: "column") {
            try service.rankings(RankingsRequest(by: .unit, measure: .documents, metric: .total))
        }
        expectRPCError(.invalidArgument, naming: "year") {
            try service.rankings(RankingsRequest(by: .unit, measure: .documents, metric: .implementationRate))
        }
        expectRPCError(.notFound, naming: "cuts") {
            try service.rankings(
                RankingsRequest(
                    by: .unit, measure: .documents, metric: .change, cuts: [Cut(dimension: .unit, values: ["nowhere"])]))
        }
    }

    @Test("rows, units and programmes with the largest 2018 shortfall or excess, per measure")
    func gaps() throws {
        for level in [Dimension.row, .unit, .programme] {
            let shortfalls = try service.rankings(
                RankingsRequest(by: level, measure: .documents, metric: .gap, year: 2018, ascending: true)
            ).entries
            let excesses = try service.rankings(
                RankingsRequest(by: level, measure: .documents, metric: .gap, year: 2018, limit: 5)
            ).entries
            #expect(!shortfalls.isEmpty && excesses.count == 5)
            #expect(zip(shortfalls, shortfalls.dropFirst()).allSatisfy { $0.value <= $1.value })
            #expect(zip(excesses, excesses.dropFirst()).allSatisfy { $0.value >= $1.value })
            #expect(excesses.first?.value == shortfalls.last?.value)
        }
        let worstRow = try #require(
            try service.rankings(
                RankingsRequest(by: .row, measure: .documents, metric: .gap, year: 2018, ascending: true, limit: 1)
            ).entries.first)
        let row = try #require(records.first { $0.row.id == worstRow.item.key })
        #expect(worstRow.item.label == row.row.subcategory)
        #expect(Int(worstRow.value) == row.row.actual2018.countedValue! - row.row.planned2018.countedValue!)
        let expectedWorst = records.filter { $0.measureCode == "documents" }.compactMap { record -> Int? in
            guard let planned = record.row.planned2018.countedValue, let actual = record.row.actual2018.countedValue else {
                return nil
            }
            return actual - planned
        }.min()
        #expect(worstRow.value == expectedWorst.map(Double.init))
        expectRPCError(.invalidArgument, naming: "year") {
            try service.rankings(RankingsRequest(by: .row, measure: .documents, metric: .gap, year: 2017))
        }
    }

    @Test("a drilldown by row gives each row's own implementation rate")
    func perRowRate() throws {
        let cells = try unpaged.implementationRate(
            ImplementationRateRequest(
                year: 2018, drilldowns: [.row], cuts: [Cut(dimension: .measure, values: ["documents"])], pageSize: 100_000)
        ).cells
        let expected = records.filter {
            $0.measureCode == "documents" && $0.row.planned2018.countedValue != nil && $0.row.actual2018.countedValue != nil
        }
        #expect(cells.filter { $0.rowsCompared == 1 }.count == expected.count)
        for record in expected {
            let cell = try #require(cells.first { $0.drilldown.first?.key == record.row.id })
            #expect(cell.planned == record.row.planned2018.countedValue && cell.actual == record.row.actual2018.countedValue)
        }
    }
}
