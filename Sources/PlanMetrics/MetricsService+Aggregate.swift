import GRPCCore
import PlanModel
import PlanAPI

extension MetricsService {
    /// Sums and counts of a figure column per drilldown group and measure, in the manner of
    /// OpenSpending's aggregate API.
    ///
    /// Measure is always a grouping: a drilldown without `measure` keeps it implicitly, so every
    /// cell holds rows of one measure. A dash counts 0 and is reported; a blank is left out of
    /// the sum and of `countReported` (blanks are `count − countReported`). The summary holds
    /// one cell per measure over every row the cuts keep. INVALID_ARGUMENT naming `drilldowns`,
    /// `cuts`, `order` or `page_token` for bad requests.
    public func aggregate(_ request: AggregateRequest) throws(RPCError) -> AggregateResponse {
        let selection = try table.rows(cut: request.cuts)
        let column = request.column
        let grouping = try table.grouping(of: selection, by: request.drilldowns)
        // Only the recorded columns read the store's actuals.
        let actuals = column.isRecorded ? self.actuals : RecordedActuals()
        let tallies = tally(column, of: selection, by: grouping, actuals: actuals)
        let values = table.drilldowns(of: grouping)
        let measures = table.measures(of: grouping)
        let cells = tallies.indices.map { group in tallies[group].cell(drilldown: values[group], measure: measures[group]) }
        let ordered = try order(cells, by: request.order, drilldowns: request.drilldowns)
        let summary = Self.summary(of: cells)
        let page = try pagination.page(
            of: ordered, pageSize: request.pageSize, pageToken: request.pageToken,
            filters: "aggregate|\(column.described)|\(request.drilldowns.described)|\(request.cuts.fingerprint)|"
                + (request.order.isEmpty ? "[]" : "\(request.order)"))
        return AggregateResponse(
            column: column, cells: page.items, summary: summary, totalCellCount: ordered.count,
            nextPageToken: page.nextPageToken)
    }

    /// The sum and counts of one group.
    struct Tally {
        var sum = 0
        var count = 0
        var countReported = 0
        var countDashes = 0

        /// Counts `figure`: a number adds its value, a dash 0, both are reported; a blank is
        /// only counted.
        @inline(__always) mutating func add(_ figure: Figure) {
            count += 1
            switch figure {
            case .number(let value):
                sum += value
                countReported += 1
            case .dash:
                countReported += 1
                countDashes += 1
            case .blank: break
            }
        }

        mutating func add(_ other: Tally) {
            sum += other.sum
            count += other.count
            countReported += other.countReported
            countDashes += other.countDashes
        }

        func cell(drilldown: [DimensionValue], measure: Measure?) -> AggregateCell {
            AggregateCell(
                drilldown: drilldown, measure: measure, sum: sum, count: count, countReported: countReported,
                countDashes: countDashes)
        }
    }

    /// The tally of `column` (recorded actuals from `actuals`) of each group of `grouping`, in
    /// one pass over the selected rows.
    private func tally(
        _ column: FigureColumn, of selection: RowSelection, by grouping: Grouping, actuals: RecordedActuals
    ) -> [Tally] {
        var tallies = [Tally](repeating: Tally(), count: grouping.count)
        let facts = table.facts
        let groupOfRow = grouping.groupOfRow
        func run(_ figure: (Int) -> Figure) {
            if let positions = selection.positions {
                for index in positions.indices { tallies[Int(groupOfRow[index])].add(figure(Int(positions[index]))) }
            } else {
                for index in 0..<selection.count { tallies[Int(groupOfRow[index])].add(figure(index)) }
            }
        }
        switch column {
        case .planned2018: run { facts[$0].row.planned2018 }
        case .actual2018: run { facts[$0].row.actual2018 }
        case .planned2019: run { facts[$0].row.planned2019 }
        case .planned2020: run { facts[$0].row.planned2020 }
        case .actual2019, .actual2020: run { FactTable.figure(column, of: facts[$0], actuals: actuals) }
        }
        return tallies
    }

    /// One cell per measure over all `cells` (each of one measure), in measure order: the
    /// cells' tallies added by measure.
    static func summary(of cells: [AggregateCell]) -> [AggregateCell] {
        let measures = FactTable.measures
        var byMeasure = [Tally?](repeating: nil, count: measures.count + 1)
        for cell in cells {
            let rank = FactTable.measureRank(cell.measure)
            var tally = byMeasure[rank] ?? Tally()
            tally.add(
                Tally(sum: cell.sum, count: cell.count, countReported: cell.countReported, countDashes: cell.countDashes))
            byMeasure[rank] = tally
        }
        return byMeasure.indices.compactMap { rank in
            byMeasure[rank]?.cell(drilldown: [], measure: rank < measures.count ? measures[rank] : nil)
        }
    }

    /// `cells` (in default order) sorted by `order`; ties keep the default order. A dimension
    /// key orders by document order; it must be a drilldown or `measure`, else INVALID_ARGUMENT
    /// naming `order`.
    private func order(
        _ cells: [AggregateCell], by order: [AggregateOrder], drilldowns: [Dimension]
    ) throws(RPCError) -> [AggregateCell] {
        for item in order {
            if case .dimension(let dimension) = item.key, dimension != .measure, !drilldowns.contains(dimension) {
                throw RPCError(
                    code: .invalidArgument, message: "order: \(dimension) is neither a drilldown nor measure")
            }
        }
        guard !order.isEmpty else { return cells }
        func value(_ key: AggregateOrder.Key, _ cell: AggregateCell) -> Int {
            switch key {
            case .dimension(.measure): FactTable.measureRank(cell.measure)
            case .dimension(let dimension):
                table.rank(dimension, key: cell.drilldown.first { $0.dimension == dimension }?.key ?? "")
            case .aggregate(.sum): cell.sum
            case .aggregate(.count): cell.count
            case .aggregate(.countReported): cell.countReported
            }
        }
        let keys = cells.map { cell in order.map { value($0.key, cell) } }
        return cells.indices.sorted { lhs, rhs in
            for (offset, item) in order.enumerated() {
                let left = keys[lhs][offset]
                let right = keys[rhs][offset]
                if left != right { return item.descending ? left > right : left < right }
            }
            return lhs < rhs
        }.map { cells[$0] }
    }
}
