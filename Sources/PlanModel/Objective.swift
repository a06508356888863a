/// The objective of a unit ("宗旨"): its paragraph number and text.
public struct Objective: Codable, Hashable, Sendable, Identifiable {
    /// Stable id: the unit id followed by `.objective`.
    public var id: String
    /// The paragraph number as printed (`"1.1"`).
    public var paragraph: String
    /// The text, page-break continuations joined.
    public var text: String
    /// 1-based line of the paragraph.
    public var line: Int

    public init(id: String, paragraph: String, text: String, line: Int) {
        self.id = id
        self.paragraph = paragraph
        self.text = text
        self.line = line
    }
}
