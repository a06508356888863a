import CPlanProto
import PlanProtobuf
import PlanModel

// The protobuf encoding of the plan.v1.Metrics requests and responses.

extension FigureColumn: ProtobufEnum {
    package var protobufValue: Plan__FigureColumn {
        switch self {
        case .planned2018: PLAN__FIGURE_COLUMN__FIGURE_COLUMN_PLANNED_2018
        case .actual2018: PLAN__FIGURE_COLUMN__FIGURE_COLUMN_ACTUAL_2018
        case .planned2019: PLAN__FIGURE_COLUMN__FIGURE_COLUMN_PLANNED_2019
        case .planned2020: PLAN__FIGURE_COLUMN__FIGURE_COLUMN_PLANNED_2020
        case .actual2019: PLAN__FIGURE_COLUMN__FIGURE_COLUMN_ACTUAL_2019
        case .actual2020: PLAN__FIGURE_COLUMN__FIGURE_COLUMN_ACTUAL_2020
        }
    }
}

extension Dimension: ProtobufEnum {
    package var protobufValue: Plan__Dimension {
        switch self {
        case .programme: PLAN__DIMENSION__DIMENSION_PROGRAMME
        case .part: PLAN__DIMENSION__DIMENSION_PART
        case .unit: PLAN__DIMENSION__DIMENSION_UNIT
        case .category: PLAN__DIMENSION__DIMENSION_CATEGORY
        case .subcategory: PLAN__DIMENSION__DIMENSION_SUBCATEGORY
        case .measure: PLAN__DIMENSION__DIMENSION_MEASURE
        case .period: PLAN__DIMENSION__DIMENSION_PERIOD
        case .row: PLAN__DIMENSION__DIMENSION_ROW
        }
    }
}

extension AggregateField: ProtobufEnum {
    package var protobufValue: Plan__AggregateField {
        switch self {
        case .sum: PLAN__AGGREGATE_FIELD__AGGREGATE_FIELD_SUM
        case .count: PLAN__AGGREGATE_FIELD__AGGREGATE_FIELD_COUNT
        case .countReported: PLAN__AGGREGATE_FIELD__AGGREGATE_FIELD_COUNT_REPORTED
        }
    }
}

extension RankingMetric: ProtobufEnum {
    package var protobufValue: Plan__RankingMetric {
        switch self {
        case .total: PLAN__RANKING_METRIC__RANKING_METRIC_TOTAL
        case .implementationRate: PLAN__RANKING_METRIC__RANKING_METRIC_IMPLEMENTATION_RATE
        case .change: PLAN__RANKING_METRIC__RANKING_METRIC_CHANGE
        case .changeFraction: PLAN__RANKING_METRIC__RANKING_METRIC_CHANGE_FRACTION
        case .gap: PLAN__RANKING_METRIC__RANKING_METRIC_GAP
        }
    }
}

extension DimensionValue: ProtobufCodable {
    package func encode(into message: inout Plan__DimensionValue, arena: ProtobufArena) throws {
        message.dimension = dimension.protobufValue
        message.key = try arena.cString(key, field: "key")
        message.label = try arena.cString(label, field: "label")
    }

    package init(decoding message: Plan__DimensionValue) throws {
        self.init(
            dimension: try Dimension.required(protobufValue: message.dimension, field: "dimension"),
            key: try Unpacked.string(message.key, field: "key"),
            label: try Unpacked.string(message.label, field: "label"))
    }
}

extension Cut: ProtobufCodable {
    package func encode(into message: inout Plan__Cut, arena: ProtobufArena) throws {
        message.dimension = dimension.protobufValue
        message.n_values = values.count
        message.values = try arena.cStrings(values, field: "values")
    }

    package init(decoding message: Plan__Cut) throws {
        self.init(
            dimension: try Dimension.required(protobufValue: message.dimension, field: "dimension"),
            values: try Unpacked.strings(message.n_values, message.values, field: "values"))
    }
}

extension AggregateOrder: ProtobufCodable {
    package func encode(into message: inout Plan__Order, arena: ProtobufArena) throws {
        switch key {
        case .dimension(let dimension):
            message.key_case = PLAN__ORDER__KEY_DIMENSION
            message.dimension = dimension.protobufValue
        case .aggregate(let field):
            message.key_case = PLAN__ORDER__KEY_AGGREGATE
            message.aggregate = field.protobufValue
        }
        message.descending = descending ? 1 : 0
    }

    package init(decoding message: Plan__Order) throws {
        let key: Key
        switch message.key_case {
        case PLAN__ORDER__KEY_DIMENSION:
            key = .dimension(try Dimension.required(protobufValue: message.dimension, field: "dimension"))
        case PLAN__ORDER__KEY_AGGREGATE:
            key = .aggregate(try AggregateField.required(protobufValue: message.aggregate, field: "aggregate"))
        default:
            throw ProtobufError(.invalidValue("an order needs a dimension or an aggregate; neither is set"))
        }
        self.init(key, descending: message.descending != 0)
    }
}

extension GetFiguresRequest: ProtobufCodable {
    package func encode(into message: inout Plan__GetFiguresRequest, arena: ProtobufArena) throws {
        switch target {
        case .table(let id):
            message.target_case = PLAN__GET_FIGURES_REQUEST__TARGET_TABLE_ID
            message.table_id = try arena.cString(id, field: "table_id")
        case .row(let id):
            message.target_case = PLAN__GET_FIGURES_REQUEST__TARGET_ROW_ID
            message.row_id = try arena.cString(id, field: "row_id")
        }
    }

    package init(decoding message: Plan__GetFiguresRequest) throws {
        switch message.target_case {
        case PLAN__GET_FIGURES_REQUEST__TARGET_TABLE_ID:
            self.init(.table(try Unpacked.string(message.table_id, field: "table_id")))
        case PLAN__GET_FIGURES_REQUEST__TARGET_ROW_ID:
            self.init(.row(try Unpacked.string(message.row_id, field: "row_id")))
        default:
            throw ProtobufError(.invalidValue("the request needs a table_id or a row_id; neither is set"))
        }
    }
}

extension RowFigures: ProtobufCodable {
    package func encode(into message: inout Plan__RowFigures, arena: ProtobufArena) throws {
        message.table_id = try arena.cString(tableID, field: "table_id")
        message.unit_id = try arena.cString(unitID, field: "unit_id")
        message.programme = try fitting(programme, field: "programme")
        message.row = try arena.encode(row, field: "row")
        message.actual_2019 = try arena.encode(actual2019, field: "actual_2019")
        message.actual_2020 = try arena.encode(actual2020, field: "actual_2020")
    }

    package init(decoding message: Plan__RowFigures) throws {
        self.init(
            tableID: try Unpacked.string(message.table_id, field: "table_id"),
            unitID: try Unpacked.string(message.unit_id, field: "unit_id"),
            programme: Int(message.programme),
            row: try Unpacked.message(message.row, field: "row"),
            actual2019: try Unpacked.message(message.actual_2019, field: "actual_2019"),
            actual2020: try Unpacked.message(message.actual_2020, field: "actual_2020"))
    }
}

extension GetFiguresResponse: ProtobufCodable {
    package func encode(into message: inout Plan__GetFiguresResponse, arena: ProtobufArena) throws {
        message.n_rows = rows.count
        message.rows = try arena.encode(rows, field: "rows")
    }

    package init(decoding message: Plan__GetFiguresResponse) throws {
        self.init(rows: try Unpacked.messages(message.n_rows, message.rows, field: "rows"))
    }
}

extension AggregateRequest: ProtobufCodable {
    package func encode(into message: inout Plan__AggregateRequest, arena: ProtobufArena) throws {
        message.column = column.protobufValue
        message.n_drilldowns = drilldowns.count
        message.drilldowns = arena.enumValues(drilldowns)
        message.n_cuts = cuts.count
        message.cuts = try arena.encode(cuts, field: "cuts")
        message.n_order = order.count
        message.order = try arena.encode(order, field: "order")
        message.page_size = try fitting(pageSize, field: "page_size")
        message.page_token = try arena.cString(pageToken, field: "page_token")
    }

    package init(decoding message: Plan__AggregateRequest) throws {
        self.init(
            column: try FigureColumn.required(protobufValue: message.column, field: "column"),
            drilldowns: try Unpacked.enumValues(message.n_drilldowns, message.drilldowns, field: "drilldowns"),
            cuts: try Unpacked.messages(message.n_cuts, message.cuts, field: "cuts"),
            order: try Unpacked.messages(message.n_order, message.order, field: "order"),
            pageSize: Int(message.page_size),
            pageToken: try Unpacked.string(message.page_token, field: "page_token"))
    }
}

extension AggregateCell: ProtobufCodable {
    package func encode(into message: inout Plan__AggregateCell, arena: ProtobufArena) throws {
        message.n_drilldown = drilldown.count
        message.drilldown = try arena.encode(drilldown, field: "drilldown")
        message.measure = Measure.protobufValue(measure)
        message.sum = Int64(sum)
        message.count = try fitting(count, field: "count")
        message.count_reported = try fitting(countReported, field: "count_reported")
        message.count_dashes = try fitting(countDashes, field: "count_dashes")
    }

    package init(decoding message: Plan__AggregateCell) throws {
        self.init(
            drilldown: try Unpacked.messages(message.n_drilldown, message.drilldown, field: "drilldown"),
            measure: try Measure.from(protobufValue: message.measure, field: "measure"),
            sum: try fitting(message.sum, field: "sum"),
            count: Int(message.count),
            countReported: Int(message.count_reported),
            countDashes: Int(message.count_dashes))
    }
}

extension AggregateResponse: ProtobufCodable {
    package func encode(into message: inout Plan__AggregateResponse, arena: ProtobufArena) throws {
        message.column = column.protobufValue
        message.n_cells = cells.count
        message.cells = try arena.encode(cells, field: "cells")
        message.n_summary = summary.count
        message.summary = try arena.encode(summary, field: "summary")
        message.total_cell_count = try fitting(totalCellCount, field: "total_cell_count")
        message.next_page_token = try arena.cString(nextPageToken, field: "next_page_token")
    }

    package init(decoding message: Plan__AggregateResponse) throws {
        self.init(
            column: try FigureColumn.required(protobufValue: message.column, field: "column"),
            cells: try Unpacked.messages(message.n_cells, message.cells, field: "cells"),
            summary: try Unpacked.messages(message.n_summary, message.summary, field: "summary"),
            totalCellCount: Int(message.total_cell_count),
            nextPageToken: try Unpacked.string(message.next_page_token, field: "next_page_token"))
    }
}

extension ImplementationRateRequest: ProtobufCodable {
    package func encode(into message: inout Plan__ImplementationRateRequest, arena: ProtobufArena) throws {
        message.year = try fitting(year, field: "year")
        message.n_drilldowns = drilldowns.count
        message.drilldowns = arena.enumValues(drilldowns)
        message.n_cuts = cuts.count
        message.cuts = try arena.encode(cuts, field: "cuts")
        message.page_size = try fitting(pageSize, field: "page_size")
        message.page_token = try arena.cString(pageToken, field: "page_token")
    }

    package init(decoding message: Plan__ImplementationRateRequest) throws {
        self.init(
            year: Int(message.year),
            drilldowns: try Unpacked.enumValues(message.n_drilldowns, message.drilldowns, field: "drilldowns"),
            cuts: try Unpacked.messages(message.n_cuts, message.cuts, field: "cuts"),
            pageSize: Int(message.page_size),
            pageToken: try Unpacked.string(message.page_token, field: "page_token"))
    }
}

extension RateCell: ProtobufCodable {
    package func encode(into message: inout Plan__RateCell, arena: ProtobufArena) throws {
        message.n_drilldown = drilldown.count
        message.drilldown = try arena.encode(drilldown, field: "drilldown")
        message.measure = Measure.protobufValue(measure)
        message.planned = Int64(planned)
        message.actual = Int64(actual)
        message.rows_compared = try fitting(rowsCompared, field: "rows_compared")
        message.rows_skipped = try fitting(rowsSkipped, field: "rows_skipped")
        if let rate {
            message.rate_present_case = PLAN__RATE_CELL__RATE_PRESENT_RATE
            message.rate = rate
        }
    }

    package init(decoding message: Plan__RateCell) throws {
        self.init(
            drilldown: try Unpacked.messages(message.n_drilldown, message.drilldown, field: "drilldown"),
            measure: try Measure.from(protobufValue: message.measure, field: "measure"),
            planned: try fitting(message.planned, field: "planned"),
            actual: try fitting(message.actual, field: "actual"),
            rowsCompared: Int(message.rows_compared),
            rowsSkipped: Int(message.rows_skipped),
            rate: message.rate_present_case == PLAN__RATE_CELL__RATE_PRESENT_RATE ? message.rate : nil)
    }
}

extension ImplementationRateResponse: ProtobufCodable {
    package func encode(into message: inout Plan__ImplementationRateResponse, arena: ProtobufArena) throws {
        message.year = try fitting(year, field: "year")
        message.n_cells = cells.count
        message.cells = try arena.encode(cells, field: "cells")
        message.next_page_token = try arena.cString(nextPageToken, field: "next_page_token")
    }

    package init(decoding message: Plan__ImplementationRateResponse) throws {
        self.init(
            year: Int(message.year),
            cells: try Unpacked.messages(message.n_cells, message.cells, field: "cells"),
            nextPageToken: try Unpacked.string(message.next_page_token, field: "next_page_token"))
    }
}

extension ChangeRequest: ProtobufCodable {
    package func encode(into message: inout Plan__ChangeRequest, arena: ProtobufArena) throws {
        message.n_drilldowns = drilldowns.count
        message.drilldowns = arena.enumValues(drilldowns)
        message.n_cuts = cuts.count
        message.cuts = try arena.encode(cuts, field: "cuts")
        message.page_size = try fitting(pageSize, field: "page_size")
        message.page_token = try arena.cString(pageToken, field: "page_token")
    }

    package init(decoding message: Plan__ChangeRequest) throws {
        self.init(
            drilldowns: try Unpacked.enumValues(message.n_drilldowns, message.drilldowns, field: "drilldowns"),
            cuts: try Unpacked.messages(message.n_cuts, message.cuts, field: "cuts"),
            pageSize: Int(message.page_size),
            pageToken: try Unpacked.string(message.page_token, field: "page_token"))
    }
}

extension ChangeCell: ProtobufCodable {
    package func encode(into message: inout Plan__ChangeCell, arena: ProtobufArena) throws {
        message.n_drilldown = drilldown.count
        message.drilldown = try arena.encode(drilldown, field: "drilldown")
        message.measure = Measure.protobufValue(measure)
        message.planned_2019 = Int64(planned2019)
        message.planned_2020 = Int64(planned2020)
        message.difference = Int64(difference)
        if let fraction {
            message.fraction_present_case = PLAN__CHANGE_CELL__FRACTION_PRESENT_FRACTION
            message.fraction = fraction
        }
        message.rows_compared = try fitting(rowsCompared, field: "rows_compared")
        message.rows_skipped = try fitting(rowsSkipped, field: "rows_skipped")
    }

    package init(decoding message: Plan__ChangeCell) throws {
        self.init(
            drilldown: try Unpacked.messages(message.n_drilldown, message.drilldown, field: "drilldown"),
            measure: try Measure.from(protobufValue: message.measure, field: "measure"),
            planned2019: try fitting(message.planned_2019, field: "planned_2019"),
            planned2020: try fitting(message.planned_2020, field: "planned_2020"),
            difference: try fitting(message.difference, field: "difference"),
            fraction: message.fraction_present_case == PLAN__CHANGE_CELL__FRACTION_PRESENT_FRACTION
                ? message.fraction : nil,
            rowsCompared: Int(message.rows_compared),
            rowsSkipped: Int(message.rows_skipped))
    }
}

extension ChangeResponse: ProtobufCodable {
    package func encode(into message: inout Plan__ChangeResponse, arena: ProtobufArena) throws {
        message.n_cells = cells.count
        message.cells = try arena.encode(cells, field: "cells")
        message.next_page_token = try arena.cString(nextPageToken, field: "next_page_token")
    }

    package init(decoding message: Plan__ChangeResponse) throws {
        self.init(
            cells: try Unpacked.messages(message.n_cells, message.cells, field: "cells"),
            nextPageToken: try Unpacked.string(message.next_page_token, field: "next_page_token"))
    }
}

extension RankingsRequest: ProtobufCodable {
    package func encode(into message: inout Plan__RankingsRequest, arena: ProtobufArena) throws {
        message.by = by.protobufValue
        message.measure = measure.protobufValue
        message.metric = metric.protobufValue
        message.column = FigureColumn.protobufValue(column)
        message.year = try fitting(year, field: "year")
        message.n_cuts = cuts.count
        message.cuts = try arena.encode(cuts, field: "cuts")
        message.ascending = ascending ? 1 : 0
        message.limit = try fitting(limit, field: "limit")
    }

    package init(decoding message: Plan__RankingsRequest) throws {
        self.init(
            by: try Dimension.required(protobufValue: message.by, field: "by"),
            measure: try Measure.required(protobufValue: message.measure, field: "measure"),
            metric: try RankingMetric.required(protobufValue: message.metric, field: "metric"),
            column: try FigureColumn.from(protobufValue: message.column, field: "column"),
            year: Int(message.year),
            cuts: try Unpacked.messages(message.n_cuts, message.cuts, field: "cuts"),
            ascending: message.ascending != 0,
            limit: Int(message.limit))
    }
}

extension RankingEntry: ProtobufCodable {
    package func encode(into message: inout Plan__RankingEntry, arena: ProtobufArena) throws {
        message.rank = try fitting(rank, field: "rank")
        message.item = try arena.encode(item, field: "item")
        message.value = value
        message.rows = try fitting(rows, field: "rows")
    }

    package init(decoding message: Plan__RankingEntry) throws {
        self.init(
            rank: Int(message.rank),
            item: try Unpacked.message(message.item, field: "item"),
            value: message.value,
            rows: Int(message.rows))
    }
}

extension RankingsResponse: ProtobufCodable {
    package func encode(into message: inout Plan__RankingsResponse, arena: ProtobufArena) throws {
        message.by = by.protobufValue
        message.measure = measure.protobufValue
        message.metric = metric.protobufValue
        message.n_entries = entries.count
        message.entries = try arena.encode(entries, field: "entries")
    }

    package init(decoding message: Plan__RankingsResponse) throws {
        self.init(
            by: try Dimension.required(protobufValue: message.by, field: "by"),
            measure: try Measure.required(protobufValue: message.measure, field: "measure"),
            metric: try RankingMetric.required(protobufValue: message.metric, field: "metric"),
            entries: try Unpacked.messages(message.n_entries, message.entries, field: "entries"))
    }
}

extension RecordActualRequest: ProtobufCodable {
    package func encode(into message: inout Plan__RecordActualRequest, arena: ProtobufArena) throws {
        message.row_id = try arena.cString(rowID, field: "row_id")
        message.year = try fitting(year, field: "year")
        message.value = try arena.encode(value, field: "value")
        message.reported_by = try arena.cString(reportedBy, field: "reported_by")
        message.source_note = try arena.cString(sourceNote, field: "source_note")
        message.request_id = try arena.cString(requestID, field: "request_id")
    }

    package init(decoding message: Plan__RecordActualRequest) throws {
        self.init(
            rowID: try Unpacked.string(message.row_id, field: "row_id"),
            year: Int(message.year),
            value: try Unpacked.message(message.value, field: "value"),
            reportedBy: try Unpacked.string(message.reported_by, field: "reported_by"),
            sourceNote: try Unpacked.string(message.source_note, field: "source_note"),
            requestID: try Unpacked.string(message.request_id, field: "request_id"))
    }
}

extension Recording: ProtobufCodable {
    package func encode(into message: inout Plan__Recording, arena: ProtobufArena) throws {
        message.sequence = sequence
        message.row_id = try arena.cString(rowID, field: "row_id")
        message.table_id = try arena.cString(tableID, field: "table_id")
        message.programme = try fitting(programme, field: "programme")
        message.year = try fitting(year, field: "year")
        message.value = try arena.encode(value, field: "value")
        message.previous = try arena.encode(previous, field: "previous")
        message.reported_by = try arena.cString(reportedBy, field: "reported_by")
        message.source_note = try arena.cString(sourceNote, field: "source_note")
        message.request_id = try arena.cString(requestID, field: "request_id")
        message.recorded_at_unix_micros = recordedAtUnixMicros
    }

    package init(decoding message: Plan__Recording) throws {
        self.init(
            sequence: message.sequence,
            rowID: try Unpacked.string(message.row_id, field: "row_id"),
            tableID: try Unpacked.string(message.table_id, field: "table_id"),
            programme: Int(message.programme),
            year: Int(message.year),
            value: try Unpacked.message(message.value, field: "value"),
            previous: try Unpacked.message(message.previous, field: "previous"),
            reportedBy: try Unpacked.string(message.reported_by, field: "reported_by"),
            sourceNote: try Unpacked.string(message.source_note, field: "source_note"),
            requestID: try Unpacked.string(message.request_id, field: "request_id"),
            recordedAtUnixMicros: message.recorded_at_unix_micros)
    }
}

extension RecordActualResponse: ProtobufCodable {
    package func encode(into message: inout Plan__RecordActualResponse, arena: ProtobufArena) throws {
        message.recording = try arena.encode(recording, field: "recording")
        message.replayed = replayed ? 1 : 0
    }

    package init(decoding message: Plan__RecordActualResponse) throws {
        self.init(
            recording: try Unpacked.message(message.recording, field: "recording"),
            replayed: message.replayed != 0)
    }
}

extension RowHistoryRequest: ProtobufCodable {
    package func encode(into message: inout Plan__RowHistoryRequest, arena: ProtobufArena) throws {
        message.row_id = try arena.cString(rowID, field: "row_id")
        message.page_size = try fitting(pageSize, field: "page_size")
        message.page_token = try arena.cString(pageToken, field: "page_token")
    }

    package init(decoding message: Plan__RowHistoryRequest) throws {
        self.init(
            rowID: try Unpacked.string(message.row_id, field: "row_id"),
            pageSize: Int(message.page_size),
            pageToken: try Unpacked.string(message.page_token, field: "page_token"))
    }
}

extension RowHistoryResponse: ProtobufCodable {
    package func encode(into message: inout Plan__RowHistoryResponse, arena: ProtobufArena) throws {
        message.current = try arena.encode(current, field: "current")
        message.n_recordings = recordings.count
        message.recordings = try arena.encode(recordings, field: "recordings")
        message.next_page_token = try arena.cString(nextPageToken, field: "next_page_token")
    }

    package init(decoding message: Plan__RowHistoryResponse) throws {
        self.init(
            current: try Unpacked.message(message.current, field: "current"),
            recordings: try Unpacked.messages(message.n_recordings, message.recordings, field: "recordings"),
            nextPageToken: try Unpacked.string(message.next_page_token, field: "next_page_token"))
    }
}

extension WatchRecordingsRequest: ProtobufCodable {
    package func encode(into message: inout Plan__WatchRecordingsRequest, arena: ProtobufArena) throws {
        message.programme_id = try arena.cString(programmeID, field: "programme_id")
        message.table_id = try arena.cString(tableID, field: "table_id")
        message.row_id = try arena.cString(rowID, field: "row_id")
        if let afterSequence {
            message.after_sequence_present_case = PLAN__WATCH_RECORDINGS_REQUEST__AFTER_SEQUENCE_PRESENT_AFTER_SEQUENCE
            message.after_sequence = afterSequence
        }
    }

    package init(decoding message: Plan__WatchRecordingsRequest) throws {
        self.init(
            programmeID: try Unpacked.string(message.programme_id, field: "programme_id"),
            tableID: try Unpacked.string(message.table_id, field: "table_id"),
            rowID: try Unpacked.string(message.row_id, field: "row_id"),
            afterSequence: message.after_sequence_present_case
                == PLAN__WATCH_RECORDINGS_REQUEST__AFTER_SEQUENCE_PRESENT_AFTER_SEQUENCE
                ? message.after_sequence : nil)
    }
}

extension StreamRowsRequest: ProtobufCodable {
    package func encode(into message: inout Plan__StreamRowsRequest, arena: ProtobufArena) throws {
        message.n_cuts = cuts.count
        message.cuts = try arena.encode(cuts, field: "cuts")
    }

    package init(decoding message: Plan__StreamRowsRequest) throws {
        self.init(cuts: try Unpacked.messages(message.n_cuts, message.cuts, field: "cuts"))
    }
}
