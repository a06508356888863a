/// One of the 28 programmes of the programme budget.
public struct Programme: Codable, Hashable, Sendable, Identifiable {
    /// Stable id: `p` and the number (`p6`).
    public var id: String
    /// The programme number.
    public var number: Int
    /// The title as printed (`"法律事务"`).
    public var title: String
    /// Parts, in document order.
    public var parts: [Part]
    /// Units, in document order.
    public var units: [Unit]
    /// Mandates listed at programme level.
    public var mandates: [Mandate]
    /// Programme-level narrative (总方向 and its sections).
    public var narrative: [NarrativeSection]
    /// 1-based line of the heading.
    public var line: Int

    public init(
        number: Int, title: String, parts: [Part] = [], units: [Unit] = [], mandates: [Mandate] = [],
        narrative: [NarrativeSection] = [], line: Int
    ) {
        self.id = Programme.id(number)
        self.number = number
        self.title = title
        self.parts = parts
        self.units = units
        self.mandates = mandates
        self.narrative = narrative
        self.line = line
    }

    /// The id of programme `number`.
    public static func id(_ number: Int) -> String { "p\(number)" }
}
