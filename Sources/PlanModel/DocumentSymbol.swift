/// The UN document symbols of printed mandate symbols, by the issuing body's rule.
///
/// - General Assembly (`大会决议`): `70/1` → `A/RES/70/1`, `S-10/2` → `A/RES/S-10/2`,
///   `2997 (XXVII)` → `A/RES/2997(XXVII)`; part letters follow after a space (`72/262 C` →
///   `A/RES/72/262 C`, `66/248 A-C` → `A/RES/66/248 A-C`, `52/12 A 和 B` → `A/RES/52/12 A-B`);
///   a section (`69/262, 第二节`) names the resolution it is in.
/// - Security Council (`安全理事会决议…`): `2417 (2018)` → `S/RES/2417 (2018)`; presidential
///   statements (`S/PRST/2013/2`) are symbols already.
/// - Economic and Social Council (`经济及社会理事会决议…`): `2012/30` → `E/RES/2012/30`;
///   numbers from 200 are decisions (`2004/310` → `E/DEC/2004/310`); `76 (V)` → `E/RES/76(V)`.
/// - Human Rights Council (`人权理事会决议和决定`): `4/6` → `A/HRC/RES/4/6`; numbers from 101
///   are decisions (`2/102` → `A/HRC/DEC/2/102`).
/// - United Nations Environment Assembly (`联合国环境大会决议`): `3/4` → `UNEP/EA.3/Res.4`.
///
/// Other bodies (regional commissions, governing councils, executive boards, agreed
/// conclusions, ministerial communiqués) have no rule: their mandates have no canonical symbol.
public enum DocumentSymbol {
    /// The canonical symbols of `symbols` printed under `issuingBody`; empty when the body has
    /// no rule or a symbol does not read.
    public static func canonical(_ symbols: [String], issuingBody: String) -> [String] {
        let canonical = symbols.compactMap { symbol -> String? in Self.canonical(symbol, issuingBody: issuingBody) }
        return canonical.count == symbols.count ? canonical : []
    }

    /// The canonical symbol of one printed symbol, `nil` where the body has no rule.
    public static func canonical(_ symbol: String, issuingBody: String) -> String? {
        if issuingBody.hasPrefix("大会") {
            return resolution(symbol).map { "A/RES/" + $0.base + $0.parts }
        }
        if issuingBody.hasPrefix("安全理事会") {
            if symbol.hasPrefix("S/") { return symbol }
            guard let (number, year) = numberAndYear(symbol) else { return nil }
            return "S/RES/\(number) (\(year))"
        }
        if issuingBody.hasPrefix("经济及社会理事会决议") {
            guard let parsed = resolution(symbol) else { return nil }
            return (isDecision(parsed.base, from: 200) ? "E/DEC/" : "E/RES/") + parsed.base + parsed.parts
        }
        if issuingBody.hasPrefix("人权理事会") {
            guard let parsed = resolution(symbol), parsed.parts.isEmpty, parsed.base.contains("/") else { return nil }
            return (isDecision(parsed.base, from: 101) ? "A/HRC/DEC/" : "A/HRC/RES/") + parsed.base
        }
        if issuingBody.hasPrefix("联合国环境大会") {
            guard let parsed = resolution(symbol), parsed.parts.isEmpty else { return nil }
            let numbers = parsed.base.split(separator: "/")
            guard numbers.count == 2 else { return nil }
            return "UNEP/EA.\(numbers[0])/Res.\(numbers[1])"
        }
        return nil
    }

    /// A symbol in the form compared by filters: without spaces, upper case.
    public static func comparable(_ symbol: String) -> String {
        String(symbol.filter { $0 != " " }.uppercased())
    }

    /// "72/266 A 和 B" → ("72/266", " A-B"); "2997 (XXVII)" → ("2997(XXVII)", "");
    /// "319 A (IV)" → ("319(IV)", " A"); "64/244A-C" → ("64/244", " A-C").
    private static func resolution(_ symbol: String) -> (base: String, parts: String)? {
        var text = Substring(symbol)
        if let comma = text.firstIndex(of: ",") { text = text[..<comma] }  // ", 第二节"
        var base = ""
        if text.hasPrefix("S-") {
            base = "S-"
            text = text.dropFirst(2)
        }
        let number = text.prefix { $0.isASCII && ($0.isNumber || $0 == "/") }
        guard let first = number.first, first.isNumber, number.last?.isNumber == true else { return nil }
        base += number
        text = text.dropFirst(number.count)
        var letters: [Character] = []
        var session = ""
        var words = text.split(separator: " ", omittingEmptySubsequences: true)[...]
        // Letters glued to the number ("64/244A-C").
        if let word = words.first, !word.hasPrefix("(") {
            if word.allSatisfy({ ($0.isASCII && $0.isUppercase) || $0 == "-" }) {
                letters += word
                words = words.dropFirst()
            }
        }
        for word in words {
            if word.hasPrefix("("), word.hasSuffix(")") {
                session = String(word)
            } else if word == "和" {
                letters.append("-")
            } else if word.allSatisfy({ ($0.isASCII && $0.isUppercase) || $0 == "-" }) {
                letters += word
            } else {
                return nil
            }
        }
        if !session.isEmpty {
            let inner = session.dropFirst().dropLast()
            guard !inner.isEmpty, inner.allSatisfy({ $0.isASCII && $0.isUppercase }) else { return nil }
            base += session
        }
        return (base, letters.isEmpty ? "" : " " + String(letters))
    }

    /// "2417 (2018)", "2282(2016)" → (2417, 2018).
    private static func numberAndYear(_ symbol: String) -> (Int, Int)? {
        let parts = symbol.split(whereSeparator: { $0 == " " || $0 == "(" || $0 == ")" })
        guard parts.count == 2, let number = Int(parts[0]), let year = Int(parts[1]), symbol.hasSuffix(")") else { return nil }
        return (number, year)
    }

    /// Whether "2004/310" numbers a decision: its number after the slash is at least `from`.
    private static func isDecision(_ base: String, from: Int) -> Bool {
        guard let slash = base.lastIndex(of: "/"), let number = Int(base[base.index(after: slash)...]) else { return false }
        return number >= from
    }
}
