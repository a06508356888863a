import GRPCCore
import PlanModel
import PlanWire

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
        let facts = try table.facts(cut: request.cuts)
        let column = request.column
        let actuals = self.actuals
        let cells = try table.groups(of: facts, by: request.drilldowns).map { aggregateCell($0, column: column, actuals: actuals) }
        let ordered = try order(cells, by: request.order, drilldowns: request.drilldowns)
        let summary = try table.groups(of: facts, by: []).map { aggregateCell($0, column: column, actuals: actuals) }
        let page = try pagination.page(
            of: ordered, pageSize: request.pageSize, pageToken: request.pageToken,
            filters: "aggregate|\(column)|\(request.drilldowns)|\(request.cuts.fingerprint)|\(request.order)")
        return AggregateResponse(
            column: column, cells: page.items, summary: summary, totalCellCount: ordered.count,
            nextPageToken: page.nextPageToken)
    }

    /// The aggregates of one group, with the actuals recorded in `actuals`.
    private func aggregateCell(_ group: Group, column: FigureColumn, actuals: RecordedActuals) -> AggregateCell {
        let figures = group.facts.map { FactTable.figure(column, of: $0, actuals: actuals) }
        return AggregateCell(
            drilldown: group.drilldown, measure: group.measure,
            sum: figures.reduce(0) { $0 + ($1.countedValue ?? 0) }, count: figures.count,
            countReported: figures.filter(\.isReported).count, countDashes: figures.filter { $0 == .dash }.count)
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
        return cells.enumerated().sorted { lhs, rhs in
            for item in order {
                let left = value(item.key, lhs.element)
                let right = value(item.key, rhs.element)
                if left != right { return item.descending ? left > right : left < right }
            }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }
}
