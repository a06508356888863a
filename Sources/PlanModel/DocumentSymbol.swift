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
        // Byte-wise throughout: the reader computes this for every mandate of the document.
        let body = issuingBody.utf8
        if body.starts(with: "大会".utf8) {
            return resolution(symbol).map { "A/RES/" + $0.base + $0.parts }
        }
        if body.starts(with: "安全理事会".utf8) {
            if symbol.utf8.starts(with: "S/".utf8) { return symbol }
            guard let (number, year) = numberAndYear(symbol) else { return nil }
            return "S/RES/\(number) (\(year))"
        }
        if body.starts(with: "经济及社会理事会决议".utf8) {
            guard let parsed = resolution(symbol) else { return nil }
            return (isDecision(parsed.base, from: 200) ? "E/DEC/" : "E/RES/") + parsed.base + parsed.parts
        }
        if body.starts(with: "人权理事会".utf8) {
            guard let parsed = resolution(symbol), parsed.parts.isEmpty, parsed.base.utf8.contains(UInt8(ascii: "/")) else {
                return nil
            }
            return (isDecision(parsed.base, from: 101) ? "A/HRC/DEC/" : "A/HRC/RES/") + parsed.base
        }
        if body.starts(with: "联合国环境大会".utf8) {
            guard let parsed = resolution(symbol), parsed.parts.isEmpty else { return nil }
            let numbers = parsed.base.utf8.split(separator: UInt8(ascii: "/"))
            guard numbers.count == 2 else { return nil }
            return "UNEP/EA.\(String(decoding: numbers[0], as: UTF8.self))/Res.\(String(decoding: numbers[1], as: UTF8.self))"
        }
        return nil
    }

    /// A symbol in the form compared by filters: without spaces, upper case.
    public static func comparable(_ symbol: String) -> String {
        String(decoding: symbol.utf8.compactMap { byte -> UInt8? in
            if byte == 0x20 { return nil }
            return byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte
        }, as: UTF8.self)
    }

    /// "72/266 A 和 B" → ("72/266", " A-B"); "2997 (XXVII)" → ("2997(XXVII)", "");
    /// "319 A (IV)" → ("319(IV)", " A"); "64/244A-C" → ("64/244", " A-C"); "69/262, 第二节" →
    /// ("69/262", "").
    private static func resolution(_ symbol: String) -> (base: String, parts: String)? {
        var bytes = Array(symbol.utf8)
        if let comma = bytes.firstIndex(of: UInt8(ascii: ",")) { bytes.removeSubrange(comma...) }  // ", 第二节"
        var index = 0
        var base: [UInt8] = []
        if bytes.starts(with: [UInt8(ascii: "S"), UInt8(ascii: "-")]) {
            base = Array(bytes[0..<2])
            index = 2
        }
        let numberStart = index
        while index < bytes.count, bytes[index].isASCIIDigit || bytes[index] == UInt8(ascii: "/") { index += 1 }
        guard index > numberStart, bytes[numberStart].isASCIIDigit, bytes[index - 1].isASCIIDigit else { return nil }
        base += bytes[numberStart..<index]
        var letters: [UInt8] = []
        var session: ArraySlice<UInt8> = []
        let words = bytes[index...].split(separator: 0x20)
        for word in words {
            if word.first == UInt8(ascii: "("), word.last == UInt8(ascii: ")"), word.count > 2,
                word.dropFirst().dropLast().allSatisfy(\.isASCIIUppercase)
            {
                session = word
            } else if word.elementsEqual("和".utf8) {
                letters.append(UInt8(ascii: "-"))
            } else if word.allSatisfy({ $0.isASCIIUppercase || $0 == UInt8(ascii: "-") }) {
                letters += word
            } else {
                return nil
            }
        }
        base += session
        return (String(decoding: base, as: UTF8.self), letters.isEmpty ? "" : " " + String(decoding: letters, as: UTF8.self))
    }

    /// "2417 (2018)", "2282(2016)" → (2417, 2018).
    private static func numberAndYear(_ symbol: String) -> (Int, Int)? {
        let parts = symbol.utf8.split { $0 == 0x20 || $0 == UInt8(ascii: "(") || $0 == UInt8(ascii: ")") }
        guard parts.count == 2, symbol.utf8.last == UInt8(ascii: ")"),
            let number = Int(String(decoding: parts[0], as: UTF8.self)),
            let year = Int(String(decoding: parts[1], as: UTF8.self))
        else { return nil }
        return (number, year)
    }

    /// Whether "2004/310" numbers a decision: its number after the slash is at least `from`.
    private static func isDecision(_ base: String, from: Int) -> Bool {
        guard let slash = base.utf8.lastIndex(of: UInt8(ascii: "/")),
            let number = Int(String(decoding: base.utf8[base.utf8.index(after: slash)...], as: UTF8.self))
        else { return false }
        return number >= from
    }
}

extension UInt8 {
    fileprivate var isASCIIDigit: Bool { self >= 0x30 && self <= 0x39 }
    fileprivate var isASCIIUppercase: Bool { self >= 0x41 && self <= 0x5A }
}
