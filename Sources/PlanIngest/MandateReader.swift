import PlanModel

/// Reads a legislative-mandate block ("立法授权"): issuing-body headings, each over a list of
/// resolutions or decisions printed in two columns, as a careful reader reads them.
///
/// Reading order: a blank line inside a body's list is a page break, so each page is read left
/// column then right column before the next page (the symbols then run in ascending order, as
/// the document lists them).
///
/// Within a column the reader resolves what the extraction left behind, from the document's own
/// evidence:
/// - a title-only cell at the top of a column continues the entry before it in reading order
///   (a title that runs off the foot of the left column continues at the top of the right one);
/// - a title-only cell further down continues the title above it, unless the column's titles run
///   one row ahead of their symbols (see `pair(_:into:)`);
/// - a symbol cell ending in a list separator (`58/268; 59/275;`), or a cell holding only part
///   letters (`A-C`), continues the symbol list above it when its row has no title;
/// - a cell of several whitespace-separated symbols (`72/288 72/304`) is rows the extraction
///   merged: one mandate per symbol, the title cell split where a space separates two Chinese
///   characters (which the document never prints inside a title);
/// - a space between two Chinese characters inside one title is a line-wrap remnant and is
///   removed (`…发展新 议程…` prints as `…发展新议程…` elsewhere in the document).
///
/// What stays ambiguous is a `Diagnostic` with its line.
struct MandateReader {
    /// A mandate as read: its issuing body, its symbols and title as printed, its lines.
    struct Entry: Equatable {
        var issuingBody: String
        var symbols: [String]
        var title: String?
        /// The line of its first symbol (of its title when it has none).
        var line: Int
        /// Every line the mandate is printed on, ascending.
        var lines: [Int]
    }

    /// One cell pair of a column: a symbol cell and a title cell, either may be missing.
    private struct Row {
        var symbols: Substring?
        var title: Substring?
        var line: Int
    }

    /// The rows of one page, by column.
    private struct Page {
        var left: [Row] = []
        var right: [Row] = []
        var isEmpty: Bool { left.isEmpty && right.isEmpty }
    }

    /// A row of a column with its symbol cell read into mandates and its title cell into titles.
    private struct Printed {
        /// The symbols of each mandate the row prints.
        var groups: [[String]]
        var titles: [String]
        var lines: [Int]
        /// Whether the symbol cell ends in a list separator, so the list runs on.
        var listOpen: Bool
        var balance: Int { titles.count - groups.count }
    }

    private var body: String?
    private var bodyLine = 0
    private var pages: [Page] = []
    private var lastRowLine: Int?
    private(set) var mandates: [Entry] = []
    private(set) var diagnostics: [Diagnostic] = []

    /// Takes one non-blank line of the block.
    mutating func take(_ raw: Substring, line: Int) {
        let text = raw.trimmingWhitespace()
        if LineSyntax.isSeparator(text) { return }
        let cells = raw.cells.map { $0.trimmingWhitespace() }
        if cells.count == 1, !Self.startsWithSymbol(text), !Self.isTitleText(text) {
            finishBody()
            body = String(text)
            bodyLine = line
            return
        }
        if pages.isEmpty || (lastRowLine.map { line > $0 + 1 } == true && !pages[pages.count - 1].isEmpty) {
            pages.append(Page())
        }
        lastRowLine = line
        var left: [Row] = []
        var right: [Row] = []
        switch cells.count {
        case 1:
            if Self.startsWithSymbol(text) {
                let pairs = Self.pairs(inSingleColumn: text)
                left.append(Row(symbols: pairs[0].symbol, title: pairs[0].title, line: line))
                for pair in pairs.dropFirst() { right.append(Row(symbols: pair.symbol, title: pair.title, line: line)) }
            } else {
                left.append(Row(symbols: nil, title: text, line: line))
            }
        case 2:
            let (first, second) = (cells[0], cells[1])
            if Self.isSymbol(first) && Self.isSymbol(second) {
                left.append(Row(symbols: first, title: nil, line: line))
                right.append(Row(symbols: second, title: nil, line: line))
            } else if Self.isSymbol(first) {
                left.append(Row(symbols: first, title: second.nonEmpty, line: line))
            } else {
                if !first.isEmpty { left.append(Row(symbols: nil, title: first, line: line)) }
                if !second.isEmpty {
                    right.append(Self.isSymbol(second) ? Row(symbols: second, title: nil, line: line) : Row(symbols: nil, title: second, line: line))
                }
            }
        default:
            if cells.count > 4, cells.dropFirst(4).contains(where: { !$0.isEmpty }) {
                diagnostics.append(Diagnostic(line: line, message: "mandate line has more than two columns"))
            }
            left.append(Row(symbols: cells[0].nonEmpty, title: cells[1].nonEmpty, line: line))
            right.append(Row(symbols: cells[2].nonEmpty, title: cells.count > 3 ? cells[3].nonEmpty : nil, line: line))
        }
        pages[pages.count - 1].left += left.filter { $0.symbols != nil || $0.title != nil }
        pages[pages.count - 1].right += right.filter { $0.symbols != nil || $0.title != nil }
    }

    /// Ends the block.
    mutating func finish() { finishBody() }

    private mutating func finishBody() {
        defer { pages = []; body = nil; lastRowLine = nil }
        let rows = pages.flatMap { $0.left + $0.right }
        guard let firstRow = rows.min(by: { $0.line < $1.line }) else { return }
        guard let body else {
            diagnostics.append(Diagnostic(line: firstRow.line, message: "mandate listed before any issuing body heading"))
            return
        }
        var entries: [Entry] = []
        if !rows.contains(where: { $0.symbols != nil }) {
            // A list of instruments without symbols ("公约和会议宣言"): every title is an entry.
            for page in pages {
                for row in page.left + page.right {
                    if let title = row.title {
                        entries.append(Entry(issuingBody: body, symbols: [], title: Self.unwrapped(title), line: row.line, lines: [row.line]))
                    }
                }
            }
        } else {
            for page in pages {
                read(page.left, body: body, into: &entries)
                read(page.right, body: body, into: &entries)
            }
        }
        mandates += entries
    }

    // MARK: - One column

    private mutating func read(_ rows: [Row], body: String, into entries: inout [Entry]) {
        var printed: [Printed] = []
        for row in rows {
            if row.title == nil, let cell = row.symbols, let last = printed.indices.last, !printed[last].groups.isEmpty,
                printed[last].listOpen || !Self.startsWithSymbol(cell)
            {
                // The symbol list of the row above runs on: more symbols, or part letters.
                let (groups, open) = Self.groups(cell)
                if Self.startsWithSymbol(cell) {
                    printed[last].groups[printed[last].groups.count - 1] += groups.flatMap { $0 }
                } else {
                    let group = printed[last].groups.count - 1
                    printed[last].groups[group][printed[last].groups[group].count - 1] += " " + cell
                }
                printed[last].lines.append(row.line)
                printed[last].listOpen = open
                continue
            }
            let (groups, open) = row.symbols.map(Self.groups) ?? ([], false)
            let titles: [String]
            if let title = row.title {
                titles = groups.count > 1 ? Self.splitMerged(title) : [Self.unwrapped(title)]
            } else {
                titles = []
            }
            printed.append(Printed(groups: groups, titles: titles, lines: [row.line], listOpen: open))
        }
        // Title-only rows at the top of the column continue the entry before them.
        while let first = printed.first, first.groups.isEmpty {
            printed.removeFirst()
            continueTitle(of: &entries, with: first)
        }
        pair(printed, body: body, into: &entries)
    }

    /// Pairs a column's symbols with its titles.
    ///
    /// Normally each row's symbols take the titles of their row. When a row prints fewer titles
    /// than symbols (a merged row short of a title) the titles cannot belong to their rows; if
    /// the column's titles then run at most one row ahead of its symbols and the counts come
    /// out even, the titles were printed shifted up one row: the stretch from the first to the
    /// last uneven row is paired in order (programme 20: 66/288's title sits a row above it,
    /// and 73/152's title is the one printed beside 71/189).
    private mutating func pair(_ printed: [Printed], body: String, into entries: inout [Entry]) {
        let uneven = printed.indices.filter { printed[$0].balance != 0 && !(printed[$0].titles.isEmpty || printed[$0].groups.isEmpty) }
        var stretch: ClosedRange<Int>?
        if !uneven.isEmpty {
            var running = 0
            var fits = true
            for row in printed {
                running += row.balance
                if running < 0 || running > 1 { fits = false }
            }
            let changes = printed.indices.filter { printed[$0].balance != 0 }
            if fits && running == 0, let first = changes.first, let last = changes.last {
                stretch = first...last
            } else {
                diagnostics.append(Diagnostic(line: printed[uneven[0]].lines[0], message: "mandate row prints \(printed[uneven[0]].groups.count) symbols and \(printed[uneven[0]].titles.count) titles, and the column gives no way to pair them"))
            }
        } else if let titleOnly = printed.firstIndex(where: { $0.groups.isEmpty }),
            printed[titleOnly...].contains(where: { $0.titles.isEmpty && !$0.groups.isEmpty })
        {
            diagnostics.append(Diagnostic(line: printed[titleOnly].lines[0], message: "mandate title without a symbol may continue the title above or belong to a symbol below; read as a continuation"))
        }
        var index = 0
        while index < printed.count {
            if let range = stretch, range.lowerBound == index {
                let symbols = printed[range].flatMap { row in row.groups.map { (group: $0, lines: row.lines) } }
                let titles = printed[range].flatMap { row in row.titles.map { (title: $0, line: row.lines[0]) } }
                for (symbol, title) in zip(symbols, titles) {
                    entries.append(Entry(issuingBody: body, symbols: symbol.group, title: title.title, line: symbol.lines[0], lines: Self.merged(symbol.lines, [title.line])))
                }
                index = range.upperBound + 1
                continue
            }
            let row = printed[index]
            index += 1
            if row.groups.isEmpty {
                continueTitle(of: &entries, with: row)
                continue
            }
            for (offset, group) in row.groups.enumerated() {
                let title = offset < row.titles.count ? row.titles[offset] : nil
                entries.append(Entry(issuingBody: body, symbols: group, title: title, line: row.lines[0], lines: row.lines))
            }
            if row.titles.count > row.groups.count, let last = entries.indices.last {
                entries[last].title = (entries[last].title ?? "") + row.titles[row.groups.count...].joined()
            }
        }
    }

    /// Joins a title-only row to the title of the entry before it.
    private mutating func continueTitle(of entries: inout [Entry], with row: Printed) {
        let text = row.titles.joined()
        guard let last = entries.indices.last else {
            diagnostics.append(Diagnostic(line: row.lines[0], message: "mandate title without a symbol and nothing before it to continue: \(text)"))
            return
        }
        entries[last].title = (entries[last].title ?? "") + text
        entries[last].lines = Self.merged(entries[last].lines, row.lines)
    }

    /// Two ascending line lists as one, without repeats.
    private static func merged(_ first: [Int], _ second: [Int]) -> [Int] {
        var lines = first
        for line in second where !lines.contains(line) { lines.append(line) }
        return lines.count > 1 ? lines.sorted() : lines
    }

    // MARK: - Cells

    /// Whether a cell starts like a symbol: a digit, "S-" (special session) or "S/" (a Security
    /// Council document).
    private static func startsWithSymbol(_ cell: Substring) -> Bool {
        cell.startsWithDigit || cell.begins("S-") || cell.begins("S/")
    }

    /// A symbol cell: "71/328", "S-10/2", "1325 (2000)", "S/PRST/2013/2", "72/266 A 和 B; 73/281".
    private static func isSymbol(_ cell: Substring) -> Bool {
        startsWithSymbol(cell) && cell.utf8.contains { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "(") }
    }

    /// A line of text that is no issuing-body heading: headings name a body and its acts and
    /// never hold a colon, which a wrapped title does ("题: 联合国信息和通信技术战略执行状况").
    private static func isTitleText(_ text: Substring) -> Bool {
        text.has(":") || text.has("：")
    }

    /// Whether a word of a symbol cell is a symbol on its own ("72/288", "2008"), so that a cell
    /// of several such words lists several mandates.
    private static func isSymbolWord(_ word: Substring) -> Bool {
        guard startsWithSymbol(word) else { return false }
        return word.has("/") || (word.utf8.count == 4 && word.utf8.allSatisfy(\.isDigit))
    }

    /// The mandates a symbol cell prints and whether its list runs on to the next row:
    /// "57/300, 58/269" → one mandate with two symbols; "72/288 72/304" → two mandates;
    /// "72/266 A 和 B" and "72/262 C, 第一节" stay whole. List separators are "," ";" and their
    /// full-width forms; the cell is cut byte-wise.
    private static func groups(_ cell: Substring) -> (groups: [[String]], open: Bool) {
        var symbols: [String] = []
        let open = cell.withBytes { bytes -> Bool in
            var start = 0
            var index = 0
            var endsWithSeparator = false
            func take(_ end: Int) {
                var low = start
                var high = end
                while low < high, bytes[low] == 0x20 { low += 1 }
                while high > low, bytes[high - 1] == 0x20 { high -= 1 }
                guard high > low else { return }
                let piece = String(decoding: UnsafeBufferPointer(rebasing: bytes[low..<high]), as: UTF8.self)
                if piece.utf8.starts(with: "第".utf8), piece.utf8.reversed().starts(with: "节".utf8.reversed()),
                    let last = symbols.indices.last
                {
                    symbols[last] += ", " + piece
                } else {
                    symbols.append(piece)
                }
            }
            while index < bytes.count {
                let byte = bytes[index]
                var separator = 0
                if byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";") {
                    separator = 1
                } else if byte == 0xEF, index + 2 < bytes.count, bytes[index + 1] == 0xBC,
                    bytes[index + 2] == 0x9B || bytes[index + 2] == 0x8C
                {
                    separator = 3  // "；" or "，"
                }
                if separator > 0 {
                    take(index)
                    index += separator
                    start = index
                    endsWithSeparator = true
                } else {
                    if byte != 0x20 { endsWithSeparator = false }
                    index += 1
                }
            }
            take(bytes.count)
            return endsWithSeparator
        }
        if symbols.count == 1, symbols[0].utf8.contains(0x20) {
            let words = symbols[0].split(separator: " ")
            if words.count > 1, words.allSatisfy({ isSymbolWord(Substring($0)) }) {
                return (words.map { [String($0)] }, open)
            }
        }
        return (symbols.isEmpty ? [] : [symbols], open)
    }

    /// A title cell without its line-wrap spaces: a space between two Chinese characters.
    static func unwrapped(_ title: Substring) -> String {
        let pieces = splitMerged(title)
        return pieces.count == 1 ? pieces[0] : pieces.joined()
    }

    /// The titles of a merged cell, split where a space sits between two Chinese characters
    /// (byte-wise: a run of spaces with a non-ASCII byte on either side).
    private static func splitMerged(_ title: Substring) -> [String] {
        title.withBytes { bytes -> [String] in
            var pieces: [String] = []
            var start = 0
            var index = 0
            while index < bytes.count {
                guard bytes[index] == 0x20 else {
                    index += 1
                    continue
                }
                var end = index
                while end < bytes.count, bytes[end] == 0x20 { end += 1 }
                if index > 0, bytes[index - 1] >= 0x80, end < bytes.count, bytes[end] >= 0x80 {
                    if index > start { pieces.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)) }
                    start = end
                }
                index = end
            }
            if bytes.count > start { pieces.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self)) }
            return pieces
        }
    }

    /// A line printed in one column: "2282(2016)", "72/266 B 转变联合国的管理模式",
    /// "929 (XLVIII) 标题 941 (XLIX) 标题": a symbol and its title, possibly twice (the second
    /// pair is the right column's).
    private static func pairs(inSingleColumn text: Substring) -> [(symbol: Substring?, title: Substring?)] {
        var pairs: [(symbol: Substring?, title: Substring?)] = []
        var rest = text
        while !rest.isEmpty {
            let symbolEnd = symbolPrefixEnd(rest)
            let symbol = rest[..<symbolEnd].trimmingWhitespace()
            var title = rest[symbolEnd...].trimmingWhitespace()
            rest = rest[rest.endIndex...]
            // A second "symbol title" pair on the same line starts at " <digits> (" or " <digits>/"
            // (not "第 61/16 号决议" inside a title).
            var search = title.startIndex
            while let space = title[search...].firstIndex(of: " ") {
                let after = title[title.index(after: space)...]
                let end = symbolPrefixEnd(after)
                if after.first?.isASCIIDigit == true, end > after.startIndex,
                    after[..<end].contains(where: { $0 == "(" || $0 == "/" }),
                    !title[..<space].hasSuffix("第"), !after[end...].trimmingWhitespace().begins("号")
                {
                    rest = after
                    title = title[..<space].trimmingWhitespace()
                    break
                }
                search = title.index(after: space)
            }
            pairs.append((symbol.nonEmpty, title.nonEmpty))
        }
        return pairs
    }

    /// Where the symbol at the start of `text` ends: digits, "/", roman numerals in brackets,
    /// a part letter ("72/266 B") and a section ("72/262 C, 第一节").
    private static func symbolPrefixEnd(_ text: Substring) -> Substring.Index {
        var index = text.startIndex
        if text.begins("S-") { index = text.index(index, offsetBy: 2) }
        let digits = text[index...].prefix(while: { $0.isASCIIDigit || $0 == "/" })
        guard !digits.isEmpty else { return text.startIndex }
        index = digits.endIndex
        var rest = text[index...]
        // " (XLVIII)" or "(2016)"
        let space = rest.prefix(while: { $0 == " " })
        if rest.dropFirst(space.count).first == "(", let close = rest.firstIndex(of: ")"),
            rest[rest.index(space.endIndex, offsetBy: 1)..<close].allSatisfy({ $0.isASCIIDigit || $0.isUppercaseASCIILetter })
        {
            index = rest.index(after: close)
            rest = text[index...]
        }
        // " B" part letter
        if rest.count >= 2, rest.first == " ", let letter = rest.dropFirst().first, letter.isUppercaseASCIILetter,
            rest.dropFirst(2).first.map({ $0 == " " || $0 == "," }) ?? true
        {
            index = rest.index(rest.startIndex, offsetBy: 2)
            rest = text[index...]
        }
        // ", 第一节"
        if rest.begins(", 第"), let end = rest.firstIndex(of: "节") {
            index = rest.index(after: end)
        }
        return index
    }
}

extension Substring {
    /// The substring, `nil` when it is empty.
    var nonEmpty: Substring? { isEmpty ? nil : self }
}
