import GRPCCore
import PlanModel
import PlanWire

/// The in-memory fact table of the metrics service: one ``Fact`` per deliverables-table row, in
/// document order, with lookups by row and table and the document order of every dimension key.
public struct FactTable: Sendable {
    /// Every row, in document order.
    public let facts: [Fact]
    /// Position in `facts` of each row id.
    private let rowPositions: [String: Int]
    /// Positions in `facts` of each table's rows.
    private let tablePositions: [String: [Int]]
    /// For each dimension, the document-order rank of every key a row has.
    private let keyRanks: [Dimension: [String: Int]]

    public init(catalogue: Catalogue) {
        var units: [String: (PlanModel.Unit, Programme)] = [:]
        var parts: [String: Part] = [:]
        for programme in catalogue.programmes {
            for unit in programme.units { units[unit.id] = (unit, programme) }
            for part in programme.parts { parts[part.id] = part }
        }
        var facts: [Fact] = []
        var tablePositions: [String: [Int]] = [:]
        for table in catalogue.tables {
            let placed = units[table.unitID]
            let partID = placed?.0.partID
            for row in table.rows {
                tablePositions[table.id, default: []].append(facts.count)
                facts.append(
                    Fact(
                        programme: placed?.1.number ?? 0, programmeTitle: placed?.1.title ?? "", partID: partID,
                        partTitle: partID.flatMap { parts[$0]?.title }, unitID: table.unitID,
                        unitTitle: placed?.0.title ?? "", tableID: table.id, period: table.period, row: row))
            }
        }
        var keyRanks: [Dimension: [String: Int]] = [:]
        for dimension in Dimension.allCases {
            var ranks: [String: Int] = [:]
            for fact in facts where ranks[Self.key(dimension, of: fact)] == nil {
                ranks[Self.key(dimension, of: fact)] = ranks.count
            }
            keyRanks[dimension] = ranks
        }
        self.facts = facts
        self.tablePositions = tablePositions
        self.keyRanks = keyRanks
        rowPositions = Dictionary(uniqueKeysWithValues: facts.enumerated().map { ($1.row.id, $0) })
    }

    /// The fact of row `id`, if there is one.
    public func fact(rowID id: String) -> Fact? { rowPositions[id].map { facts[$0] } }

    /// The facts of table `id` in document order, `nil` if there is no such table.
    public func facts(tableID id: String) -> [Fact]? { tablePositions[id].map { $0.map { facts[$0] } } }

    /// A fact's key for `dimension`, as `Dimension` describes it in metrics.proto.
    public static func key(_ dimension: Dimension, of fact: Fact) -> String {
        switch dimension {
        case .programme: Programme.id(fact.programme)
        case .part: fact.partID ?? ""
        case .unit: fact.unitID
        case .category: fact.category.letter
        case .subcategory: fact.subcategory
        case .measure: fact.measure?.code ?? ""
        case .period: fact.period.rawValue
        case .row: fact.row.id
        }
    }

    /// A fact's key and label for `dimension`.
    public static func value(_ dimension: Dimension, of fact: Fact) -> DimensionValue {
        let label =
            switch dimension {
            case .programme: fact.programmeTitle
            case .part: fact.partTitle ?? ""
            case .unit: fact.unitTitle
            case .category: fact.category.chineseName
            case .subcategory: fact.subcategory
            case .measure: fact.measure?.chineseLabel ?? ""
            case .period: fact.period.rawValue
            case .row: fact.row.subcategory
            }
        return DimensionValue(dimension: dimension, key: key(dimension, of: fact), label: label)
    }

    /// Whether some row has `key` for `dimension`.
    public func contains(_ dimension: Dimension, key: String) -> Bool { keyRanks[dimension]?[key] != nil }

    /// The document-order rank of `key` for `dimension` (keys no row has sort last).
    func rank(_ dimension: Dimension, key: String) -> Int { keyRanks[dimension]?[key] ?? Int.max }

    /// The facts every cut keeps (cuts combine with AND, a cut's values with OR).
    /// INVALID_ARGUMENT naming `cuts` for a cut without values or with a key no row has.
    public func facts(cut cuts: [Cut]) throws(RPCError) -> [Fact] {
        var accepted: [(Dimension, Set<String>)] = []
        for cut in cuts {
            guard !cut.values.isEmpty else {
                throw RPCError(code: .invalidArgument, message: "cuts: the cut on \(cut.dimension) names no values")
            }
            for value in cut.values where keyRanks[cut.dimension]?[value] == nil {
                throw RPCError(
                    code: .invalidArgument,
                    message: "cuts: '\(value)' is not a \(cut.dimension) key of any row")
            }
            accepted.append((cut.dimension, Set(cut.values)))
        }
        return facts.filter { fact in accepted.allSatisfy { $0.1.contains(Self.key($0.0, of: fact)) } }
    }

    /// The figure of `column` for a fact: printed, or recorded in `actuals`.
    public static func figure(_ column: FigureColumn, of fact: Fact, actuals: RecordedActuals) -> Figure {
        switch column {
        case .planned2018: fact.row.planned2018
        case .actual2018: fact.row.actual2018
        case .planned2019: fact.row.planned2019
        case .planned2020: fact.row.planned2020
        case .actual2019: actuals.figure(rowID: fact.row.id, year: 2019)
        case .actual2020: actuals.figure(rowID: fact.row.id, year: 2020)
        }
    }
}
