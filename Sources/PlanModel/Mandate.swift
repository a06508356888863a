/// A legislative mandate listed under "立法授权": a resolution or decision of an issuing body.
public struct Mandate: Codable, Hashable, Sendable, Identifiable {
    /// Stable id: the owning programme or unit id, `.m`, and the mandate's ordinal there.
    public var id: String
    /// The issuing body heading the mandate sits under (`"大会决议"`, `"安全理事会决议"`).
    public var issuingBody: String
    /// The symbol or symbols as printed (`["72/288", "72/304"]`).
    public var symbols: [String]
    /// The title, `nil` where the block prints symbols only.
    public var title: String?
    /// 1-based line of the mandate.
    public var line: Int

    public init(id: String, issuingBody: String, symbols: [String], title: String?, line: Int) {
        self.id = id
        self.issuingBody = issuingBody
        self.symbols = symbols
        self.title = title
        self.line = line
    }
}
