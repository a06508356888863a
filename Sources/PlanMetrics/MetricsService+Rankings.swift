import GRPCCore
import PlanModel
import PlanAPI

extension MetricsService {
    /// The groups of one dimension ranked by a metric within one measure, largest first unless
    /// `ascending`; ties share a rank (1, 1, 3) and keep document order. Groups without a value
    /// (no reported row; a rate or fraction over a planned sum of 0) are left out.
    /// INVALID_ARGUMENT naming `column` when a total names none, `year` for a bad year.
    public func rankings(_ request: RankingsRequest) throws(RPCError) -> RankingsResponse {
        guard request.limit >= 0 else {
            throw RPCError(code: .invalidArgument, message: "limit must not be negative, got \(request.limit)")
        }
        let selection = try table.rows(cut: request.cuts, measure: request.measure)
        let actuals = self.actuals
        var scored: [(item: DimensionValue, value: Double, rows: Int)] = []
        for group in try table.groups(of: selection, by: [request.by]) {
            guard let item = group.drilldown.first, let score = try score(group, for: request, actuals: actuals) else { continue }
            scored.append((item, score.value, score.rows))
        }
        let ranked = Self.ranked(scored, ascending: request.ascending)
        let entries = request.limit == 0 ? ranked : Array(ranked.prefix(request.limit))
        return RankingsResponse(by: request.by, measure: request.measure, metric: request.metric, entries: entries)
    }

    /// A group's value for the request's metric and the rows behind it, `nil` if it has none.
    private func score(
        _ group: Group, for request: RankingsRequest, actuals: RecordedActuals
    ) throws(RPCError) -> (value: Double, rows: Int)? {
        switch request.metric {
        case .total:
            guard let column = request.column else {
                throw RPCError(code: .invalidArgument, message: "column must be set for a total ranking")
            }
            let facts = table.facts
            let figures = group.rows.compactMap { FactTable.figure(column, of: facts[Int($0)], actuals: actuals).countedValue }
            return figures.isEmpty ? nil : (Double(figures.reduce(0, +)), figures.count)
        case .implementationRate:
            let cell = try rateCell(group, year: request.year, actuals: actuals)
            return cell.rate.map { ($0, cell.rowsCompared) }
        case .change:
            let cell = changeCell(group)
            return cell.rowsCompared == 0 ? nil : (Double(cell.difference), cell.rowsCompared)
        case .changeFraction:
            let cell = changeCell(group)
            return cell.fraction.map { ($0, cell.rowsCompared) }
        case .gap:
            let (plannedColumn, actualColumn) = try Self.columns(comparingYear: request.year)
            let pair = compare(group.rows, plannedColumn, actualColumn, actuals: actuals)
            return pair.compared == 0 ? nil : (Double(pair.to - pair.from), pair.compared)
        }
    }

    /// Entries ordered by value (largest first unless `ascending`), stable for ties, which share
    /// a rank.
    static func ranked(
        _ scored: [(item: DimensionValue, value: Double, rows: Int)], ascending: Bool
    ) -> [RankingEntry] {
        let sorted = scored.enumerated().sorted { lhs, rhs in
            if lhs.element.value != rhs.element.value {
                return ascending ? lhs.element.value < rhs.element.value : lhs.element.value > rhs.element.value
            }
            return lhs.offset < rhs.offset
        }.map(\.element)
        var entries: [RankingEntry] = []
        for (index, entry) in sorted.enumerated() {
            let rank = index > 0 && sorted[index - 1].value == entry.value ? entries[index - 1].rank : index + 1
            entries.append(RankingEntry(rank: rank, item: entry.item, value: entry.value, rows: entry.rows))
        }
        return entries
    }
}
