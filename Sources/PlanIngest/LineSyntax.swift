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
        let split: (number: Int, text: Int)? = s.withBytes { bytes in
            var index = 0
            while index < bytes.count, bytes[index].isDigit { index += 1 }
            if index < bytes.count, bytes[index] >= 0x41 && bytes[index] <= 0x5A { index += 1 }
            guard index < bytes.count, bytes[index] == UInt8(ascii: ".") else { return nil }
            index += 1
            let minor = index
            while index < bytes.count, bytes[index].isDigit { index += 1 }
            guard index > minor, index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 else { return nil }
            return (index, index + 1)
        }
        guard let split else { return nil }
        return (String(s.bytes(0..<split.number)), String(s.bytes(split.text..<s.utf8.count).trimmingWhitespace()))
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
        return s.withBytes { bytes in
            bytes.count >= 8 && bytes[0].isDigit && bytes[1].isDigit && bytes[2] == UInt8(ascii: "-")
                && bytes[3..<8].allSatisfy(\.isDigit) && (bytes.count == 8 || !bytes[8].isDigit)
        }
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
        cell.trimmingWhitespace().withBytes { bytes -> Figure? in
            if bytes.isEmpty { return .blank }
            if dashes.contains(where: { bytes.elementsEqual($0) }) { return .dash }
            var value = 0
            var digits = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte.isDigit {
                    guard value < Int.max / 100 else { return nil }
                    value = value * 10 + Int(byte - 0x30)
                    digits += 1
                    index += 1
                } else if byte == 0x20 {
                    index += 1
                } else if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0xA0 {
                    index += 2
                } else {
                    return nil
                }
            }
            return digits > 0 ? .number(value) : nil
        }
    }

    /// The dashes a cell may print: em dash, en dash, hyphen-minus and full-width hyphen-minus.
    private static let dashes: [[UInt8]] = ["—", "–", "-", "－"].map { Array($0.utf8) }

    /// Splits a row's text into subcategory, measure and footnote markers:
    /// "为会议提供会议和秘书处服务(三小时会议次数) ^a" → ("为会议…服务", "三小时会议次数", ["a"]).
    static func rowText(_ text: Substring) -> (subcategory: String, measure: String?, markers: [String]) {
        var body = text.trimmingWhitespace()
        var markers: [String] = []
        // Trailing footnote markers: "^a", possibly several.
        while body.utf8.last.map({ $0 >= 0x61 && $0 <= 0x7A }) == true,
            body.utf8.dropLast().last == UInt8(ascii: "^")
        {
            let count = body.utf8.count
            markers.insert(String(body.bytes(count - 1..<count)), at: 0)
            body = body.bytes(0..<count - 2).trimmingWhitespace()
        }
        let open: Int? = body.withBytes { bytes in
            guard bytes.last == UInt8(ascii: ")") else { return nil }
            return bytes.lastIndex(of: UInt8(ascii: "("))
        }
        if let open {
            let count = body.utf8.count
            let subcategory = body.bytes(0..<open).trimmingWhitespace()
            let measure = body.bytes(open + 1..<count - 1)
            if !subcategory.isEmpty, !measure.isEmpty {
                return (String(subcategory), String(measure), markers)
            }
        }
        return (String(body), nil, markers)
    }
}

extension UInt8 {
    /// Whether the byte is an ASCII digit.
    var isDigit: Bool { self >= 0x30 && self <= 0x39 }
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
    func equals(_ literal: String) -> Bool {
        utf8.count == literal.utf8.count && compare(literal) { text, literal in text.elementsEqual(literal) }
    }

    /// Whether the text starts with `literal`.
    func begins(_ literal: String) -> Bool {
        utf8.count >= literal.utf8.count && compare(literal) { text, literal in
            UnsafeBufferPointer(rebasing: text.prefix(literal.count)).elementsEqual(literal)
        }
    }

    /// Whether the text ends with `literal`.
    func ends(_ literal: String) -> Bool {
        utf8.count >= literal.utf8.count && compare(literal) { text, literal in
            UnsafeBufferPointer(rebasing: text.suffix(literal.count)).elementsEqual(literal)
        }
    }

    private func compare(
        _ literal: String, _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Bool
    ) -> Bool {
        var literal = literal
        return literal.withUTF8 { literalBytes in
            utf8.withContiguousStorageIfAvailable { body($0, literalBytes) }
                ?? Array(utf8).withUnsafeBufferPointer { body($0, literalBytes) }
        }
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

    /// Runs `body` over the text's UTF-8 bytes.
    func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        utf8.withContiguousStorageIfAvailable(body) ?? Array(utf8).withUnsafeBufferPointer(body)
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
    /// The substring without leading and trailing whitespace: ASCII spaces and tabs, carriage
    /// returns, no-break and ideographic spaces.
    func trimmingWhitespace() -> Substring {
        let (start, end) = withBytes { bytes -> (Int, Int) in
            var start = 0
            var end = bytes.count
            while start < end {
                if bytes[start] == 0x20 || bytes[start] == 0x09 || bytes[start] == 0x0D {
                    start += 1
                } else if bytes[start] == 0xC2, start + 1 < end, bytes[start + 1] == 0xA0 {
                    start += 2
                } else if bytes[start] == 0xE3, start + 2 < end, bytes[start + 1] == 0x80, bytes[start + 2] == 0x80 {
                    start += 3
                } else {
                    break
                }
            }
            while start < end {
                if bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0D {
                    end -= 1
                } else if end - start >= 2, bytes[end - 2] == 0xC2, bytes[end - 1] == 0xA0 {
                    end -= 2
                } else if end - start >= 3, bytes[end - 3] == 0xE3, bytes[end - 2] == 0x80, bytes[end - 1] == 0x80 {
                    end -= 3
                } else {
                    break
                }
            }
            return (start, end)
        }
        return start == 0 && end == utf8.count ? self : bytes(start..<end)
    }

    /// The text between two byte offsets.
    func bytes(_ range: Range<Int>) -> Substring {
        let view = utf8
        let start = view.index(view.startIndex, offsetBy: range.lowerBound)
        return Substring(view[start..<view.index(start, offsetBy: range.count)])
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
