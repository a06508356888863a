/// One row of a deliverables table: a subcategory of deliverables and, for quantified rows,
/// its unit of measure and four figures.
public struct DeliverableRow: Codable, Hashable, Sendable, Identifiable {
    /// Stable id: the table id and the row's ordinal in the table (`"20.3.r4"`).
    public var id: String
    /// The category heading the row sits under, known by its name.
    public var category: Category
    /// The category letter as printed above the row (one table prints "C." before D's name).
    public var printedCategory: String
    /// Whether the row sits in the quantified section of its table.
    public var quantified: Bool
    /// The subcategory as printed (`"议事机构文件"`, `"协商、咨询和倡导"`).
    public var subcategory: String
    /// The unit of measure as printed (`"文件数量"`), `nil` when none is printed.
    public var measureText: String?
    /// The normalised measure, `nil` when none is printed or the spelling is unknown.
    public var measure: Measure?
    /// Planned 2018, as printed.
    public var planned2018: Figure
    /// Actual 2018, as printed.
    public var actual2018: Figure
    /// Planned 2019, as printed.
    public var planned2019: Figure
    /// Planned 2020, as printed.
    public var planned2020: Figure
    /// Footnote markers printed after the row text (`["a"]`).
    public var footnoteMarkers: [String]
    /// 1-based line of the row in the document.
    public var line: Int

    public init(
        id: String, category: Category, printedCategory: String? = nil, quantified: Bool, subcategory: String,
        measureText: String?, measure: Measure?,
        planned2018: Figure = .blank, actual2018: Figure = .blank,
        planned2019: Figure = .blank, planned2020: Figure = .blank,
        footnoteMarkers: [String] = [], line: Int
    ) {
        self.id = id
        self.category = category
        self.printedCategory = printedCategory ?? category.letter
        self.quantified = quantified
        self.subcategory = subcategory
        self.measureText = measureText
        self.measure = measure
        self.planned2018 = planned2018
        self.actual2018 = actual2018
        self.planned2019 = planned2019
        self.planned2020 = planned2020
        self.footnoteMarkers = footnoteMarkers
        self.line = line
    }

    /// The four figure columns of a row.
    public enum Column: String, CaseIterable, Codable, Hashable, Sendable {
        case planned2018 = "planned_2018"
        case actual2018 = "actual_2018"
        case planned2019 = "planned_2019"
        case planned2020 = "planned_2020"

        /// The column's field name in exports.
        public var fieldName: String { rawValue }
    }

    /// The figure in `column`.
    public subscript(column: Column) -> Figure {
        get {
            switch column {
            case .planned2018: planned2018
            case .actual2018: actual2018
            case .planned2019: planned2019
            case .planned2020: planned2020
            }
        }
        set {
            switch column {
            case .planned2018: planned2018 = newValue
            case .actual2018: actual2018 = newValue
            case .planned2019: planned2019 = newValue
            case .planned2020: planned2020 = newValue
            }
        }
    }
}
