import Foundation

/// Writes CSV as RFC 4180 has it: comma-separated, CRLF line ends, fields quoted when they hold
/// a comma, a quote or a line break.
public enum CSV {
    /// The CSV text of a header and rows.
    public static func text(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map { $0.map(field).joined(separator: ",") + "\r\n" }.joined()
    }

    /// One field, quoted when needed.
    public static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
