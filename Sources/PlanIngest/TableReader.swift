import PlanModel

/// Reads one deliverables table, from its title line to the heading that follows it.
///
/// Inside a table the reader skips header rows (repeated at page breaks anywhere), separator
/// lines and stray document codes; section lines (量化的 / 非量化的应交付产出) and category headings
/// set the context of the rows below them. Rows with tab cells are always rows; a bare line is a
/// row only when it names a known non-quantified subcategory (2020-only tables print their rows
/// that way), otherwise it is the heading that ends the table.
struct TableReader {
    let lines: [Substring]
    /// The same lines, trimmed.
    let texts: [Substring]

    struct Result {
        var rows: [DeliverableRow] = []
        var footnotes: [Footnote] = []
        var diagnostics: [Diagnostic] = []
        /// Index of the first line after the table.
        var next: Int
    }

    func read(titleIndex: Int, tableID: String, period: TablePeriod) -> Result {
        var result = Result(next: lines.count)
        var quantified: Bool?
        var category: (value: Category, printed: String)?
        var markers: Set<String> = []
        var index = titleIndex + 1
        while index < lines.count {
            let raw = lines[index]
            let line = index + 1
            let text = texts[index]
            defer { index += 1 }
            if text.isEmpty || LineSyntax.isSeparator(text) || LineSyntax.isTableHeader(text)
                || LineSyntax.isDocumentCode(text)
            {
                continue
            }
            let cells = raw.cells
            let first = cells[0].trimmingWhitespace()
            if first.equals("量化的应交付产出") { quantified = true; continue }
            if first.equals("非量化的应交付产出") { quantified = false; continue }
            if let heading = LineSyntax.categoryHeading(first) {
                category = heading
                continue
            }
            if let note = LineSyntax.footnote(text), markers.contains(note.marker) {
                result.footnotes.append(Footnote(marker: note.marker, text: note.text, line: line))
                continue
            }
            if text.begins("注：") || text.begins("注:") {
                result.footnotes.append(Footnote(marker: "注", text: String(text.dropFirst(2)), line: line))
                continue
            }
            if cells.count == 1 && !Subcategories.nonQuantified.contains(String(text)) {
                result.next = index
                return result
            }
            guard let category else {
                result.diagnostics.append(Diagnostic(line: line, message: "table \(tableID): row before any category heading: \(text)"))
                continue
            }
            let (subcategory, measureText, rowMarkers) = LineSyntax.rowText(first)
            markers.formUnion(rowMarkers)
            var row = DeliverableRow(
                id: "\(tableID).r\(result.rows.count + 1)", category: category.value,
                printedCategory: category.printed, quantified: quantified ?? category.value.isQuantified,
                subcategory: subcategory, measureText: measureText,
                measure: measureText.flatMap(Measure.init(printed:)), footnoteMarkers: rowMarkers, line: line)
            if quantified == nil {
                result.diagnostics.append(Diagnostic(line: line, message: "table \(tableID): row before 量化的/非量化的应交付产出; taken as \(row.quantified ? "quantified" : "non-quantified") by its category"))
            }
            if let measureText, row.measure == nil {
                result.diagnostics.append(Diagnostic(line: line, message: "table \(tableID): unknown unit of measure \"\(measureText)\""))
            }
            let figureCells = cells.dropFirst()
            if figureCells.count > DeliverableRow.Column.allCases.count,
                figureCells.dropFirst(DeliverableRow.Column.allCases.count).contains(where: { !$0.trimmingWhitespace().isEmpty })
            {
                result.diagnostics.append(Diagnostic(line: line, message: "table \(tableID): more than four figure cells"))
            }
            for (column, cell) in zip(DeliverableRow.Column.allCases, figureCells) {
                if let figure = LineSyntax.figure(cell) {
                    row[column] = figure
                } else {
                    result.diagnostics.append(Diagnostic(line: line, message: "table \(tableID): \(column.fieldName) cell \"\(cell.trimmingWhitespace())\" is not a number, a dash or blank"))
                }
            }
            if period == .year2020, DeliverableRow.Column.allCases.contains(where: { row[$0] != .blank }) {
                result.diagnostics.append(Diagnostic(line: line, message: "table \(tableID): a 2020-only table prints figures"))
            }
            if row.quantified && measureText == nil {
                result.diagnostics.append(Diagnostic(line: line, message: "table \(tableID): quantified row without a unit of measure"))
            }
            result.rows.append(row)
        }
        return result
    }
}
