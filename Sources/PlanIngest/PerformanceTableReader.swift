import PlanModel

/// Reads the table under a "业绩计量" heading: a header row of years ("2018\t2019\t2020"), then
/// rows of one cell per year. A cell's text wraps over several lines within its column (and the
/// extraction prints the columns' first lines on different rows), so each column's non-empty
/// cells are joined, in order, into that year's text.
///
/// A heading not followed by a header of years ("业绩计量：可用数据来源的数量", over a chart
/// whose figures the text does not hold) has no table: nothing is read.
struct PerformanceTableReader {
    let lines: [Substring]
    /// The same lines, trimmed.
    let texts: [Substring]

    struct Result {
        var cells: [PerformanceCell] = []
        var diagnostics: [Diagnostic] = []
        /// Index of the first line after the table.
        var next: Int
    }

    /// Reads the table after the heading at `headingIndex`.
    func read(headingIndex: Int) -> Result {
        var index = nextLine(after: headingIndex)
        guard index < lines.count, let years = Self.years(texts[index]) else {
            return Result(next: headingIndex + 1)
        }
        var columns = [(text: String, lines: [Int])](repeating: ("", []), count: years.count)
        var result = Result(next: lines.count)
        index += 1
        while index < lines.count {
            let text = texts[index]
            if text.isEmpty || LineSyntax.isDocumentCode(text) {
                index += 1
                continue
            }
            guard lines[index].has("\t") else { break }
            let cells = lines[index].cells.map { $0.trimmingWhitespace() }
            if cells.count > years.count, cells.dropFirst(years.count).contains(where: { !$0.isEmpty }) {
                result.diagnostics.append(Diagnostic(line: index + 1, message: "performance measures row has more cells than the \(years.count) years of its header"))
            }
            for (column, cell) in cells.prefix(years.count).enumerated() where !cell.isEmpty {
                columns[column].text += cell
                columns[column].lines.append(index + 1)
            }
            index += 1
        }
        result.next = index
        result.cells = zip(years, columns).map { PerformanceCell(year: $0, text: $1.text, lines: $1.lines) }
        if result.cells.allSatisfy({ $0.text.isEmpty }) {
            result.diagnostics.append(Diagnostic(line: headingIndex + 1, message: "performance measures table without any cell"))
        }
        return result
    }

    private func nextLine(after index: Int) -> Int {
        var next = index + 1
        while next < lines.count, texts[next].isEmpty || LineSyntax.isDocumentCode(texts[next]) { next += 1 }
        return next
    }

    /// The years of a header row: "2018\t2019\t2020" → [2018, 2019, 2020].
    private static func years(_ text: Substring) -> [Int]? {
        let cells = text.cells.map { $0.trimmingWhitespace() }
        guard cells.count >= 2 else { return nil }
        let years = cells.compactMap { cell -> Int? in
            guard cell.utf8.count == 4, cell.utf8.allSatisfy(\.isDigit) else { return nil }
            return Int(cell)
        }
        return years.count == cells.count ? years : nil
    }
}
