import PlanModel
import PlanAPI

// The table projections of plan.v1.Catalogue's answers.

extension Table {
    /// Programmes: id, number, title, how many parts and units, line.
    public static func programmes(_ programmes: [Programme]) -> Table {
        Table(
            header: ["id", "number", "title", "parts", "units", "line"],
            rows: programmes.map {
                [$0.id, String($0.number), $0.title, String($0.parts.count), String($0.units.count), String($0.line)]
            })
    }

    /// One programme as fields and values: its id, number, title, then one line for each part and
    /// unit (id and title), and how many mandates and narrative sections it holds.
    public static func programme(_ programme: Programme) -> Table {
        var rows = [
            ["id", programme.id], ["number", String(programme.number)], ["title", programme.title],
            ["line", String(programme.line)],
        ]
        rows += programme.parts.map { ["part", "\($0.id) \($0.title)"] }
        rows += programme.units.map { ["unit", "\($0.id) \($0.title)"] }
        rows += [["mandates", String(programme.mandates.count)], ["narrative_sections", String(programme.narrative.count)]]
        return Table(header: ["field", "value"], rows: rows)
    }

    /// Units: id, kind, number, title, programme, part, parent, tables, line.
    public static func units(_ units: [PlanModel.Unit]) -> Table {
        Table(
            header: ["id", "kind", "number", "title", "programme", "part_id", "parent_id", "table_ids", "line"],
            rows: units.map {
                [
                    $0.id, $0.kind.rawValue, $0.number ?? "", $0.title, String($0.programme), $0.partID ?? "",
                    $0.parentID ?? "", $0.tableIDs.joined(separator: " "), String($0.line),
                ]
            })
    }

    /// Objectives with their units.
    public static func objectives(_ objectives: [ObjectiveEntry]) -> Table {
        Table(
            header: ["unit_id", "unit_title", "programme", "objective_id", "paragraph", "text", "line"],
            rows: objectives.map {
                [
                    $0.unitID, $0.unitTitle, String($0.programme), $0.objective.id, $0.objective.paragraph,
                    $0.objective.text, String($0.objective.line),
                ]
            })
    }

    /// Mandates with where they are listed, printed and canonical symbols.
    public static func mandates(_ mandates: [MandateEntry]) -> Table {
        Table(
            header: ["owner_id", "programme", "mandate_id", "issuing_body", "symbols", "canonical_symbols", "title", "line"],
            rows: mandates.map {
                [
                    $0.ownerID, String($0.programme), $0.mandate.id, $0.mandate.issuingBody,
                    $0.mandate.symbols.joined(separator: "; "), $0.mandate.canonicalSymbols.joined(separator: "; "),
                    $0.mandate.title ?? "", String($0.mandate.line),
                ]
            })
    }

    /// Planned results: id, unit, programme, title, the performance measures' caption and the
    /// 2018, 2019 and 2020 cells as printed, line.
    public static func results(_ results: [PlannedResult]) -> Table {
        let years = [2018, 2019, 2020]
        return Table(
            header: ["id", "unit_id", "programme", "title", "caption"] + years.map { "measure_\($0)" } + ["line"],
            rows: results.map { result in
                [result.id, result.unitID, String(result.programme), result.title, result.performance?.caption ?? ""]
                    + years.map { result.performance?.cell($0)?.text ?? "" } + [String(result.line)]
            })
    }

    /// Deliverables tables: id, printed label, title, period, unit, how many rows, line.
    public static func tables(_ tables: [DeliverableTable]) -> Table {
        Table(
            header: ["id", "printed_label", "title", "period", "unit_id", "rows", "line"],
            rows: tables.map {
                [
                    $0.id, $0.printedLabel ?? "", $0.title, $0.period.rawValue, $0.unitID, String($0.rows.count),
                    String($0.line),
                ]
            })
    }

    /// The rows of one deliverables table with their printed figures.
    public static func rows(of table: DeliverableTable) -> Table {
        Table(
            header: [
                "row_id", "category", "printed_category", "quantified", "subcategory", "measure_text", "measure",
                "planned_2018", "actual_2018", "planned_2019", "planned_2020", "footnote_markers", "line",
            ],
            rows: table.rows.map {
                [
                    $0.id, $0.category.rawValue, $0.printedCategory, String($0.quantified), $0.subcategory,
                    $0.measureText ?? "", $0.measure?.rawValue ?? "", $0.planned2018.csvCell,
                    $0.actual2018.csvCell, $0.planned2019.csvCell, $0.planned2020.csvCell,
                    $0.footnoteMarkers.joined(separator: " "), String($0.line),
                ]
            })
    }

    /// Search hits, best first: score, where, and the snippet.
    public static func search(_ hits: [SearchHit]) -> Table {
        Table(
            header: ["score", "scope", "entity_id", "field", "programme", "unit_id", "line", "snippet"],
            rows: hits.map {
                [
                    String($0.score), $0.location.scope.rawValue, $0.location.entityID, $0.location.field,
                    String($0.location.programme), $0.location.unitID, String($0.location.line), $0.snippet,
                ]
            })
    }
}
