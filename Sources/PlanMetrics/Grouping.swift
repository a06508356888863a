import GRPCCore
import PlanModel
import PlanWire

/// The facts of one drilldown group of one measure.
struct Group {
    /// The group's value for each drilldown, in request order.
    var drilldown: [DimensionValue]
    /// The measure of every fact in the group.
    var measure: Measure?
    /// The facts, in document order.
    var facts: [Fact]
}

extension FactTable {
    /// `facts` grouped by `drilldowns` and always by measure: a drilldown without `measure`
    /// keeps measure implicitly, so figures of different measures are never added. Groups come
    /// in document order of their drilldown keys, then in measure order (rows without a measure
    /// last). INVALID_ARGUMENT naming `drilldowns` when a dimension is named twice.
    func groups(of facts: [Fact], by drilldowns: [Dimension]) throws(RPCError) -> [Group] {
        guard Set(drilldowns).count == drilldowns.count else {
            throw RPCError(code: .invalidArgument, message: "drilldowns: a dimension is named more than once")
        }
        var positions: [[String]: Int] = [:]
        var groups: [Group] = []
        for fact in facts {
            let keys = drilldowns.map { Self.key($0, of: fact) } + [fact.measure?.code ?? ""]
            if let position = positions[keys] {
                groups[position].facts.append(fact)
            } else {
                positions[keys] = groups.count
                groups.append(
                    Group(drilldown: drilldowns.map { Self.value($0, of: fact) }, measure: fact.measure, facts: [fact]))
            }
        }
        return groups.sorted { lhs, rhs in
            let left = lhs.drilldown.map { rank($0.dimension, key: $0.key) } + [Self.measureRank(lhs.measure)]
            let right = rhs.drilldown.map { rank($0.dimension, key: $0.key) } + [Self.measureRank(rhs.measure)]
            return left.lexicographicallyPrecedes(right)
        }
    }

    /// The order of measures: the vocabulary's, rows without one last.
    static func measureRank(_ measure: Measure?) -> Int {
        measure.flatMap { Measure.allCases.firstIndex(of: $0) } ?? Measure.allCases.count
    }
}

extension Array where Element == Cut {
    /// The cuts as text for page-token fingerprints.
    var fingerprint: String { map { "\($0.dimension)=\($0.values.joined(separator: ","))" }.joined(separator: ";") }
}
