import PlanModel

/// A flat projection of an answer: a header and rows of text. The gateway's HTTP front answers
/// it as CSV; `planctl` prints it as CSV or aligned for a terminal. Figures are written as
/// printed: the number, "—" for a dash, an empty cell for a blank.
public struct Table: Hashable, Sendable {
    /// The column names (snake_case).
    public var header: [String]
    /// The rows, each as many cells as the header has names.
    public var rows: [[String]]

    public init(header: [String], rows: [[String]]) {
        self.header = header
        self.rows = rows
    }

    /// RFC 4180 text: CRLF line ends, fields quoted where needed.
    public var csv: String { CSV.text(header: header, rows: rows) }

    /// The table aligned for a terminal: the header, a rule, then the rows; columns two spaces
    /// apart, numeric columns (but ids and labels) right-aligned, every line padded to the same display width (East
    /// Asian wide characters count two columns, see ``DisplayWidth``). Line breaks and tabs
    /// inside a cell print as spaces. Lines end with "\n".
    public var text: String {
        let lines = ([header] + rows).map { $0.map(Self.flattened) }
        let columns = header.count
        var widths = [Int](repeating: 0, count: columns)
        for line in lines {
            for (index, cell) in line.prefix(columns).enumerated() {
                widths[index] = max(widths[index], DisplayWidth.of(cell))
            }
        }
        let numeric = (0..<columns).map { column in
            !Self.namesText(header[column]) && rows.contains { $0.indices.contains(column) && !$0[column].isEmpty }
                && rows.allSatisfy { !$0.indices.contains(column) || Self.isNumeric($0[column]) }
        }
        func render(_ cells: [String]) -> String {
            (0..<columns).map { column in
                let cell = cells.indices.contains(column) ? cells[column] : ""
                let padding = String(repeating: " ", count: widths[column] - DisplayWidth.of(cell))
                return numeric[column] ? padding + cell : cell + padding
            }.joined(separator: "  ")
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([render(lines[0]), rule] + lines.dropFirst().map(render)).map { $0 + "\n" }.joined()
    }

    /// `cell` on one line: line breaks and tabs as spaces, other control characters dropped.
    static func flattened(_ cell: String) -> String {
        guard cell.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return cell }
        var result = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in cell.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\n" where previousWasCR: continue
            case "\n", "\r", "\t": result.append(" ")
            case _ where scalar.properties.generalCategory == .control: continue
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    /// Whether a column of this name holds ids or labels (left-aligned even when they look
    /// like numbers: table id `6.1`).
    static func namesText(_ name: String) -> Bool {
        name == "id" || name.hasSuffix("_id") || name.hasSuffix("label")
    }

    /// A number, a dash or an empty cell.
    static func isNumeric(_ cell: String) -> Bool {
        cell.isEmpty || cell == Figure.dashText || Double(cell) != nil
    }
}

extension Figure {
    /// The figure in a table cell: the number, "—" for a dash, empty for a blank.
    public var csvCell: String { printed }
}
