import GRPCCore
import PlanModel
import PlanAPI

/// The rows of one drilldown group of one measure.
struct Group {
    /// The group's value for each drilldown, in request order.
    var drilldown: [DimensionValue]
    /// The measure of every row in the group.
    var measure: Measure?
    /// The rows' positions in `FactTable.facts`, in document order.
    var rows: ArraySlice<Int32>
}

/// Selected rows grouped by drilldowns and always by measure: where each group starts and to
/// which group each row belongs, groups in their order (see ``FactTable/grouping(of:by:)``).
struct Grouping {
    /// The drilldowns, in request order.
    var drilldowns: [Dimension]
    /// The position in `FactTable.facts` of each group's first row, groups in order.
    var firstRows: [Int32]
    /// For each selected row (in selection order), its group: an index into `firstRows`.
    var groupOfRow: [Int32]

    /// How many groups there are.
    var count: Int { firstRows.count }
}

extension FactTable {
    /// The rows of `selection` grouped by `drilldowns` and always by measure: a drilldown
    /// without `measure` keeps measure implicitly, so figures of different measures are never
    /// added. Groups come in document order of their drilldown keys, then in measure order (rows
    /// without a measure last), each with its rows in document order. INVALID_ARGUMENT naming
    /// `drilldowns` when a dimension is named twice.
    func groups(of selection: RowSelection, by drilldowns: [Dimension]) throws(RPCError) -> [Group] {
        let grouping = try grouping(of: selection, by: drilldowns)
        // The selected rows ordered by group (a counting sort, so document order within a group).
        var starts = [Int](repeating: 0, count: grouping.count + 1)
        for group in grouping.groupOfRow { starts[Int(group) + 1] += 1 }
        for group in 0..<grouping.count { starts[group + 1] += starts[group] }
        var next = starts
        var rows = [Int32](repeating: 0, count: selection.count)
        for index in 0..<selection.count {
            let group = Int(grouping.groupOfRow[index])
            rows[next[group]] = Int32(truncatingIfNeeded: selection.position(index))
            next[group] += 1
        }
        let values = self.drilldowns(of: grouping)
        let measures = self.measures(of: grouping)
        return (0..<grouping.count).map { group in
            Group(drilldown: values[group], measure: measures[group], rows: rows[starts[group]..<starts[group + 1]])
        }
    }

    /// The value of each drilldown of each group of `grouping`, in request order: each taken
    /// from the group's first row, as ``value(_:of:)`` gives it.
    ///
    /// A value is a function of the row's code in one column (its unit's for programme, part
    /// and unit, which the unit determines; its own for category, subcategory, measure and
    /// period), so it is made once per code and copied to the other groups with that code.
    func drilldowns(of grouping: Grouping) -> [[DimensionValue]] {
        var values = [[DimensionValue]](repeating: [], count: grouping.count)
        for group in values.indices { values[group].reserveCapacity(grouping.drilldowns.count) }
        for dimension in grouping.drilldowns {
            let determining: Dimension? =
                switch dimension {
                case .programme, .part, .unit: .unit
                case .category, .subcategory, .measure, .period: dimension
                case .row: nil
                }
            guard let determining, let column = codes[determining] else {
                for group in values.indices {
                    values[group].append(Self.value(dimension, of: facts[Int(grouping.firstRows[group])]))
                }
                continue
            }
            var made = [DimensionValue?](repeating: nil, count: cardinality(determining))
            for group in values.indices {
                let position = Int(grouping.firstRows[group])
                let code = column[position]
                if let value = made[code] {
                    values[group].append(value)
                } else {
                    let value = Self.value(dimension, of: facts[position])
                    made[code] = value
                    values[group].append(value)
                }
            }
        }
        return values
    }

    /// The measure of the rows of each group of `grouping`.
    func measures(of grouping: Grouping) -> [Measure?] {
        let measures: [Measure?] = Self.measures + [nil]
        return grouping.firstRows.map { measures[measureOrder[Int($0)]] }
    }

    /// The rows of `selection` grouped as ``groups(of:by:)`` describes, each row known by its
    /// group rather than the groups by their rows. Rows are grouped by their integer key codes,
    /// one dimension at a time, and the groups sorted by the codes of their first rows (a
    /// code is the key's document-order rank). INVALID_ARGUMENT naming `drilldowns` when a
    /// dimension is named twice.
    func grouping(of selection: RowSelection, by drilldowns: [Dimension]) throws(RPCError) -> Grouping {
        guard Set(drilldowns).count == drilldowns.count else {
            throw RPCError(code: .invalidArgument, message: "drilldowns: a dimension is named more than once")
        }
        let count = selection.count
        guard count > 0 else { return Grouping(drilldowns: drilldowns, firstRows: [], groupOfRow: []) }
        var groupOfRow: [Int32]
        var firstRows: [Int32]
        if drilldowns.contains(.row) {
            // Row ids are unique: every row is a group of its own, whatever its other keys.
            groupOfRow = Array(0..<Int32(truncatingIfNeeded: count))
            firstRows = selection.positions ?? groupOfRow
        } else {
            groupOfRow = [Int32](repeating: 0, count: count)
            firstRows = [Int32(truncatingIfNeeded: selection.position(0))]
            for dimension in drilldowns {
                guard let column = codes[dimension] else { continue }
                refine(&groupOfRow, &firstRows, by: column, cardinality: cardinality(dimension), selection)
            }
            // Measure is always a grouping; a measure drilldown already splits rows by measure.
            if !drilldowns.contains(.measure) {
                refine(&groupOfRow, &firstRows, by: measureOrder, cardinality: Self.measures.count + 1, selection)
            }
        }
        // Sort the groups by the codes of their first rows: drilldowns in request order, then
        // the measure in vocabulary order. No two groups have the same codes.
        let width = drilldowns.count + 1
        var keys: [Int] = []
        keys.reserveCapacity(firstRows.count * width)
        let columns = drilldowns.map { codes[$0] }
        for first in firstRows {
            let position = Int(first)
            for column in columns { keys.append(column?[position] ?? position) }
            keys.append(measureOrder[position])
        }
        var order = Array(0..<firstRows.count)
        order.sort { lhs, rhs in
            for offset in 0..<width where keys[lhs * width + offset] != keys[rhs * width + offset] {
                return keys[lhs * width + offset] < keys[rhs * width + offset]
            }
            return false
        }
        var rankOf = [Int32](repeating: 0, count: order.count)
        for (rank, group) in order.enumerated() { rankOf[group] = Int32(truncatingIfNeeded: rank) }
        for index in groupOfRow.indices { groupOfRow[index] = rankOf[Int(groupOfRow[index])] }
        return Grouping(drilldowns: drilldowns, firstRows: order.map { firstRows[$0] }, groupOfRow: groupOfRow)
    }

    /// Splits the groups of `groupOfRow` by `column`'s codes (below `cardinality`); the new
    /// groups are numbered in order of their first rows, whose positions `firstRows` gets.
    private func refine(
        _ groupOfRow: inout [Int32], _ firstRows: inout [Int32], by column: CodeColumn, cardinality: Int,
        _ selection: RowSelection
    ) {
        switch column {
        case .narrow(let codes): refine(&groupOfRow, &firstRows, by: codes, cardinality: cardinality, selection)
        case .medium(let codes): refine(&groupOfRow, &firstRows, by: codes, cardinality: cardinality, selection)
        case .wide(let codes): refine(&groupOfRow, &firstRows, by: codes, cardinality: cardinality, selection)
        }
    }

    private func refine<Code: FixedWidthInteger>(
        _ groupOfRow: inout [Int32], _ firstRows: inout [Int32], by codes: [Code], cardinality: Int,
        _ selection: RowSelection
    ) {
        let count = groupOfRow.count
        var newFirstRows: [Int32] = []
        let (space, overflow) = firstRows.count.multipliedReportingOverflow(by: cardinality)
        if !overflow && space <= max(1 << 16, 2 * count) {
            // A lookup table indexed by (group, code).
            var ids = [Int32](repeating: -1, count: space)
            func assign(_ index: Int, _ position: Int) {
                let key = Int(groupOfRow[index]) &* cardinality &+ Int(codes[position])
                var id = ids[key]
                if id < 0 {
                    id = Int32(truncatingIfNeeded: newFirstRows.count)
                    ids[key] = id
                    newFirstRows.append(Int32(truncatingIfNeeded: position))
                }
                groupOfRow[index] = id
            }
            if let positions = selection.positions {
                for index in 0..<count { assign(index, Int(positions[index])) }
            } else {
                for index in 0..<count { assign(index, index) }
            }
        } else {
            var ids: [Int: Int32] = [:]
            for index in 0..<count {
                let position = selection.position(index)
                let key = Int(groupOfRow[index]) &* cardinality &+ Int(codes[position])
                if let id = ids[key] {
                    groupOfRow[index] = id
                } else {
                    let id = Int32(truncatingIfNeeded: newFirstRows.count)
                    ids[key] = id
                    newFirstRows.append(Int32(truncatingIfNeeded: position))
                    groupOfRow[index] = id
                }
            }
        }
        firstRows = newFirstRows
    }
}

extension Array where Element == Cut {
    /// The cuts as text for page-token fingerprints.
    var fingerprint: String { map { "\($0.dimension.described)=\($0.values.joined(separator: ","))" }.joined(separator: ";") }
}

// Page-token fingerprints are hashes of request text made by string interpolation, which
// describes enums and arrays by reflection: slow on every call. The same text, made once.

extension Dimension {
    /// `"\(self)"`.
    var described: String { Self.descriptions[self]! }
    /// `String(reflecting: self)`, as an array describes its elements.
    var reflected: String { Self.reflections[self]! }

    private static let descriptions = Dictionary(uniqueKeysWithValues: allCases.map { ($0, "\($0)") })
    private static let reflections = Dictionary(uniqueKeysWithValues: allCases.map { ($0, String(reflecting: $0)) })
}

extension FigureColumn {
    /// `"\(self)"`.
    var described: String { Self.descriptions[self]! }
    /// Whether the column holds recorded actuals rather than printed figures.
    var isRecorded: Bool { self == .actual2019 || self == .actual2020 }

    private static let descriptions = Dictionary(uniqueKeysWithValues: allCases.map { ($0, "\($0)") })
}

extension Array where Element == Dimension {
    /// `"\(self)"`: `[` and the elements as `debugPrint` writes them, separated by `, `, and `]`.
    var described: String { "[" + map(\.reflected).joined(separator: ", ") + "]" }
}
