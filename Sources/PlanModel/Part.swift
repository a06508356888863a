/// A grouping of units inside a programme: the four locations of programme 1 ("会议管理，纽约"),
/// the lettered parts A–G of programme 25, and other headed groupings ("维持和平特派团").
public struct Part: Codable, Hashable, Sendable, Identifiable {
    /// Stable id: `p25.A` for lettered parts, `p1.g2` (ordinal) for the others.
    public var id: String
    /// The letter for lettered parts.
    public var letter: String?
    /// The title as printed, without the letter.
    public var title: String
    /// Number of the programme.
    public var programme: Int
    /// Mandates listed for this part.
    public var mandates: [Mandate]
    /// 1-based line of the heading.
    public var line: Int

    public init(id: String, letter: String?, title: String, programme: Int, mandates: [Mandate] = [], line: Int) {
        self.id = id
        self.letter = letter
        self.title = title
        self.programme = programme
        self.mandates = mandates
        self.line = line
    }
}
