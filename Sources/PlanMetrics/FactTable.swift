import GRPCCore
import PlanModel
import PlanAPI

/// The in-memory fact table of the metrics service: one ``Fact`` per deliverables-table row, in
/// document order, with lookups by row and table and the document order of every dimension key.
///
/// Beside the facts the table keeps, for every dimension but `row`, each row's key as a dense
/// integer code: the key's document-order rank (the first key met is 0). Grouping, cutting and
/// sorting work on these codes (and on row positions, the `row` dimension's ranks) instead of
/// the keys' strings.
public struct FactTable: Sendable {
    /// Every row, in document order.
    public let facts: [Fact]
    /// Position in `facts` of each row id (row ids are unique, so a row's position is also the
    /// document-order rank of its `row` key).
    private let rowPositions: [String: Int]
    /// Positions in `facts` of each table's rows.
    private let tablePositions: [String: [Int]]
    /// For each dimension but `row`, the document-order rank of every key a row has.
    private let keyCodes: [Dimension: [String: Int]]
    /// For each dimension but `row`, each row's key code (its rank in `keyCodes`).
    let codes: [Dimension: CodeColumn]
    /// Each row's measure in the order of the measure vocabulary (``measureRank(_:)``).
    let measureOrder: CodeColumn
    /// The ids of the catalogue's programmes, parts (`""` for outside parts) and units, with
    /// deliverables rows or none: a cut on one of these keeps no rows, where an id the
    /// catalogue does not have is NOT_FOUND.
    private let catalogueIDs: [Dimension: Set<String>]
    /// The ids of the catalogue's tables, rows or none.
    private let tableIDs: Set<String>

    public init(catalogue: Catalogue) {
        var units: [String: (PlanModel.Unit, Programme)] = [:]
        var parts: [String: Part] = [:]
        for programme in catalogue.programmes {
            for unit in programme.units { units[unit.id] = (unit, programme) }
            for part in programme.parts { parts[part.id] = part }
        }
        catalogueIDs = [
            .programme: Set(catalogue.programmes.map(\.id)), .part: Set(parts.keys).union([""]),
            .unit: Set(units.keys),
        ]
        tableIDs = Set(catalogue.tables.map(\.id))
        let rowCount = catalogue.tables.reduce(0) { $0 + $1.rows.count }
        precondition(rowCount < Int(Int32.max), "a fact table holds fewer than 2³¹ rows")
        var facts: [Fact] = []
        facts.reserveCapacity(rowCount)
        var tablePositions: [String: [Int]] = [:]
        // The codes of every dimension but row, in document order of first appearance.
        var ranks = KeyRanks()
        var programmeCodes = [UInt32](), partCodes = [UInt32](), unitCodes = [UInt32](), rowCategoryCodes = [UInt32]()
        var subcategoryCodes = [UInt32](), measureCodes = [UInt32](), periodCodes = [UInt32](), vocabulary = [UInt32]()
        programmeCodes.reserveCapacity(rowCount)
        partCodes.reserveCapacity(rowCount)
        unitCodes.reserveCapacity(rowCount)
        rowCategoryCodes.reserveCapacity(rowCount)
        subcategoryCodes.reserveCapacity(rowCount)
        measureCodes.reserveCapacity(rowCount)
        periodCodes.reserveCapacity(rowCount)
        vocabulary.reserveCapacity(rowCount)
        var lastSubcategory: (text: String, code: UInt32)?
        var categoryCodes: [Category: UInt32] = [:]
        for table in catalogue.tables {
            let placed = units[table.unitID]
            let partID = placed?.0.partID
            let programme = placed?.1.number ?? 0
            // The keys every row of the table shares, coded once per table.
            let programmeCode = ranks.code(.programme, programme) { Programme.id(programme) }
            let partCode = ranks.code(.part, key: partID ?? "")
            let unitCode = ranks.code(.unit, key: table.unitID)
            let periodCode = ranks.code(.period, key: table.period.rawValue)
            var positions: [Int] = []
            positions.reserveCapacity(table.rows.count)
            for row in table.rows {
                positions.append(facts.count)
                facts.append(
                    Fact(
                        programme: programme, programmeTitle: placed?.1.title ?? "", partID: partID,
                        partTitle: partID.flatMap { parts[$0]?.title }, unitID: table.unitID,
                        unitTitle: placed?.0.title ?? "", tableID: table.id, period: table.period, row: row))
                programmeCodes.append(programmeCode)
                partCodes.append(partCode)
                unitCodes.append(unitCode)
                periodCodes.append(periodCode)
                if let code = categoryCodes[row.category] {
                    rowCategoryCodes.append(code)
                } else {
                    let code = ranks.code(.category, key: row.category.letter)
                    categoryCodes[row.category] = code
                    rowCategoryCodes.append(code)
                }
                let subcategoryCode: UInt32
                if let last = lastSubcategory, last.text == row.subcategory {
                    subcategoryCode = last.code
                } else {
                    subcategoryCode = ranks.code(.subcategory, key: row.subcategory)
                    lastSubcategory = (row.subcategory, subcategoryCode)
                }
                subcategoryCodes.append(subcategoryCode)
                let order = Self.measureRank(row.measure)
                measureCodes.append(ranks.code(.measure, order) { row.measure?.code ?? "" })
                vocabulary.append(UInt32(order))
            }
            if !positions.isEmpty { tablePositions[table.id, default: []].append(contentsOf: positions) }
        }
        self.facts = facts
        self.tablePositions = tablePositions
        keyCodes = ranks.ranks
        codes = [
            .programme: CodeColumn(programmeCodes, cardinality: ranks.count(.programme)),
            .part: CodeColumn(partCodes, cardinality: ranks.count(.part)),
            .unit: CodeColumn(unitCodes, cardinality: ranks.count(.unit)),
            .category: CodeColumn(rowCategoryCodes, cardinality: ranks.count(.category)),
            .subcategory: CodeColumn(subcategoryCodes, cardinality: ranks.count(.subcategory)),
            .measure: CodeColumn(measureCodes, cardinality: ranks.count(.measure)),
            .period: CodeColumn(periodCodes, cardinality: ranks.count(.period)),
        ]
        measureOrder = CodeColumn(vocabulary, cardinality: Self.measures.count + 1)
        var rowPositions: [String: Int] = [:]
        rowPositions.reserveCapacity(facts.count)
        for (position, fact) in facts.enumerated() {
            guard rowPositions.updateValue(position, forKey: fact.row.id) == nil else {
                preconditionFailure("two rows have the id '\(fact.row.id)'")
            }
        }
        self.rowPositions = rowPositions
    }

    /// Whether the catalogue has programme `id` (`p6`), with deliverables rows or none.
    public func isCatalogueProgramme(_ id: String) -> Bool { catalogueIDs[.programme]?.contains(id) == true }

    /// Whether the catalogue has table `id` (`6.1`), with rows or none.
    public func isCatalogueTable(_ id: String) -> Bool { tableIDs.contains(id) }

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
    public func contains(_ dimension: Dimension, key: String) -> Bool { code(dimension, key: key) != nil }

    /// The document-order rank of `key` for `dimension` (keys no row has sort last).
    func rank(_ dimension: Dimension, key: String) -> Int { code(dimension, key: key) ?? Int.max }

    /// The code (document-order rank) of `key` for `dimension`, `nil` if no row has it.
    func code(_ dimension: Dimension, key: String) -> Int? {
        dimension == .row ? rowPositions[key] : keyCodes[dimension]?[key]
    }

    /// Throws unless `key`, which no row has, is still a key of `dimension`: an id of the
    /// catalogue (NOT_FOUND otherwise) or a value of the dimension's vocabulary
    /// (INVALID_ARGUMENT otherwise). Any subcategory text is a key.
    func checkKey(_ key: String, of dimension: Dimension) throws(RPCError) {
        let known: Bool
        switch dimension {
        case .programme, .part, .unit, .row:
            // Every row of the document has a code, so a row key without one is never an id.
            guard dimension != .row, catalogueIDs[dimension]?.contains(key) == true else {
                throw RPCError(code: .notFound, message: "cuts: the catalogue has no \(dimension) '\(key)'")
            }
            return
        case .subcategory: return
        case .category: known = Category(rawValue: key) != nil
        case .measure: known = key.isEmpty || Measure(rawValue: key) != nil
        case .period: known = TablePeriod(rawValue: key) != nil
        }
        guard known else {
            throw RPCError(code: .invalidArgument, message: "cuts: '\(key)' is not a \(dimension) key")
        }
    }

    /// How many different keys rows have for `dimension`.
    func cardinality(_ dimension: Dimension) -> Int {
        dimension == .row ? facts.count : keyCodes[dimension]?.count ?? 0
    }

    /// The facts every cut keeps (cuts combine with AND, a cut's values with OR). A cut value
    /// that is a key of its dimension but of no row keeps nothing (a programme without
    /// deliverables tables: no facts, no error). INVALID_ARGUMENT naming `cuts` for a cut without
    /// values or with a value that is not a key of its vocabulary (category, measure, period);
    /// NOT_FOUND naming `cuts` for an id the catalogue does not have (programme, part, unit, row).
    public func facts(cut cuts: [Cut]) throws(RPCError) -> [Fact] {
        let selection = try rows(cut: cuts)
        guard let positions = selection.positions else { return facts }
        return positions.map { facts[Int($0)] }
    }

    /// The rows every cut keeps, as positions in `facts` (see ``facts(cut:)``); no positions
    /// when every row is kept.
    func rows(cut cuts: [Cut]) throws(RPCError) -> RowSelection {
        var accepted: [(dimension: Dimension, codes: [Bool])] = []
        for cut in cuts {
            guard !cut.values.isEmpty else {
                throw RPCError(code: .invalidArgument, message: "cuts: the cut on \(cut.dimension) names no values")
            }
            var codes = [Bool](repeating: false, count: cardinality(cut.dimension))
            for value in cut.values {
                guard let code = code(cut.dimension, key: value) else {
                    try checkKey(value, of: cut.dimension)
                    continue
                }
                codes[code] = true
            }
            accepted.append((cut.dimension, codes))
        }
        guard !accepted.isEmpty else { return RowSelection(count: facts.count) }
        var kept = [Bool](repeating: true, count: facts.count)
        for (dimension, accepting) in accepted {
            if let column = codes[dimension] {
                column.keep(accepting, in: &kept)
            } else {
                for position in kept.indices where kept[position] && !accepting[position] { kept[position] = false }
            }
        }
        var positions: [Int32] = []
        for position in kept.indices where kept[position] { positions.append(Int32(truncatingIfNeeded: position)) }
        return RowSelection(positions: positions)
    }

    /// The rows every cut keeps (see ``rows(cut:)``) whose measure is `measure`.
    func rows(cut cuts: [Cut], measure: Measure?) throws(RPCError) -> RowSelection {
        let selection = try rows(cut: cuts)
        let wanted = Self.measureRank(measure)
        var positions: [Int32] = []
        for index in 0..<selection.count {
            let position = selection.position(index)
            if measureOrder[position] == wanted { positions.append(Int32(truncatingIfNeeded: position)) }
        }
        return RowSelection(positions: positions)
    }

    /// The figure of `column` for a fact: printed, or recorded in `actuals`.
    public static func figure(_ column: FigureColumn, of fact: Fact, actuals: RecordedActuals) -> Figure {
        switch column {
        case .planned2018: fact.row.planned2018
        case .actual2018: fact.row.actual2018
        case .planned2019: fact.row.planned2019
        case .planned2020: fact.row.planned2020
        case .actual2019: actuals.actual2019.isEmpty ? .blank : actuals.figure(rowID: fact.row.id, year: 2019)
        case .actual2020: actuals.actual2020.isEmpty ? .blank : actuals.figure(rowID: fact.row.id, year: 2020)
        }
    }

    /// The order of measures: the vocabulary's, rows without one last.
    static func measureRank(_ measure: Measure?) -> Int {
        measure.flatMap { measures.firstIndex(of: $0) } ?? measures.count
    }

    /// The measure vocabulary, in its order.
    static let measures = Measure.allCases
}

/// Rows of a ``FactTable``: the positions of those kept, in document order, or every row.
struct RowSelection {
    /// The kept rows' positions in `facts`, ascending; `nil` when every row is kept.
    var positions: [Int32]?
    /// How many rows are kept.
    var count: Int

    /// Every row of a table of `count` rows.
    init(count: Int) {
        positions = nil
        self.count = count
    }

    /// The rows at `positions` (ascending).
    init(positions: [Int32]) {
        self.positions = positions
        count = positions.count
    }

    /// The position in `facts` of the `index`th kept row.
    @inline(__always) func position(_ index: Int) -> Int {
        if let positions { Int(positions[index]) } else { index }
    }
}

/// Each row's code for one dimension, stored as narrow as the number of codes allows.
enum CodeColumn: Sendable {
    case narrow([UInt8])
    case medium([UInt16])
    case wide([UInt32])

    /// `codes` (each below `cardinality`) stored in the narrowest width that holds them.
    init(_ codes: [UInt32], cardinality: Int) {
        if cardinality <= Int(UInt8.max) + 1 {
            self = .narrow(codes.map { UInt8(truncatingIfNeeded: $0) })
        } else if cardinality <= Int(UInt16.max) + 1 {
            self = .medium(codes.map { UInt16(truncatingIfNeeded: $0) })
        } else {
            self = .wide(codes)
        }
    }

    /// The code of the row at `position`.
    subscript(position: Int) -> Int {
        switch self {
        case .narrow(let codes): Int(codes[position])
        case .medium(let codes): Int(codes[position])
        case .wide(let codes): Int(codes[position])
        }
    }

    /// Clears `kept` for every row whose code `accepting` does not accept.
    func keep(_ accepting: [Bool], in kept: inout [Bool]) {
        func keep<Code: FixedWidthInteger>(_ codes: [Code]) {
            for position in kept.indices where kept[position] && !accepting[Int(codes[position])] {
                kept[position] = false
            }
        }
        switch self {
        case .narrow(let codes): keep(codes)
        case .medium(let codes): keep(codes)
        case .wide(let codes): keep(codes)
        }
    }
}

/// The document-order ranks of the keys of each dimension, as they are met.
private struct KeyRanks {
    var ranks: [Dimension: [String: Int]] = [:]
    /// Codes already given to integer keys (programme numbers, measure ranks), per dimension.
    private var integerCodes: [Dimension: [Int: UInt32]] = [:]

    /// The code of `key` for `dimension`, the next free one if it is new.
    mutating func code(_ dimension: Dimension, key: String) -> UInt32 {
        let count = ranks[dimension]?.count ?? 0
        if let rank = ranks[dimension, default: [:]][key] { return UInt32(rank) }
        ranks[dimension, default: [:]][key] = count
        return UInt32(count)
    }

    /// The code of the key `key()` for `dimension`, known by an integer that determines it.
    mutating func code(_ dimension: Dimension, _ integer: Int, key: () -> String) -> UInt32 {
        if let code = integerCodes[dimension]?[integer] { return code }
        let code = self.code(dimension, key: key())
        integerCodes[dimension, default: [:]][integer] = code
        return code
    }

    func count(_ dimension: Dimension) -> Int { ranks[dimension]?.count ?? 0 }
}
