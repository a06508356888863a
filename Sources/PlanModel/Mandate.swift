/// A legislative mandate listed under "立法授权": a resolution or decision of an issuing body.
public struct Mandate: Codable, Hashable, Sendable, Identifiable {
    /// Stable id: the owning programme, part or unit id, `.m`, and the mandate's ordinal there in
    /// reading order.
    public var id: String
    /// The issuing body heading the mandate sits under (`"大会决议"`, `"安全理事会决议"`).
    public var issuingBody: String
    /// The symbol or symbols as printed (`["57/300", "58/269"]`), empty for an instrument listed
    /// by title only (`"公约和会议宣言"`).
    public var symbols: [String]
    /// The title as printed, line-wrap spaces removed; `nil` where the document prints symbols only.
    public var title: String?
    /// 1-based line of the mandate's first symbol (of its title when it has no symbol).
    public var line: Int
    /// Every 1-based line the mandate is printed on, ascending (a wrapped title or symbol list
    /// spans several).
    public var lines: [Int]

    public init(id: String, issuingBody: String, symbols: [String], title: String?, line: Int, lines: [Int]? = nil) {
        self.id = id
        self.issuingBody = issuingBody
        self.symbols = symbols
        self.title = title
        self.line = line
        self.lines = lines ?? [line]
    }

    /// The UN document symbol of each printed symbol where the issuing body has a rule
    /// (`"70/1"` of the General Assembly → `"A/RES/70/1"`), in the order of `symbols`; empty
    /// where it has none. Derived from the body and the symbols (see `DocumentSymbol`), so it is
    /// computed when asked for, and written (never read) by the JSON and protobuf encodings.
    public var canonicalSymbols: [String] { DocumentSymbol.canonical(symbols, issuingBody: issuingBody) }

    private enum CodingKeys: String, CodingKey {
        case id, issuingBody, symbols, canonicalSymbols, title, line, lines
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            id: container.decode(String.self, forKey: .id), issuingBody: container.decode(String.self, forKey: .issuingBody),
            symbols: container.decode([String].self, forKey: .symbols),
            title: container.decodeIfPresent(String.self, forKey: .title), line: container.decode(Int.self, forKey: .line),
            lines: container.decodeIfPresent([Int].self, forKey: .lines))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(issuingBody, forKey: .issuingBody)
        try container.encode(symbols, forKey: .symbols)
        try container.encode(canonicalSymbols, forKey: .canonicalSymbols)
        try container.encodeIfPresent(title, forKey: .title)
        try container.encode(line, forKey: .line)
        try container.encode(lines, forKey: .lines)
    }

    /// Whether `symbol` names this mandate, printed (`"70/1"`) or canonical (`"A/RES/70/1"`);
    /// spaces and letter case are not significant.
    public func hasSymbol(_ symbol: String) -> Bool {
        let wanted = DocumentSymbol.comparable(symbol)
        return symbols.contains { DocumentSymbol.comparable($0) == wanted }
            || canonicalSymbols.contains { DocumentSymbol.comparable($0) == wanted }
    }
}
