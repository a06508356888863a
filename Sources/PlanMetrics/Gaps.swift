import GRPCCore
import PlanModel
import PlanWire

/// What a gap ranking compares: single rows, units or programmes.
public enum GapLevel: Sendable {
    case row, unit, programme
}

/// The 2018 gap (actual − planned) of a row, unit or programme within one measure.
public struct Gap: Hashable, Sendable {
    /// 1-based rank; ties share a rank.
    public var rank: Int
    /// The unit or programme with its label; `nil` at row level.
    public var item: DimensionValue?
    /// The row's id at row level; `nil` otherwise.
    public var rowID: String?
    /// Sum of planned 2018 over the rows compared.
    public var planned: Int
    /// Sum of actual 2018 over the rows compared.
    public var actual: Int
    /// actual − planned: negative for a shortfall, positive for an excess.
    public var gap: Int { actual - planned }
    /// Rows with both figures reported.
    public var rowsCompared: Int
}

extension MetricsService {
    /// Rows, units or programmes with the largest 2018 shortfall (`excess` false: most negative
    /// actual − planned first) or excess (`excess` true: most positive first), within one
    /// measure, over the rows with both figures reported. Not in metrics.proto yet: the
    /// `Rankings` RPC has no gap metric and no row dimension.
    public func gaps(
        at level: GapLevel, measure: Measure, excess: Bool, cuts: [Cut] = [], limit: Int = 0
    ) throws(RPCError) -> [Gap] {
        let facts = try table.facts(cut: cuts).filter { $0.measure == measure }
        var gaps: [Gap] = []
        let groups: [Group]
        switch level {
        case .row: groups = facts.map { Group(drilldown: [], measure: measure, facts: [$0]) }
        case .unit: groups = try table.groups(of: facts, by: [.unit])
        case .programme: groups = try table.groups(of: facts, by: [.programme])
        }
        for group in groups {
            let pair = compare(group.facts, .planned2018, .actual2018, actuals: RecordedActuals())
            guard pair.compared > 0 else { continue }
            gaps.append(
                Gap(
                    rank: 0, item: group.drilldown.first, rowID: level == .row ? group.facts[0].row.id : nil,
                    planned: pair.from, actual: pair.to, rowsCompared: pair.compared))
        }
        let sorted = gaps.enumerated().sorted { lhs, rhs in
            if lhs.element.gap != rhs.element.gap {
                return excess ? lhs.element.gap > rhs.element.gap : lhs.element.gap < rhs.element.gap
            }
            return lhs.offset < rhs.offset
        }.map(\.element)
        var ranked: [Gap] = []
        for (index, var gap) in sorted.enumerated() {
            gap.rank = index > 0 && sorted[index - 1].gap == gap.gap ? ranked[index - 1].rank : index + 1
            ranked.append(gap)
        }
        return limit > 0 ? Array(ranked.prefix(limit)) : ranked
    }
}
