import Foundation

/// One deliverables-table row flattened with everything that places it, in the shape
/// `planctl export deliverables` writes (JSON objects or CSV rows, in document order).
public struct DeliverableRecord: Hashable, Sendable {
    public var programme: Int
    public var part: String?
    public var unitID: String
    public var unitTitle: String
    /// The table label as printed, `nil` if none.
    public var table: String?
    /// The corrected table id.
    public var tableID: String
    public var period: TablePeriod
    /// The category letter as printed.
    public var category: String
    public var quantified: Bool
    public var subcategory: String
    /// The unit of measure as printed.
    public var measure: String?
    /// The normalised measure's code.
    public var measureCode: String?
    public var row: DeliverableRow
    public var footnotes: [Footnote]

    public init(
        programme: Int, part: String?, unitID: String, unitTitle: String, table: String?, tableID: String,
        period: TablePeriod, category: String, quantified: Bool, subcategory: String, measure: String?,
        measureCode: String?, row: DeliverableRow, footnotes: [Footnote]
    ) {
        self.programme = programme
        self.part = part
        self.unitID = unitID
        self.unitTitle = unitTitle
        self.table = table
        self.tableID = tableID
        self.period = period
        self.category = category
        self.quantified = quantified
        self.subcategory = subcategory
        self.measure = measure
        self.measureCode = measureCode
        self.row = row
        self.footnotes = footnotes
    }

    /// The columns printed as a dash, in column order.
    public var dashes: [DeliverableRow.Column] {
        DeliverableRow.Column.allCases.filter { row[$0] == .dash }
    }

    /// Field names, in export order.
    public static let fieldNames = [
        "programme", "part", "unit_id", "unit_title", "table", "table_id", "period", "category", "quantified",
        "subcategory", "measure", "measure_code", "planned_2018", "actual_2018", "planned_2019", "planned_2020",
        "dashes", "footnotes", "line",
    ]

    /// The record as one CSV row's cells: `—` for a dash, an empty cell for blank or null.
    public var csvCells: [String] {
        [
            String(programme), part ?? "", unitID, unitTitle, table ?? "", tableID, period.rawValue, category,
            String(quantified), subcategory, measure ?? "", measureCode ?? "",
        ] + DeliverableRow.Column.allCases.map { row[$0].printed } + [
            dashes.map(\.fieldName).joined(separator: ";"),
            footnotes.map { "\($0.marker): \($0.text)" }.joined(separator: " | "),
            String(row.line),
        ]
    }
}

extension DeliverableRecord {
    /// The fields and their values, in export order: a blank cell is `nil` (null), a dash is `0`
    /// and is named in `dashes`.
    public var fields: [(name: String, value: any Encodable & Sendable)] {
        [
            ("programme", programme), ("part", part), ("unit_id", unitID), ("unit_title", unitTitle),
            ("table", table), ("table_id", tableID), ("period", period.rawValue), ("category", category),
            ("quantified", quantified), ("subcategory", subcategory), ("measure", measure),
            ("measure_code", measureCode),
        ] + DeliverableRow.Column.allCases.map { ($0.fieldName, row[$0].countedValue) } + [
            ("dashes", dashes.map(\.fieldName)), ("footnotes", footnotes), ("line", row.line),
        ]
    }

    /// The records as a JSON array of objects whose keys keep export order.
    public static func json(_ records: [DeliverableRecord]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        var out = "[\n"
        for (index, record) in records.enumerated() {
            let fields = try record.fields.map { name, value in
                "\"\(name)\": " + String(decoding: try encoder.encode(value), as: UTF8.self)
            }
            out += "  {" + fields.joined(separator: ", ") + "}" + (index < records.count - 1 ? ",\n" : "\n")
        }
        return out + "]"
    }
}

extension Catalogue {
    /// Every table row as a flat record, in document order.
    public var deliverableRecords: [DeliverableRecord] {
        var units: [String: Unit] = [:]
        var parts: [String: Part] = [:]
        for programme in programmes {
            for unit in programme.units { units[unit.id] = unit }
            for part in programme.parts { parts[part.id] = part }
        }
        return tables.flatMap { table -> [DeliverableRecord] in
            let unit = units[table.unitID]
            return table.rows.map { row in
                DeliverableRecord(
                    programme: unit?.programme ?? 0, part: unit?.partID.flatMap { parts[$0]?.title },
                    unitID: table.unitID, unitTitle: unit?.title ?? "", table: table.printedLabel, tableID: table.id,
                    period: table.period, category: row.printedCategory, quantified: row.quantified,
                    subcategory: row.subcategory, measure: row.measureText, measureCode: row.measure?.code, row: row,
                    footnotes: table.footnotes.filter { row.footnoteMarkers.contains($0.marker) })
            }
        }
    }
}
