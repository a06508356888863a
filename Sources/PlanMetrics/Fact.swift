import PlanModel

/// One deliverables-table row with everything that places it: the entry of the metrics fact
/// table. The row keeps its four printed figures in their three states.
public struct Fact: Hashable, Sendable {
    /// The programme's number and title.
    public var programme: Int
    public var programmeTitle: String
    /// The part's id and title, `nil` for units outside parts.
    public var partID: String?
    public var partTitle: String?
    /// The unit's id and title.
    public var unitID: String
    public var unitTitle: String
    /// The table's id.
    public var tableID: String
    /// The table's period.
    public var period: TablePeriod
    /// The row as printed, with its four figures.
    public var row: DeliverableRow

    /// The row's category, known by its name (not the letter printed above it).
    public var category: Category { row.category }
    /// The subcategory as printed.
    public var subcategory: String { row.subcategory }
    /// The normalised measure, `nil` when none is printed or known.
    public var measure: Measure? { row.measure }
    /// Whether the row sits in the quantified section of its table.
    public var quantified: Bool { row.quantified }
}
