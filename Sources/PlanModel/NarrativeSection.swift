/// A narrative section of a programme or unit: one of the document's standard headings and the
/// paragraphs under it.
public struct NarrativeSection: Codable, Hashable, Sendable, Identifiable {
    /// The standard headings, as printed.
    public static let headings = [
        "总方向", "任务和背景", "近期情况", "2020 年战略和外部因素", "评价活动",
        "2020 年重点计划成果", "挑战和对策", "成果和证据", "业绩计量",
    ]

    /// Stable id: the owner's id, `.n`, and the section's ordinal there.
    public var id: String
    /// The heading as printed ("业绩计量：可用数据来源的数量" too); empty for text the document
    /// prints without a heading of its own (the paragraph after a performance-measures table).
    public var heading: String
    /// The paragraphs, page-break continuations joined.
    public var paragraphs: [Paragraph]
    /// 1-based line of the heading.
    public var line: Int

    public init(id: String, heading: String, paragraphs: [Paragraph] = [], line: Int) {
        self.id = id
        self.heading = heading
        self.paragraphs = paragraphs
        self.line = line
    }
}

/// A paragraph of text: its number when it has one (`"6.23"`), its text and where it starts.
public struct Paragraph: Codable, Hashable, Sendable {
    /// The paragraph number as printed, `nil` for unnumbered text (sub-items, captions).
    public var number: String?
    /// The text, page-break continuations joined.
    public var text: String
    /// 1-based line where the paragraph starts.
    public var line: Int

    public init(number: String?, text: String, line: Int) {
        self.number = number
        self.text = text
        self.line = line
    }
}
