import PlanModel

/// Recognisers for the kinds of line the document prints. Each takes a line with surrounding
/// whitespace already trimmed and answers without regular expressions, so the whole document
/// reads in milliseconds.
enum LineSyntax {
    /// "方案 6", or "方案 6 法律事务" with the title on the same line.
    static func programmeHeading(_ s: Substring) -> (number: Int, title: String?)? {
        guard s.begins("方案") else { return nil }
        var rest = s.dropFirst(2).drop(while: \.isWhitespace)
        let digits = rest.prefix(while: \.isASCIIDigit)
        guard !digits.isEmpty, let number = Int(digits) else { return nil }
        rest = rest.dropFirst(digits.count)
        if rest.isEmpty { return (number, nil) }
        guard rest.first!.isWhitespace else { return nil }
        return (number, String(rest.trimmingWhitespace()))
    }

    /// "次级方案 4", "次级方案1", "次级方案 4 会议和出版事务" (and the same for "构成部分").
    static func numberedHeading(_ s: Substring, keyword: String) -> (number: String, title: String?)? {
        guard s.begins(keyword) else { return nil }
        var rest = s.dropFirst(keyword.count).drop(while: \.isWhitespace)
        var number = String(rest.prefix(while: \.isASCIIDigit))
        guard !number.isEmpty else { return nil }
        rest = rest.dropFirst(number.count)
        if rest.count >= 3, rest.first == "(", let letter = rest.dropFirst().first, letter.isLowercaseASCIILetter,
            rest.dropFirst(2).first == ")"
        {
            number += "(\(letter))"
            rest = rest.dropFirst(3)
        }
        if rest.isEmpty { return (number, nil) }
        guard rest.first!.isWhitespace else { return nil }
        let title = rest.trimmingWhitespace()
        if title.begins(":") || title.begins("：") || title.begins("，") || title.begins(",") { return nil }
        return (number, String(title))
    }

    /// "(a) 人权主流化": a lettered subdivision of a subprogramme.
    static func letteredSubdivision(_ s: Substring) -> (letter: Character, title: String)? {
        guard s.utf8.first == UInt8(ascii: "("), s.count > 4, s.first == "(", let letter = s.dropFirst().first, letter.isLowercaseASCIILetter,
            s.dropFirst(2).first == ")"
        else { return nil }
        let title = s.dropFirst(3).trimmingWhitespace()
        guard !title.isEmpty else { return nil }
        return (letter, String(title))
    }

    /// "A. 管理战略、政策和合规部": a lettered part heading (not a category heading).
    static func letteredPart(_ s: Substring) -> (letter: String, title: String)? {
        guard s.startsWithLetterAndDot, let first = s.first, first.isUppercaseASCIILetter, s.dropFirst().first == "." else { return nil }
        let title = s.dropFirst(2).trimmingWhitespace()
        guard !title.isEmpty, !title.has("\t"), categoryHeading(s) == nil,
            !title.has("。")
        else { return nil }
        return (String(first), String(title))
    }

    /// A category heading: "A. 协助政府间进程和专家机构", also with a trailing colon. The category
    /// is named by its text; the letter is kept as printed (one table prints "C." before D's name).
    static func categoryHeading(_ s: Substring) -> (value: Category, printed: String)? {
        guard s.startsWithLetterAndDot, let letter = s.first, letter.isUppercaseASCIILetter, s.dropFirst().first == "." else { return nil }
        var name = s.dropFirst(2).trimmingWhitespace()
        while let last = name.last, last == ":" || last == "：" { name = name.dropLast() }
        guard let category = Category.allCases.first(where: { $0.chineseName == name }) else { return nil }
        return (category, String(letter))
    }

    /// "6.23 text": a numbered paragraph.
    static func numberedParagraph(_ s: Substring) -> (number: String, text: String)? {
        guard s.startsWithDigit else { return nil }
        let major = s.prefix(while: \.isASCIIDigit)
        guard !major.isEmpty else { return nil }
        var rest = s.dropFirst(major.count)
        var number = String(major)
        if let letter = rest.first, letter.isUppercaseASCIILetter {
            number.append(letter)
            rest = rest.dropFirst()
        }
        guard rest.first == "." else { return nil }
        rest = rest.dropFirst()
        let minor = rest.prefix(while: \.isASCIIDigit)
        guard !minor.isEmpty else { return nil }
        rest = rest.dropFirst(minor.count)
        guard let space = rest.first, space.isWhitespace else { return nil }
        return (number + "." + minor, String(rest.trimmingWhitespace()))
    }

    /// "表 6.2": a printed table label.
    static func tableLabel(_ s: Substring) -> String? {
        guard s.begins("表") else { return nil }
        let rest = s.dropFirst().trimmingWhitespace()
        guard !rest.isEmpty, rest.first!.isASCIIDigit,
            rest.allSatisfy({ $0.isASCIIDigit || $0.isUppercaseASCIILetter || $0 == "." })
        else { return nil }
        return String(rest)
    }

    /// The title line of a deliverables table.
    static func isTableTitle(_ s: Substring) -> Bool {
        s.ends("应交付产出") && (s.has("按类别和子类别分列的") || s.has("按类别和子类分列的"))
            && numberedParagraph(s) == nil
    }

    /// The period a table title names.
    static func period(ofTitle s: Substring) -> TablePeriod {
        s.has("2018") ? .years2018to2020 : .year2020
    }

    /// The id a paragraph gives the table it introduces: "6.45 表 6.2 按类别…" → "6.2";
    /// "21.2 下表按类别…" → "" (refers to a table without naming it).
    static func tableReference(inParagraph text: Substring) -> String? {
        guard text.has("按类别") else { return nil }
        if text.begins("下表") { return "" }
        guard text.begins("表") else { return nil }
        let label = text.dropFirst().trimmingWhitespace().prefix(while: { !$0.isWhitespace })
        return tableLabel("表" + label)
    }

    /// A table header row: "\t2018 年 计划数\t2018 年 实际数…", with or without "类别" before it.
    static func isTableHeader(_ s: Substring) -> Bool {
        s.has("计划数") && s.has("实际数") && s.has("2018")
    }

    /// A separator line left by the extraction ("--\t-----").
    static func isSeparator(_ s: Substring) -> Bool {
        s.begins("--") && s.allSatisfy { $0 == "-" || $0 == "\t" || $0 == " " }
    }

    /// A stray document code (the job number printed at the foot of a page: "20-06399 (C) …").
    static func isDocumentCode(_ s: Substring) -> Bool {
        guard s.startsWithDigit else { return false }
        let digits = s.prefix(while: \.isASCIIDigit)
        guard digits.count == 2 else { return false }
        let rest = s.dropFirst(2)
        guard rest.first == "-" else { return false }
        return rest.dropFirst().prefix(while: \.isASCIIDigit).count == 5
    }

    /// A footnote line under a table: "^a text" or "a text".
    static func footnote(_ s: Substring) -> (marker: String, text: String)? {
        guard let byte = s.utf8.first, byte == UInt8(ascii: "^") || (byte >= 0x61 && byte <= 0x7A) else { return nil }
        var rest = s
        if rest.first == "^" { rest = rest.dropFirst() }
        guard let marker = rest.first, marker.isLowercaseASCIILetter, let space = rest.dropFirst().first,
            space.isWhitespace
        else { return nil }
        return (String(marker), String(rest.dropFirst(2).trimmingWhitespace()))
    }

    /// One figure cell: a number (spaces as thousands separators), a dash, or blank.
    static func figure(_ cell: Substring) -> Figure? {
        let text = cell.trimmingWhitespace()
        if text.isEmpty { return .blank }
        if ["—", "–", "-", "－"].contains(where: text.equals) { return .dash }
        var value = 0
        for character in text where character != " " && character != "\u{00A0}" {
            guard let digit = character.wholeNumberValue, character.isASCII, value < Int.max / 100 else { return nil }
            value = value * 10 + digit
        }
        return .number(value)
    }

    /// Splits a row's text into subcategory, measure and footnote markers:
    /// "为会议提供会议和秘书处服务(三小时会议次数) ^a" → ("为会议…服务", "三小时会议次数", ["a"]).
    static func rowText(_ text: Substring) -> (subcategory: String, measure: String?, markers: [String]) {
        var body = text.trimmingWhitespace()
        var markers: [String] = []
        while let caret = body.lastIndex(of: "^"), body.index(after: caret) < body.endIndex {
            let marker = body[body.index(after: caret)...]
            guard marker.count == 1, marker.first!.isLowercaseASCIILetter else { break }
            markers.insert(String(marker), at: 0)
            body = body[..<caret].trimmingWhitespace()
        }
        if body.ends(")"), let open = body.lastIndex(of: "(") {
            let measure = body[body.index(after: open)..<body.index(before: body.endIndex)]
            let subcategory = body[..<open].trimmingWhitespace()
            if !subcategory.isEmpty, !measure.isEmpty {
                return (String(subcategory), String(measure), markers)
            }
        }
        return (String(body), nil, markers)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
    var isUppercaseASCIILetter: Bool { isASCII && isUppercase }
    var isLowercaseASCIILetter: Bool { isASCII && isLowercase }
}

extension StringProtocol {
    // Byte-wise comparisons. The document's text is NFC already, so comparing UTF-8 bytes gives
    // the same answers as `String`'s Unicode-aware comparisons at a fraction of their cost.

    /// Whether the text is exactly `literal`.
    func equals(_ literal: String) -> Bool { utf8.elementsEqual(literal.utf8) }

    /// Whether the text starts with `literal`.
    func begins(_ literal: String) -> Bool { utf8.starts(with: literal.utf8) }

    /// Whether the text ends with `literal`.
    func ends(_ literal: String) -> Bool {
        utf8.count >= literal.utf8.count && utf8.suffix(literal.utf8.count).elementsEqual(literal.utf8)
    }

    /// Whether `literal` occurs in the text.
    func has(_ literal: String) -> Bool {
        var literal = literal
        return literal.withUTF8 { needle in
            utf8.withContiguousStorageIfAvailable { Self.search(needle, in: $0) }
                ?? Array(utf8).withUnsafeBufferPointer { Self.search(needle, in: $0) }
        }
    }

    private static func search(_ needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = needle.first else { return true }
        guard haystack.count >= needle.count else { return false }
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == first,
                UnsafeBufferPointer(rebasing: haystack[index..<index + needle.count]).elementsEqual(needle)
            {
                return true
            }
            index += 1
        }
        return false
    }

    /// Whether the first byte is an ASCII digit.
    var startsWithDigit: Bool { utf8.first.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }

    /// Whether the text starts with an uppercase ASCII letter and a full stop ("A.").
    var startsWithLetterAndDot: Bool {
        guard let first = utf8.first, first >= 0x41 && first <= 0x5A else { return false }
        return utf8.dropFirst().first == UInt8(ascii: ".")
    }
}

extension Substring {
    /// The substring without leading and trailing whitespace: ASCII spaces and tabs, no-break
    /// and ideographic spaces.
    func trimmingWhitespace() -> Substring {
        let bytes = utf8
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, let width = Self.whitespaceWidth(bytes[start...]) { start = bytes.index(start, offsetBy: width) }
        while start < end {
            let before = bytes.index(before: end)
            if bytes[before] == 0x20 || bytes[before] == 0x09 || bytes[before] == 0x0D {
                end = before
            } else if bytes[before] == 0xA0, before > start, bytes[bytes.index(before: before)] == 0xC2 {
                end = bytes.index(before: before)
            } else if bytes[before] == 0x80, bytes.distance(from: start, to: before) >= 2,
                bytes[bytes.index(before, offsetBy: -1)] == 0x80, bytes[bytes.index(before, offsetBy: -2)] == 0xE3
            {
                end = bytes.index(before, offsetBy: -2)
            } else {
                break
            }
        }
        return Substring(bytes[start..<end])
    }

    /// The width in bytes of the whitespace `bytes` starts with, if it does.
    private static func whitespaceWidth(_ bytes: Substring.UTF8View.SubSequence) -> Int? {
        guard let first = bytes.first else { return nil }
        if first == 0x20 || first == 0x09 || first == 0x0D { return 1 }
        if first == 0xC2, bytes.dropFirst().first == 0xA0 { return 2 }
        if first == 0xE3, bytes.dropFirst().first == 0x80, bytes.dropFirst(2).first == 0x80 { return 3 }
        return nil
    }

    /// The tab-separated cells of a line, empty cells kept.
    var cells: [Substring] { split(byte: 0x09) }

    /// The pieces between each occurrence of `byte`, empty pieces kept: a byte-level split that
    /// finds the separators in the contiguous UTF-8 storage and cuts by offset.
    func split(byte: UInt8) -> [Substring] {
        let offsets = utf8.withContiguousStorageIfAvailable { buffer in
            buffer.indices.filter { buffer[$0] == byte }
        } ?? utf8.enumerated().filter { $0.element == byte }.map(\.offset)
        var pieces: [Substring] = []
        pieces.reserveCapacity(offsets.count + 1)
        let bytes = utf8
        var start = bytes.startIndex
        for offset in offsets {
            let end = bytes.index(bytes.startIndex, offsetBy: offset)
            pieces.append(Substring(bytes[start..<end]))
            start = bytes.index(after: end)
        }
        pieces.append(Substring(bytes[start..<bytes.endIndex]))
        return pieces
    }
}
