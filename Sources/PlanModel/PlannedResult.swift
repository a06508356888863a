/// A unit's planned result for 2020 ("2020 年重点计划成果"): the results framework of a
/// programme plan as data.
///
/// Named `PlannedResult` (not `Result`) so that it does not shadow `Swift.Result` in modules
/// that import PlanModel.
public struct PlannedResult: Codable, Hashable, Sendable, Identifiable {
    /// Stable id: the unit's id and `.result` (`p6.sp1.result`).
    public var id: String
    /// Id of the unit whose result it is.
    public var unitID: String
    /// Number of the programme.
    public var programme: Int
    /// The result's title as printed, the line under the heading
    /// ("为重振后的驻地协调员制度创造授权型环境").
    public var title: String
    /// The paragraphs under "2020 年重点计划成果" after the title.
    public var paragraphs: [Paragraph]
    /// The paragraphs under "挑战和对策".
    public var challenge: [Paragraph]
    /// The paragraphs under "成果和证据": the result and the evidence it will show.
    public var evidence: [Paragraph]
    /// The performance measures ("业绩计量"), `nil` where the unit prints none.
    public var performance: PerformanceMeasures?
    /// 1-based line of the "2020 年重点计划成果" heading.
    public var line: Int

    public init(
        id: String, unitID: String, programme: Int, title: String, paragraphs: [Paragraph] = [],
        challenge: [Paragraph] = [], evidence: [Paragraph] = [], performance: PerformanceMeasures? = nil, line: Int
    ) {
        self.id = id
        self.unitID = unitID
        self.programme = programme
        self.title = title
        self.paragraphs = paragraphs
        self.challenge = challenge
        self.evidence = evidence
        self.performance = performance
        self.line = line
    }

    /// The id of the result of unit `unitID`.
    public static func id(unitID: String) -> String { unitID + ".result" }
}

/// The performance measures of a planned result: the baseline and the targets, one cell of text
/// per year, as the "业绩计量" table prints them.
public struct PerformanceMeasures: Codable, Hashable, Sendable {
    /// What a chart measures when the heading names it ("业绩计量：可用数据来源的数量" →
    /// "可用数据来源的数量"), `nil` for a plain "业绩计量" heading.
    public var caption: String?
    /// One cell per year column, in the printed order (2018, 2019, 2020); empty where the
    /// document shows a chart whose figures are not in its text.
    public var cells: [PerformanceCell]
    /// 1-based line of the "业绩计量" heading.
    public var line: Int

    public init(caption: String? = nil, cells: [PerformanceCell] = [], line: Int) {
        self.caption = caption
        self.cells = cells
        self.line = line
    }

    /// The cell of `year`, if the table has that column.
    public func cell(_ year: Int) -> PerformanceCell? { cells.first { $0.year == year } }
}

/// One year's cell of a performance-measures table.
public struct PerformanceCell: Codable, Hashable, Sendable {
    /// The year of the column (2018: the baseline; 2019, 2020: the targets).
    public var year: Int
    /// The cell's text exactly as printed, its wrapped lines joined; empty for an empty cell.
    public var text: String
    /// The 1-based lines the cell's text is printed on.
    public var lines: [Int]

    public init(year: Int, text: String, lines: [Int]) {
        self.year = year
        self.text = text
        self.lines = lines
    }
}
