/// Something in the document the reader could not place, with the line it is on.
public struct Diagnostic: Codable, Hashable, Sendable, CustomStringConvertible {
    /// 1-based line in the document.
    public var line: Int
    /// What was wrong, in plain words.
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}

/// Why a document could not be read at all.
public enum IngestError: Error, Equatable, CustomStringConvertible {
    /// The file has no text.
    case emptyDocument
    /// The bytes are not UTF-8; `offset` is the first bad byte.
    case notUTF8(offset: Int)
    /// The text holds a NUL or another control character that extracted text never has.
    case binaryContent(line: Int)
    /// No programme heading ("方案 N") was found.
    case noProgrammes
    /// Strict mode: the document was read but left diagnostics.
    case diagnostics([Diagnostic])

    public var description: String {
        switch self {
        case .emptyDocument:
            "the document is empty"
        case .notUTF8(let offset):
            "the document is not valid UTF-8 (first bad byte at offset \(offset))"
        case .binaryContent(let line):
            "line \(line): the document holds binary data (control characters), not extracted text"
        case .noProgrammes:
            "no programme heading (\"方案 N\") found: this is not a programme budget document"
        case .diagnostics(let diagnostics):
            "strict mode: \(diagnostics.count) diagnostic(s), the first at \(diagnostics.first.map(String.init(describing:)) ?? "")"
        }
    }
}
