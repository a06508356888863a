import PlanModel

/// SplitMix64: a small, fast generator whose sequence depends only on its seed, so a synthetic
/// catalogue is the same on every run and machine.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Catalogues of the real document's shape with any number of deliverables-table rows.
///
/// The real programmes, parts and units are kept as they are; the real tables are copied over
/// and over in document order (copy `k` of table `20.3` is `20.3.s<k>`, its rows
/// `20.3.s<k>.r<n>`, stable ids) until there are enough rows, the last copy cut short. Each
/// row keeps its template's category, subcategory, measure and quantified flag, so the
/// programmes, measures and categories are the real ones in their real proportions. Its four
/// figures are those of a real row drawn at random among the rows of the same table period and
/// section (quantified or not), each number scaled by a random factor between 0.5 and 1.5: the
/// three cell states (number, dash, blank) keep their real proportions and their real
/// combinations within a row, and the numbers their real spread.
struct SyntheticCatalogue {
    /// The real catalogue the synthetic ones copy.
    let base: Catalogue
    /// The real rows' four figures, by table period and section.
    private let figurePools: [PoolKey: [[Figure]]]

    private struct PoolKey: Hashable {
        var period: TablePeriod
        var quantified: Bool
    }

    init(base: Catalogue) {
        self.base = base
        var pools: [PoolKey: [[Figure]]] = [:]
        for table in base.tables {
            for row in table.rows {
                pools[PoolKey(period: table.period, quantified: row.quantified), default: []].append(
                    DeliverableRow.Column.allCases.map { row[$0] })
            }
        }
        figurePools = pools
    }

    /// Rows in the real catalogue.
    var baseRowCount: Int { base.tables.reduce(0) { $0 + $1.rows.count } }

    /// A catalogue of `rowCount` rows; the same `seed` gives the same catalogue.
    func make(rows rowCount: Int, seed: UInt64 = 2020) -> Catalogue {
        var generator = SeededGenerator(seed: seed)
        var tables: [DeliverableTable] = []
        var tableIDsByUnit: [String: [String]] = [:]
        var made = 0
        var copy = 0
        copying: while made < rowCount {
            for template in base.tables where !template.rows.isEmpty {
                guard made < rowCount else { break copying }
                let tableID = "\(template.id).s\(copy)"
                let take = min(template.rows.count, rowCount - made)
                var rows: [DeliverableRow] = []
                rows.reserveCapacity(take)
                for (ordinal, row) in template.rows.prefix(take).enumerated() {
                    let pool = figurePools[PoolKey(period: template.period, quantified: row.quantified)]!
                    let figures = pool[Int.random(in: 0..<pool.count, using: &generator)].map {
                        scaled($0, using: &generator)
                    }
                    rows.append(
                        DeliverableRow(
                            id: "\(tableID).r\(ordinal + 1)", category: row.category, printedCategory: row.printedCategory,
                            quantified: row.quantified, subcategory: row.subcategory, measureText: row.measureText,
                            measure: row.measure, planned2018: figures[0], actual2018: figures[1],
                            planned2019: figures[2], planned2020: figures[3], footnoteMarkers: row.footnoteMarkers,
                            line: row.line))
                }
                tables.append(
                    DeliverableTable(
                        id: tableID, printedLabel: template.printedLabel, title: template.title, period: template.period,
                        unitID: template.unitID, rows: rows, footnotes: template.footnotes, line: template.line))
                tableIDsByUnit[template.unitID, default: []].append(tableID)
                made += take
            }
            copy += 1
        }
        var programmes = base.programmes
        for p in programmes.indices {
            for u in programmes[p].units.indices {
                programmes[p].units[u].tableIDs = tableIDsByUnit[programmes[p].units[u].id] ?? []
            }
        }
        return Catalogue(programmes: programmes, tables: tables)
    }

    /// A number times a random factor in [0.5, 1.5] (a positive number stays at least 1, a
    /// printed 0 stays 0); a dash or blank as it is.
    private func scaled(_ figure: Figure, using generator: inout SeededGenerator) -> Figure {
        guard case .number(let value) = figure, value > 0 else { return figure }
        let factor = Double.random(in: 0.5...1.5, using: &generator)
        return .number(max(1, Int((Double(value) * factor).rounded())))
    }
}
