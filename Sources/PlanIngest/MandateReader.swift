import PlanModel

/// Reads a legislative-mandate block ("立法授权"): issuing-body headings, each over a list of
/// resolutions or decisions printed in two columns.
///
/// The two columns are read as the page is: the whole left column, then the whole right column.
/// A cell with a title but no symbol continues the mandate before it in that reading order, so a
/// title that runs off the foot of the left column continues at the top of the right one.
struct MandateReader {
    /// One cell of the block: a symbol with its title, or a title continuing the previous mandate.
    private struct Item {
        var symbols: [String]
        var title: String?
        var line: Int
    }

    private var body: String?
    private var left: [Item] = []
    private var right: [Item] = []
    private(set) var mandates: [(issuingBody: String, symbols: [String], title: String?, line: Int)] = []
    private(set) var diagnostics: [Diagnostic] = []

    /// Takes one non-blank line of the block.
    mutating func take(_ raw: Substring, line: Int) {
        let text = raw.trimmingWhitespace()
        if LineSyntax.isSeparator(text) { return }
        let cells = raw.cells.map { $0.trimmingWhitespace() }
        if cells.count == 1 {
            if let first = text.first, !first.isASCIIDigit, !text.begins("S-"), !text.begins("题") {
                finishBody()
                body = String(text)
            } else {
                left.append(contentsOf: Self.items(inSingleColumn: text, line: line))
            }
            return
        }
        if cells.count == 2 {
            for (cell, isLeft) in zip(cells, [true, false]) where !cell.isEmpty {
                let item = Self.isSymbol(cell)
                    ? Item(symbols: Self.symbols(cell), title: nil, line: line)
                    : Item(symbols: [], title: String(cell), line: line)
                if isLeft { left.append(item) } else { right.append(item) }
            }
            return
        }
        if cells.count > 4, cells.dropFirst(4).contains(where: { !$0.isEmpty }) {
            diagnostics.append(Diagnostic(line: line, message: "mandate line has more than two columns"))
        }
        for (offset, isLeft) in [(0, true), (2, false)] where offset < cells.count {
            let symbol = cells[offset]
            let title = offset + 1 < cells.count ? cells[offset + 1] : ""
            if symbol.isEmpty && title.isEmpty { continue }
            let item = Item(
                symbols: symbol.isEmpty ? [] : Self.symbols(symbol), title: title.isEmpty ? nil : String(title),
                line: line)
            if isLeft { left.append(item) } else { right.append(item) }
        }
    }

    /// Ends the block.
    mutating func finish() { finishBody() }

    private mutating func finishBody() {
        defer { left = []; right = []; body = nil }
        let items = left + right
        guard !items.isEmpty else { return }
        guard let body else {
            diagnostics.append(Diagnostic(line: items[0].line, message: "mandate listed before any issuing body heading"))
            return
        }
        for item in items {
            if item.symbols.isEmpty, let title = item.title, !title.begins("《"), let last = mandates.indices.last,
                mandates[last].issuingBody == body
            {
                mandates[last].title = (mandates[last].title ?? "") + title
            } else if item.symbols.isEmpty, let title = item.title, !title.begins("《"), !title.first!.isASCIIDigit {
                diagnostics.append(Diagnostic(line: item.line, message: "mandate title without a symbol and nothing before it to continue: \(title)"))
            } else {
                mandates.append((body, item.symbols, item.title, item.line))
            }
        }
    }

    /// A symbol cell: "71/328", "S-10/2", "1325 (2000)", "72/266 A 和 B; 73/281".
    private static func isSymbol(_ cell: Substring) -> Bool {
        (cell.startsWithDigit || cell.begins("S-")) && cell.utf8.contains { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "(") }
    }

    /// The symbols of a symbol cell, as printed: "57/300, 58/269" → ["57/300", "58/269"];
    /// "66/288 68/134" → ["66/288", "68/134"]; "72/266 A 和 B" stays whole.
    private static func symbols(_ cell: Substring) -> [String] {
        var symbols: [String] = []
        let separators: Set<Unicode.Scalar> = [",", ";", "；", "，"]
        for piece in cell.unicodeScalars.split(whereSeparator: separators.contains) {
            let piece = Substring(piece).trimmingWhitespace()
            let words = piece.split(byte: 0x20).filter { !$0.isEmpty }
            if words.count > 1, words.allSatisfy({ $0.has("/") }) {
                symbols.append(contentsOf: words.map(String.init))
            } else if !piece.isEmpty {
                symbols.append(String(piece))
            }
        }
        return symbols
    }

    /// A line printed in one column: "2282(2016)", "72/266 B 转变联合国的管理模式",
    /// "929 (XLVIII) 标题 941 (XLIX) 标题": a symbol and its title, possibly twice.
    private static func items(inSingleColumn text: Substring, line: Int) -> [Item] {
        if text.begins("题") { return [Item(symbols: [], title: String(text), line: line)] }
        var items: [Item] = []
        var rest = text
        while !rest.isEmpty {
            let symbolEnd = symbolPrefixEnd(rest)
            let symbol = rest[..<symbolEnd].trimmingWhitespace()
            var titleRest = rest[symbolEnd...].trimmingWhitespace()
            var title = titleRest
            rest = rest[rest.endIndex...]
            // A second "symbol title" pair on the same line starts at " <digits> (" or " <digits>/".
            var search = titleRest.startIndex
            while let space = titleRest[search...].firstIndex(of: " ") {
                let after = titleRest[titleRest.index(after: space)...]
                if after.first?.isASCIIDigit == true, symbolPrefixEnd(after) > after.startIndex,
                    after[..<symbolPrefixEnd(after)].contains(where: { $0 == "(" || $0 == "/" })
                {
                    title = titleRest[..<space].trimmingWhitespace()
                    rest = after
                    break
                }
                search = titleRest.index(after: space)
            }
            titleRest = title
            items.append(Item(symbols: symbol.isEmpty ? [] : [String(symbol)], title: titleRest.isEmpty ? nil : String(titleRest), line: line))
        }
        return items
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
