/// Everything read from one programme budget document: programmes with their parts, units,
/// mandates and narrative, and every deliverables table.
public struct Catalogue: Codable, Hashable, Sendable {
    /// Programmes in document order.
    public var programmes: [Programme]
    /// Deliverables tables in document order.
    public var tables: [DeliverableTable]

    public init(programmes: [Programme] = [], tables: [DeliverableTable] = []) {
        self.programmes = programmes
        self.tables = tables
    }

    /// The programme numbered `number`.
    public func programme(_ number: Int) -> Programme? {
        programmes.first { $0.number == number }
    }

    /// Every unit, in document order.
    public var units: [Unit] { programmes.flatMap(\.units) }

    /// The unit with id `id`.
    public func unit(id: String) -> Unit? { units.first { $0.id == id } }

    /// Every planned result, in document order.
    public var plannedResults: [PlannedResult] { units.compactMap(\.plannedResult) }

    /// Every mandate with the id of the programme, part or unit that lists it, in document order.
    public var mandates: [(ownerID: String, mandate: Mandate)] {
        programmes.flatMap { programme in
            programme.mandates.map { (programme.id, $0) }
                + programme.parts.flatMap { part in part.mandates.map { (part.id, $0) } }
                + programme.units.flatMap { unit in unit.mandates.map { (unit.id, $0) } }
        }
    }

    /// The table with id `id`.
    public func table(id: String) -> DeliverableTable? { tables.first { $0.id == id } }

    /// Every row of every table, in document order.
    public var rows: [DeliverableRow] { tables.flatMap(\.rows) }

    /// Counts of what the catalogue holds.
    public var summary: Summary {
        let rows = self.rows
        return Summary(
            programmes: programmes.count,
            parts: programmes.reduce(0) { $0 + $1.parts.count },
            units: programmes.reduce(0) { $0 + $1.units.count },
            objectives: units.filter { $0.objective != nil }.count,
            mandates: programmes.reduce(0) { total, programme in
                total + programme.mandates.count + programme.parts.reduce(0) { $0 + $1.mandates.count }
                    + programme.units.reduce(0) { $0 + $1.mandates.count }
            },
            tables: tables.count,
            tables2018to2020: tables.filter { $0.period == .years2018to2020 }.count,
            tables2020: tables.filter { $0.period == .year2020 }.count,
            rows: rows.count,
            quantifiedRows: rows.filter(\.quantified).count,
            nonQuantifiedRows: rows.filter { !$0.quantified }.count
        )
    }

    /// Counts of what a catalogue holds.
    public struct Summary: Codable, Hashable, Sendable {
        public var programmes: Int
        public var parts: Int
        public var units: Int
        public var objectives: Int
        public var mandates: Int
        public var tables: Int
        public var tables2018to2020: Int
        public var tables2020: Int
        public var rows: Int
        public var quantifiedRows: Int
        public var nonQuantifiedRows: Int
    }
}
