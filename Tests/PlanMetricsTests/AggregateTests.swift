import GRPCCore
import PlanMetrics
import PlanModel
import PlanAPI
import Testing

@Suite("Aggregate")
struct AggregateTests {
    static let printedColumns: [(FigureColumn, DeliverableRow.Column)] = [
        (.planned2018, .planned2018), (.actual2018, .actual2018), (.planned2019, .planned2019),
        (.planned2020, .planned2020),
    ]

    static let drilldownSets: [[Dimension]] = [
        [], [.programme], [.unit], [.category], [.part], [.period, .subcategory], [.programme, .category],
        [.measure], [.category, .measure, .programme],
    ]

    /// Every cell equals the tally computed from the export records of its group and measure.
    func expectMatchesRecords(
        _ response: AggregateResponse, column: DeliverableRow.Column, drilldowns: [Dimension],
        kept: [DeliverableRecord], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        var groups: Set<[String]> = []
        for record in kept { groups.insert(drilldowns.map { key($0, of: record) } + [record.measureCode ?? ""]) }
        #expect(response.totalCellCount == groups.count, sourceLocation: sourceLocation)
        for cell in response.cells {
            #expect(cell.drilldown.map(\.dimension) == drilldowns, sourceLocation: sourceLocation)
            let rows = kept.filter { record in
                record.measureCode == cell.measure?.code
                    && zip(drilldowns, cell.drilldown).allSatisfy { key($0, of: record) == $1.key }
            }
            let expected = tally(rows.map { $0.row[column] })
            #expect(cell.sum == expected.sum, "\(cell)", sourceLocation: sourceLocation)
            #expect(cell.count == expected.count, sourceLocation: sourceLocation)
            #expect(cell.countReported == expected.reported, sourceLocation: sourceLocation)
            #expect(cell.countDashes == expected.dashes, sourceLocation: sourceLocation)
        }
        let measures = Set(kept.map(\.measureCode))
        #expect(response.summary.count == measures.count, sourceLocation: sourceLocation)
        for cell in response.summary {
            let expected = tally(kept.filter { $0.measureCode == cell.measure?.code }.map { $0.row[column] })
            #expect(cell.drilldown.isEmpty, sourceLocation: sourceLocation)
            #expect(cell.sum == expected.sum && cell.count == expected.count, sourceLocation: sourceLocation)
            #expect(cell.countReported == expected.reported, sourceLocation: sourceLocation)
        }
    }

    @Test("a drilldown without measure keeps measure implicitly: sums per group and measure equal the records'")
    func drilldownKeepsMeasureImplicitly() async throws {
        for (column, printed) in Self.printedColumns {
            for drilldowns in Self.drilldownSets {
                await Task.yield()  // long in a debug build: leave the concurrency pool to other tests too
                let response = try unpaged.aggregate(
                    AggregateRequest(column: column, drilldowns: drilldowns))
                expectMatchesRecords(response, column: printed, drilldowns: drilldowns, kept: records)
                #expect(response.nextPageToken.isEmpty)
            }
        }
    }

    @Test("cuts keep only the rows whose key is one of the values, combined with AND")
    func cuts() throws {
        let cutSets: [([Cut], (DeliverableRecord) -> Bool)] = [
            ([Cut(dimension: .programme, values: ["p6"])], { $0.programme == 6 }),
            ([Cut(dimension: .category, values: ["A", "B"])], { ["A", "B"].contains($0.row.category.letter) }),
            (
                [Cut(dimension: .programme, values: ["p2", "p24"]), Cut(dimension: .measure, values: ["documents"])],
                { [2, 24].contains($0.programme) && $0.measureCode == "documents" }
            ),
            ([Cut(dimension: .period, values: ["2020"])], { $0.period == .year2020 }),
            ([Cut(dimension: .measure, values: [""])], { $0.measureCode == nil }),
        ]
        for (cuts, keep) in cutSets {
            let kept = records.filter(keep)
            #expect(!kept.isEmpty)
            for drilldowns in [[], [Dimension.unit], [.subcategory]] {
                let response = try unpaged.aggregate(
                    AggregateRequest(column: .planned2020, drilldowns: drilldowns, cuts: cuts))
                expectMatchesRecords(response, column: .planned2020, drilldowns: drilldowns, kept: kept)
            }
        }
    }

    @Test("a dash counts 0 and is reported; a blank is left out and counted apart")
    func dashesAndBlanks() throws {
        let dashed = try #require(record(line: 110))
        #expect(dashed.row.planned2018 == .dash && dashed.row.planned2020 == .number(8))
        let blank = try #require(record(line: 5594))
        #expect(DeliverableRow.Column.allCases.allSatisfy { blank.row[$0] == .blank })
        for row in [dashed, blank] {
            let response = try service.aggregate(
                AggregateRequest(
                    column: .planned2018, drilldowns: [.unit, .subcategory],
                    cuts: [
                        Cut(dimension: .unit, values: [row.unitID]),
                        Cut(dimension: .subcategory, values: [row.subcategory]),
                        Cut(dimension: .measure, values: [row.measureCode ?? ""]),
                    ]))
            let cell = try #require(response.cells.first { $0.drilldown[0].key == row.unitID })
            let rows = records.filter {
                $0.unitID == row.unitID && $0.subcategory == row.subcategory && $0.measureCode == row.measureCode
            }
            #expect(cell.count == rows.count)
            if row.row.line == 110 {
                #expect(cell.countDashes >= 1 && cell.countReported == cell.count)
            } else {
                #expect(cell.countReported < cell.count && cell.countDashes == 0)
            }
        }
        // The dash row alone: sum 0, reported 1; the blank row alone: reported 0, counted 1.
        let single = try service.aggregate(
            AggregateRequest(
                column: .actual2018, drilldowns: [.unit],
                cuts: [Cut(dimension: .unit, values: [dashed.unitID]), Cut(dimension: .measure, values: ["materials"])]))
        let materials = records.filter { $0.unitID == dashed.unitID && $0.measureCode == "materials" }
        #expect(single.cells.first?.sum == tally(materials.map(\.row.actual2018)).sum)
        #expect(single.cells.first?.countDashes == materials.filter { $0.row.actual2018 == .dash }.count)
    }

    @Test("recorded actuals are aggregated apart from printed ones; nothing recorded is blank")
    func recordedActuals() throws {
        let empty = try service.aggregate(AggregateRequest(column: .actual2019))
        #expect(empty.summary.allSatisfy { $0.countReported == 0 && $0.sum == 0 })
        let rows = records.filter { $0.measureCode == "documents" }.prefix(3).map(\.row.id)
        let actuals = RecordedActuals(actual2019: [rows[0]: .number(7), rows[1]: .dash])
        let recorded = MetricsService(catalogue: catalogue, actuals: actuals)
        let response = try recorded.aggregate(
            AggregateRequest(column: .actual2019, cuts: [Cut(dimension: .measure, values: ["documents"])]))
        #expect(response.summary.count == 1)
        #expect(response.summary[0].sum == 7 && response.summary[0].countReported == 2)
        #expect(response.summary[0].countDashes == 1)
        #expect(response.summary[0].count == records.filter { $0.measureCode == "documents" }.count)
    }

    @Test("order by sum descending, ties in default order; by a drilldown key in document order")
    func order() throws {
        let bySum = try unpaged.aggregate(
            AggregateRequest(
                column: .planned2019, drilldowns: [.programme], order: [AggregateOrder(key: .aggregate(.sum), descending: true)],))
        #expect(zip(bySum.cells, bySum.cells.dropFirst()).allSatisfy { $0.sum >= $1.sum })
        let byProgramme = try unpaged.aggregate(
            AggregateRequest(
                column: .planned2019, drilldowns: [.programme], order: [AggregateOrder(key: .dimension(.programme))],))
        let numbers = byProgramme.cells.map { Int($0.drilldown[0].key.dropFirst())! }
        #expect(numbers == numbers.sorted())
        let byMeasureThenCount = try unpaged.aggregate(
            AggregateRequest(
                column: .planned2019, drilldowns: [.unit],
                order: [AggregateOrder(key: .dimension(.measure)), AggregateOrder(key: .aggregate(.count), descending: true)],))
        for (left, right) in zip(byMeasureThenCount.cells, byMeasureThenCount.cells.dropFirst())
        where left.measure == right.measure {
            #expect(left.count >= right.count)
        }
    }

    @Test("pagination walks every cell once, in the order of one big page")
    func pagination() throws {
        let request = AggregateRequest(column: .planned2018, drilldowns: [.unit, .category])
        let everything = try unpaged.aggregate(request).cells
        let walked = try walk(pageSize: 7) { (size, token) throws(RPCError) in
            var paged = request
            paged.pageSize = size
            paged.pageToken = token
            let response = try service.aggregate(paged)
            #expect(response.totalCellCount == everything.count)
            return (response.cells, response.nextPageToken)
        }
        #expect(walked == everything)
        #expect(everything.count > 100)
    }

    @Test("bad drilldowns, cuts, orders and page tokens are INVALID_ARGUMENT naming the field; unknown ids NOT_FOUND")
    func errors() {
        expectRPCError(.invalidArgument, naming: "drilldowns") {
            try service.aggregate(AggregateRequest(column: .planned2018, drilldowns: [.unit, .unit]))
        }
        expectRPCError(.notFound, naming: "cuts") {
            try service.aggregate(AggregateRequest(column: .planned2018, cuts: [Cut(dimension: .programme, values: ["p99"])]))
        }
        expectRPCError(.notFound, naming: "cuts") {
            try service.aggregate(AggregateRequest(column: .planned2018, cuts: [Cut(dimension: .row, values: ["20.3.r999"])]))
        }
        expectRPCError(.invalidArgument, naming: "cuts") {
            try service.aggregate(AggregateRequest(column: .planned2018, cuts: [Cut(dimension: .category, values: ["Z"])]))
        }
        expectRPCError(.invalidArgument, naming: "cuts") {
            try service.aggregate(AggregateRequest(column: .planned2018, cuts: [Cut(dimension: .measure, values: ["words"])]))
        }
        expectRPCError(.invalidArgument, naming: "cuts") {
            try service.aggregate(AggregateRequest(column: .planned2018, cuts: [Cut(dimension: .period, values: [])]))
        }
        expectRPCError(.invalidArgument, naming: "order") {
            try service.aggregate(
                AggregateRequest(column: .planned2018, drilldowns: [.unit], order: [AggregateOrder(key: .dimension(.programme))]))
        }
        expectRPCError(.invalidArgument, naming: "page_token") {
            try service.aggregate(AggregateRequest(column: .planned2018, pageToken: "bogus"))
        }
    }

    @Test("a cut on a unit of the document that has no deliverables rows keeps nothing, without an error")
    func cutWithoutRows() throws {
        let unit = try #require(
            catalogue.programmes.flatMap(\.units).first { !service.table.contains(.unit, key: $0.id) },
            "some unit of the document has no deliverables rows")
        let cut = [Cut(dimension: .unit, values: [unit.id])]
        let answer = try service.aggregate(AggregateRequest(column: .planned2018, drilldowns: [.measure], cuts: cut))
        #expect(answer.cells.isEmpty)
        #expect(try service.streamRows(StreamRowsRequest(cuts: cut)).isEmpty)
        // With a unit that has rows, the cut's values combine with OR as before.
        let withRows = try #require(service.table.facts.first?.unitID)
        let both = try service.streamRows(StreamRowsRequest(cuts: [Cut(dimension: .unit, values: [unit.id, withRows])]))
        #expect(!both.isEmpty && both.allSatisfy { $0.unitID == withRows })
    }

    @Test("a page token is refused with other cuts")
    func tokenBoundToFilters() throws {
        let first = try service.aggregate(AggregateRequest(column: .planned2018, drilldowns: [.unit], pageSize: 2))
        #expect(!first.nextPageToken.isEmpty)
        expectRPCError(.invalidArgument, naming: "page_token") {
            try service.aggregate(
                AggregateRequest(
                    column: .planned2018, drilldowns: [.unit], cuts: [Cut(dimension: .programme, values: ["p6"])],
                    pageSize: 2, pageToken: first.nextPageToken))
        }
    }
}
