/// The period a deliverables table covers.
public enum TablePeriod: String, CaseIterable, Codable, Hashable, Sendable {
    /// Planned and actual 2018, planned 2019 and planned 2020.
    case years2018to2020 = "2018-2020"
    /// Only the deliverables planned for 2020; such tables print no figures.
    case year2020 = "2020"
}

/// A footnote printed under a table.
public struct Footnote: Codable, Hashable, Sendable {
    /// The marker (`"a"`).
    public var marker: String
    /// The footnote's text, as printed.
    public var text: String
    /// 1-based line of the footnote.
    public var line: Int

    public init(marker: String, text: String, line: Int) {
        self.marker = marker
        self.text = text
        self.line = line
    }
}

/// One deliverables table ("按类别和子类别分列的…应交付产出").
public struct DeliverableTable: Codable, Hashable, Sendable, Identifiable {
    /// The corrected table id (`"20.3"`): the programme number and the table's ordinal within
    /// the programme, as the paragraph that refers to the table gives it.
    public var id: String
    /// The label as printed (`"22.3"` for the table that should read 20.3), `nil` if none.
    public var printedLabel: String?
    /// The title line as printed.
    public var title: String
    /// The period the table covers.
    public var period: TablePeriod
    /// Id of the unit the table belongs to.
    public var unitID: String
    /// The rows, in document order.
    public var rows: [DeliverableRow]
    /// Footnotes printed under the table.
    public var footnotes: [Footnote]
    /// 1-based line of the title.
    public var line: Int

    public init(
        id: String, printedLabel: String?, title: String, period: TablePeriod, unitID: String,
        rows: [DeliverableRow] = [], footnotes: [Footnote] = [], line: Int
    ) {
        self.id = id
        self.printedLabel = printedLabel
        self.title = title
        self.period = period
        self.unitID = unitID
        self.rows = rows
        self.footnotes = footnotes
        self.line = line
    }
}
