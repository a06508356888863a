import PlanModel

// The requests and responses of plan.v1.Metrics (Protos/plan/v1/metrics.proto) as Swift
// values. Their protobuf encoding is in MetricsMessages+Protobuf.swift. Every aggregate is
// per measure; a dash counts 0 and a blank is left out and counted apart. Responses are
// Encodable (the HTTP front's JSON, keys turned snake_case there) and the enums' raw values are
// their names in JSON and in HTTP query parameters.

/// A figure column: the four the document prints and the two actuals recorded later.
public enum FigureColumn: String, CaseIterable, Codable, Hashable, Sendable {
    /// Planned 2018, as printed.
    case planned2018 = "planned_2018"
    /// Actual 2018, as printed.
    case actual2018 = "actual_2018"
    /// Planned 2019, as printed.
    case planned2019 = "planned_2019"
    /// Planned 2020, as printed.
    case planned2020 = "planned_2020"
    /// Actual 2019, as recorded (blank until recorded).
    case actual2019 = "actual_2019"
    /// Actual 2020, as recorded (blank until recorded).
    case actual2020 = "actual_2020"
}

/// A dimension rows can be grouped (drilled down) or cut by.
public enum Dimension: String, CaseIterable, Codable, Hashable, Sendable {
    /// Key `p6`, label the title.
    case programme
    /// Key the part id (`p25.A`), empty outside parts; label the title.
    case part
    /// Key the unit id (`p4.sp2`); label the title.
    case unit
    /// Key the letter (`A`); label the Chinese name.
    case category
    /// Key and label the subcategory as printed.
    case subcategory
    /// Key the measure code (`documents`), empty for none; label the Chinese name.
    case measure
    /// Key `2018-2020` or `2020`.
    case period
    /// Key the row id (`20.3.r4`); label the subcategory as printed.
    case row
}

/// One dimension's value for a group of rows.
public struct DimensionValue: Encodable, Hashable, Sendable {
    /// The dimension.
    public var dimension: Dimension
    /// The key, as described for each ``Dimension``; the key cuts take.
    public var key: String
    /// A human-readable label (Chinese, as printed).
    public var label: String

    public init(dimension: Dimension, key: String, label: String = "") {
        self.dimension = dimension
        self.key = key
        self.label = label
    }
}

/// Keeps only rows whose key for a dimension is one of the values (cuts combine with AND).
public struct Cut: Hashable, Sendable {
    /// The dimension cut on.
    public var dimension: Dimension
    /// Accepted keys; a row matches if its key is any of them.
    public var values: [String]

    public init(dimension: Dimension, values: [String]) {
        self.dimension = dimension
        self.values = values
    }
}

/// An aggregate of an Aggregate cell, for ordering.
public enum AggregateField: String, CaseIterable, Codable, Hashable, Sendable {
    /// The sum of the reported values.
    case sum
    /// The number of rows.
    case count
    /// The number of rows whose figure is a number or a dash.
    case countReported = "count_reported"
}

/// One ordering key of Aggregate cells; later keys break ties of earlier ones.
public struct AggregateOrder: Hashable, Sendable {
    /// What to order by.
    public enum Key: Hashable, Sendable {
        /// A drilldown dimension's key.
        case dimension(Dimension)
        /// An aggregate.
        case aggregate(AggregateField)
    }

    /// What to order by.
    public var key: Key
    /// Largest first when true.
    public var descending: Bool

    public init(_ key: Key, descending: Bool = false) {
        self.key = key
        self.descending = descending
    }
}

/// Gets the figures of a table's rows or of one row.
public struct GetFiguresRequest: Hashable, Sendable {
    /// Which rows.
    public enum Target: Hashable, Sendable {
        /// Every row of this table (`20.3`).
        case table(String)
        /// This one row (`20.3.r4`).
        case row(String)
    }

    /// Which rows.
    public var target: Target

    public init(_ target: Target) {
        self.target = target
    }
}

/// A row with its printed figures, its recorded actuals and what places it.
public struct RowFigures: Encodable, Hashable, Sendable {
    /// Id of the table.
    public var tableID: String
    /// Id of the unit.
    public var unitID: String
    /// Number of the programme.
    public var programme: Int
    /// The row as printed, with its four printed figures.
    public var row: DeliverableRow
    /// Actual 2019 as last recorded; blank if none is.
    public var actual2019: Figure
    /// Actual 2020 as last recorded; blank if none is.
    public var actual2020: Figure

    public init(
        tableID: String, unitID: String, programme: Int, row: DeliverableRow, actual2019: Figure = .blank,
        actual2020: Figure = .blank
    ) {
        self.tableID = tableID
        self.unitID = unitID
        self.programme = programme
        self.row = row
        self.actual2019 = actual2019
        self.actual2020 = actual2020
    }
}

/// The figures asked for, in document order.
public struct GetFiguresResponse: Encodable, Hashable, Sendable {
    /// The rows.
    public var rows: [RowFigures]

    public init(rows: [RowFigures] = []) {
        self.rows = rows
    }
}

/// Aggregates a figure column over rows, grouped by drilldowns (and always by measure), after cuts.
public struct AggregateRequest: Hashable, Sendable {
    /// The column aggregated.
    public var column: FigureColumn
    /// Dimensions to group by, in order.
    public var drilldowns: [Dimension]
    /// Cuts applied before grouping.
    public var cuts: [Cut]
    /// Ordering of the cells; empty: drilldown keys in document order, then measure.
    public var order: [AggregateOrder]
    /// Most cells to return; 0 for the server's default.
    public var pageSize: Int
    /// A previous response's `nextPageToken`; empty for the first page.
    public var pageToken: String

    public init(
        column: FigureColumn, drilldowns: [Dimension] = [], cuts: [Cut] = [], order: [AggregateOrder] = [],
        pageSize: Int = 0, pageToken: String = ""
    ) {
        self.column = column
        self.drilldowns = drilldowns
        self.cuts = cuts
        self.order = order
        self.pageSize = pageSize
        self.pageToken = pageToken
    }
}

/// The aggregates of one group of rows of one measure.
public struct AggregateCell: Encodable, Hashable, Sendable {
    /// The group's value for each drilldown, in request order; empty in a summary.
    public var drilldown: [DimensionValue]
    /// The measure of every row in the cell; `nil` for rows without one.
    public var measure: Measure?
    /// The sum of the reported values; dashes count 0, blanks are left out.
    public var sum: Int
    /// The number of rows.
    public var count: Int
    /// The number of rows whose figure is a number or a dash.
    public var countReported: Int
    /// The number of rows whose figure is a dash.
    public var countDashes: Int

    public init(
        drilldown: [DimensionValue] = [], measure: Measure?, sum: Int, count: Int, countReported: Int,
        countDashes: Int
    ) {
        self.drilldown = drilldown
        self.measure = measure
        self.sum = sum
        self.count = count
        self.countReported = countReported
        self.countDashes = countDashes
    }
}

/// A page of aggregate cells, and the totals per measure over all of them.
public struct AggregateResponse: Encodable, Hashable, Sendable {
    /// The column aggregated.
    public var column: FigureColumn
    /// The cells of this page.
    public var cells: [AggregateCell]
    /// One cell per measure over every row the cuts keep.
    public var summary: [AggregateCell]
    /// How many cells all pages hold.
    public var totalCellCount: Int
    /// Token for the next page; empty when this is the last.
    public var nextPageToken: String

    public init(
        column: FigureColumn, cells: [AggregateCell] = [], summary: [AggregateCell] = [], totalCellCount: Int = 0,
        nextPageToken: String = ""
    ) {
        self.column = column
        self.cells = cells
        self.summary = summary
        self.totalCellCount = totalCellCount
        self.nextPageToken = nextPageToken
    }
}

/// Compares actual with planned outputs for a year, per group and measure.
public struct ImplementationRateRequest: Hashable, Sendable {
    /// 2018 (printed actuals), 2019 or 2020 (recorded actuals).
    public var year: Int
    /// Dimensions to group by, in order.
    public var drilldowns: [Dimension]
    /// Cuts applied before grouping.
    public var cuts: [Cut]
    /// Most cells to return; 0 for the server's default.
    public var pageSize: Int
    /// A previous response's `nextPageToken`; empty for the first page.
    public var pageToken: String

    public init(year: Int, drilldowns: [Dimension] = [], cuts: [Cut] = [], pageSize: Int = 0, pageToken: String = "") {
        self.year = year
        self.drilldowns = drilldowns
        self.cuts = cuts
        self.pageSize = pageSize
        self.pageToken = pageToken
    }
}

/// The implementation rate of one group of rows of one measure.
public struct RateCell: Encodable, Hashable, Sendable {
    /// The group's value for each drilldown, in request order.
    public var drilldown: [DimensionValue]
    /// The measure; `nil` for rows without one.
    public var measure: Measure?
    /// Sum of planned values over the rows compared.
    public var planned: Int
    /// Sum of actual values over the rows compared.
    public var actual: Int
    /// Rows with both planned and actual reported.
    public var rowsCompared: Int
    /// Rows left out because planned or actual is blank.
    public var rowsSkipped: Int
    /// actual / planned; `nil` when planned is 0.
    public var rate: Double?

    public init(
        drilldown: [DimensionValue] = [], measure: Measure?, planned: Int, actual: Int, rowsCompared: Int,
        rowsSkipped: Int, rate: Double?
    ) {
        self.drilldown = drilldown
        self.measure = measure
        self.planned = planned
        self.actual = actual
        self.rowsCompared = rowsCompared
        self.rowsSkipped = rowsSkipped
        self.rate = rate
    }
}

/// Implementation rates per group and measure.
public struct ImplementationRateResponse: Encodable, Hashable, Sendable {
    /// The year compared.
    public var year: Int
    /// The cells of this page.
    public var cells: [RateCell]
    /// Token for the next page; empty when this is the last.
    public var nextPageToken: String

    public init(year: Int, cells: [RateCell] = [], nextPageToken: String = "") {
        self.year = year
        self.cells = cells
        self.nextPageToken = nextPageToken
    }
}

/// The change from planned 2019 to planned 2020, per group and measure.
public struct ChangeRequest: Hashable, Sendable {
    /// Dimensions to group by, in order.
    public var drilldowns: [Dimension]
    /// Cuts applied before grouping.
    public var cuts: [Cut]
    /// Most cells to return; 0 for the server's default.
    public var pageSize: Int
    /// A previous response's `nextPageToken`; empty for the first page.
    public var pageToken: String

    public init(drilldowns: [Dimension] = [], cuts: [Cut] = [], pageSize: Int = 0, pageToken: String = "") {
        self.drilldowns = drilldowns
        self.cuts = cuts
        self.pageSize = pageSize
        self.pageToken = pageToken
    }
}

/// The 2019→2020 change of one group of rows of one measure.
public struct ChangeCell: Encodable, Hashable, Sendable {
    /// The group's value for each drilldown, in request order.
    public var drilldown: [DimensionValue]
    /// The measure; `nil` for rows without one.
    public var measure: Measure?
    /// Sum of planned 2019 over the rows compared.
    public var planned2019: Int
    /// Sum of planned 2020 over the rows compared.
    public var planned2020: Int
    /// planned2020 − planned2019.
    public var difference: Int
    /// difference / planned2019; `nil` when planned2019 is 0.
    public var fraction: Double?
    /// Rows with both years reported.
    public var rowsCompared: Int
    /// Rows left out because either year is blank.
    public var rowsSkipped: Int

    public init(
        drilldown: [DimensionValue] = [], measure: Measure?, planned2019: Int, planned2020: Int, difference: Int,
        fraction: Double?, rowsCompared: Int, rowsSkipped: Int
    ) {
        self.drilldown = drilldown
        self.measure = measure
        self.planned2019 = planned2019
        self.planned2020 = planned2020
        self.difference = difference
        self.fraction = fraction
        self.rowsCompared = rowsCompared
        self.rowsSkipped = rowsSkipped
    }
}

/// The 2019→2020 change per group and measure.
public struct ChangeResponse: Encodable, Hashable, Sendable {
    /// The cells of this page.
    public var cells: [ChangeCell]
    /// Token for the next page; empty when this is the last.
    public var nextPageToken: String

    public init(cells: [ChangeCell] = [], nextPageToken: String = "") {
        self.cells = cells
        self.nextPageToken = nextPageToken
    }
}

/// What Rankings orders groups by.
public enum RankingMetric: String, CaseIterable, Codable, Hashable, Sendable {
    /// The sum of a figure column.
    case total
    /// Actual / planned for a year.
    case implementationRate = "implementation_rate"
    /// Planned 2020 − planned 2019.
    case change
    /// (Planned 2020 − planned 2019) / planned 2019.
    case changeFraction = "change_fraction"
    /// Actual − planned for a year over the rows with both reported: negative a shortfall,
    /// positive an excess.
    case gap
}

/// Ranks the groups of one dimension by a metric, within one measure.
public struct RankingsRequest: Hashable, Sendable {
    /// The dimension whose values are ranked.
    public var by: Dimension
    /// The measure ranked within.
    public var measure: Measure
    /// The metric.
    public var metric: RankingMetric
    /// The column summed, for ``RankingMetric/total``.
    public var column: FigureColumn?
    /// The year, for ``RankingMetric/implementationRate`` and ``RankingMetric/gap``; 0 otherwise.
    public var year: Int
    /// Cuts applied before ranking.
    public var cuts: [Cut]
    /// Smallest first when true.
    public var ascending: Bool
    /// Most entries to return; 0 for all.
    public var limit: Int

    public init(
        by: Dimension, measure: Measure, metric: RankingMetric, column: FigureColumn? = nil, year: Int = 0,
        cuts: [Cut] = [], ascending: Bool = false, limit: Int = 0
    ) {
        self.by = by
        self.measure = measure
        self.metric = metric
        self.column = column
        self.year = year
        self.cuts = cuts
        self.ascending = ascending
        self.limit = limit
    }
}

/// One ranked group.
public struct RankingEntry: Encodable, Hashable, Sendable {
    /// 1-based rank; ties share a rank.
    public var rank: Int
    /// The group.
    public var item: DimensionValue
    /// The metric's value.
    public var value: Double
    /// Rows that contributed.
    public var rows: Int

    public init(rank: Int, item: DimensionValue, value: Double, rows: Int) {
        self.rank = rank
        self.item = item
        self.value = value
        self.rows = rows
    }
}

/// The ranked groups.
public struct RankingsResponse: Encodable, Hashable, Sendable {
    /// The dimension ranked.
    public var by: Dimension
    /// The measure ranked within.
    public var measure: Measure
    /// The metric.
    public var metric: RankingMetric
    /// The entries, best first in the requested direction.
    public var entries: [RankingEntry]

    public init(by: Dimension, measure: Measure, metric: RankingMetric, entries: [RankingEntry] = []) {
        self.by = by
        self.measure = measure
        self.metric = metric
        self.entries = entries
    }
}

/// Records an actual output for a row and year; idempotent by `requestID`.
public struct RecordActualRequest: Hashable, Sendable {
    /// The row (`20.3.r4`).
    public var rowID: String
    /// 2019 or 2020.
    public var year: Int
    /// A number or a dash; a blank withdraws the recorded figure.
    public var value: Figure
    /// Who reports it.
    public var reportedBy: String
    /// Where the figure comes from.
    public var sourceNote: String
    /// A client-chosen id; a repeated request with the same id records nothing new.
    public var requestID: String

    public init(
        rowID: String, year: Int, value: Figure, reportedBy: String, sourceNote: String = "", requestID: String
    ) {
        self.rowID = rowID
        self.year = year
        self.value = value
        self.reportedBy = reportedBy
        self.sourceNote = sourceNote
        self.requestID = requestID
    }
}

/// One recorded actual.
public struct Recording: Encodable, Hashable, Sendable {
    /// Position in the server's log of recordings, increasing from 1.
    public var sequence: UInt64
    /// The row.
    public var rowID: String
    /// Id of the row's table.
    public var tableID: String
    /// Number of the programme.
    public var programme: Int
    /// 2019 or 2020.
    public var year: Int
    /// The figure recorded.
    public var value: Figure
    /// The figure it replaced (blank for the first).
    public var previous: Figure
    /// Who reported it.
    public var reportedBy: String
    /// Where the figure comes from.
    public var sourceNote: String
    /// The request id it was recorded under.
    public var requestID: String
    /// When it was recorded, in microseconds since 1970-01-01 UTC.
    public var recordedAtUnixMicros: Int64

    public init(
        sequence: UInt64, rowID: String, tableID: String, programme: Int, year: Int, value: Figure,
        previous: Figure = .blank, reportedBy: String, sourceNote: String = "", requestID: String,
        recordedAtUnixMicros: Int64
    ) {
        self.sequence = sequence
        self.rowID = rowID
        self.tableID = tableID
        self.programme = programme
        self.year = year
        self.value = value
        self.previous = previous
        self.reportedBy = reportedBy
        self.sourceNote = sourceNote
        self.requestID = requestID
        self.recordedAtUnixMicros = recordedAtUnixMicros
    }
}

/// The outcome of RecordActual.
public struct RecordActualResponse: Encodable, Hashable, Sendable {
    /// The recording (the earlier one when replayed).
    public var recording: Recording
    /// True when the request id had been seen before and nothing new was recorded.
    public var replayed: Bool

    public init(recording: Recording, replayed: Bool = false) {
        self.recording = recording
        self.replayed = replayed
    }
}

/// Lists the recordings of one row, oldest first.
public struct RowHistoryRequest: Hashable, Sendable {
    /// The row (`20.3.r4`).
    public var rowID: String
    /// Most recordings to return; 0 for the server's default.
    public var pageSize: Int
    /// A previous response's `nextPageToken`; empty for the first page.
    public var pageToken: String

    public init(rowID: String, pageSize: Int = 0, pageToken: String = "") {
        self.rowID = rowID
        self.pageSize = pageSize
        self.pageToken = pageToken
    }
}

/// A row's figures now and the recordings that led there.
public struct RowHistoryResponse: Encodable, Hashable, Sendable {
    /// The row with its current figures.
    public var current: RowFigures
    /// The recordings, oldest first.
    public var recordings: [Recording]
    /// Token for the next page; empty when this is the last.
    public var nextPageToken: String

    public init(current: RowFigures, recordings: [Recording] = [], nextPageToken: String = "") {
        self.current = current
        self.recordings = recordings
        self.nextPageToken = nextPageToken
    }
}

/// Follows recordings as they are made; filters combine with AND.
public struct WatchRecordingsRequest: Hashable, Sendable {
    /// Only recordings in this programme (`p6`); empty for all.
    public var programmeID: String
    /// Only recordings in this table; empty for all.
    public var tableID: String
    /// Only recordings of this row; empty for all.
    public var rowID: String
    /// `nil`: only recordings made from now on. Otherwise first every earlier recording with a
    /// greater sequence, then the new ones.
    public var afterSequence: UInt64?

    public init(programmeID: String = "", tableID: String = "", rowID: String = "", afterSequence: UInt64? = nil) {
        self.programmeID = programmeID
        self.tableID = tableID
        self.rowID = rowID
        self.afterSequence = afterSequence
    }
}

/// Streams rows with their figures, in document order.
public struct StreamRowsRequest: Hashable, Sendable {
    /// Cuts applied to the rows.
    public var cuts: [Cut]

    public init(cuts: [Cut] = []) {
        self.cuts = cuts
    }
}
