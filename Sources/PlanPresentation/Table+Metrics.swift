import PlanModel
import PlanAPI

// The table projections of plan.v1.Metrics's answers. Drilldown groups take two columns each:
// the dimension's key and its label (`programme`, `programme_label`).

extension Table {
    /// Rows with their printed and recorded figures.
    public static func rowFigures(_ rows: [RowFigures]) -> Table {
        Table(
            header: [
                "row_id", "table_id", "unit_id", "programme", "category", "subcategory", "measure_text", "measure",
                "planned_2018", "actual_2018", "planned_2019", "planned_2020", "actual_2019", "actual_2020", "line",
            ],
            rows: rows.map {
                [
                    $0.row.id, $0.tableID, $0.unitID, String($0.programme), $0.row.category.rawValue, $0.row.subcategory,
                    $0.row.measureText ?? "", $0.row.measure?.rawValue ?? "", $0.row.planned2018.csvCell,
                    $0.row.actual2018.csvCell, $0.row.planned2019.csvCell, $0.row.planned2020.csvCell,
                    $0.actual2019.csvCell, $0.actual2020.csvCell, String($0.row.line),
                ]
            })
    }

    /// Aggregate cells of the groups of `drilldowns` (the request's, in order).
    public static func aggregate(_ cells: [AggregateCell], drilldowns: [Dimension]) -> Table {
        Table(
            header: drilldownHeader(drilldowns) + ["measure", "sum", "count", "count_reported", "count_dashes"],
            rows: cells.map {
                drilldownCells($0.drilldown)
                    + [$0.measure?.rawValue ?? "", String($0.sum), String($0.count), String($0.countReported),
                        String($0.countDashes)]
            })
    }

    /// Implementation-rate cells of the groups of `drilldowns`.
    public static func implementationRate(_ cells: [RateCell], drilldowns: [Dimension]) -> Table {
        Table(
            header: drilldownHeader(drilldowns) + ["measure", "planned", "actual", "rows_compared", "rows_skipped", "rate"],
            rows: cells.map {
                drilldownCells($0.drilldown)
                    + [$0.measure?.rawValue ?? "", String($0.planned), String($0.actual), String($0.rowsCompared),
                        String($0.rowsSkipped), $0.rate.map { String($0) } ?? ""]
            })
    }

    /// Change cells (planned 2019 → 2020) of the groups of `drilldowns`.
    public static func change(_ cells: [ChangeCell], drilldowns: [Dimension]) -> Table {
        Table(
            header: drilldownHeader(drilldowns)
                + ["measure", "planned_2019", "planned_2020", "difference", "fraction", "rows_compared", "rows_skipped"],
            rows: cells.map {
                drilldownCells($0.drilldown)
                    + [$0.measure?.rawValue ?? "", String($0.planned2019), String($0.planned2020),
                        String($0.difference), $0.fraction.map { String($0) } ?? "", String($0.rowsCompared),
                        String($0.rowsSkipped)]
            })
    }

    /// Ranked groups: rank, the group's key and label, the metric's value, rows.
    public static func rankings(_ rankings: RankingsResponse) -> Table {
        Table(
            header: ["rank", rankings.by.rawValue, rankings.by.rawValue + "_label", "value", "rows"],
            rows: rankings.entries.map {
                [String($0.rank), $0.item.key, $0.item.label, String($0.value), String($0.rows)]
            })
    }

    /// Recordings, oldest first as given.
    public static func recordings(_ recordings: [Recording]) -> Table {
        Table(
            header: [
                "sequence", "row_id", "table_id", "programme", "year", "value", "previous", "reported_by", "source_note",
                "request_id", "recorded_at_unix_micros",
            ],
            rows: recordings.map {
                [
                    String($0.sequence), $0.rowID, $0.tableID, String($0.programme), String($0.year), $0.value.csvCell,
                    $0.previous.csvCell, $0.reportedBy, $0.sourceNote, $0.requestID, String($0.recordedAtUnixMicros),
                ]
            })
    }

    /// The outcome of a recording: the recording and whether it was a replay of an earlier one.
    public static func recordActual(_ answer: RecordActualResponse) -> Table {
        let recording = recordings([answer.recording])
        return Table(header: recording.header + ["replayed"], rows: recording.rows.map { $0 + [String(answer.replayed)] })
    }

    private static func drilldownHeader(_ dimensions: [Dimension]) -> [String] {
        dimensions.flatMap { [$0.rawValue, $0.rawValue + "_label"] }
    }

    private static func drilldownCells(_ values: [DimensionValue]) -> [String] {
        values.flatMap { [$0.key, $0.label] }
    }
}
