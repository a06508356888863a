import Foundation
import PlanDataset
import PlanModel

/// What reading a document gives: the catalogue and everything that could not be placed.
public struct IngestResult: Sendable {
    /// The catalogue read from the document.
    public var catalogue: Catalogue
    /// Lines the reader could not place, in document order.
    public var diagnostics: [Diagnostic]
}

/// Reads the text of a programme budget document into a `Catalogue`.
///
/// The reader copes with what the PDF extraction leaves behind: table headers repeated at page
/// breaks, separator lines, headings on one line or two, wrong or missing table labels,
/// thousands separators, dashes, zeros and blank cells, footnotes, the two-column mandate blocks,
/// paragraphs broken across page breaks and stray document codes. Anything it cannot place
/// becomes a `Diagnostic` with its line; in strict mode any diagnostic fails the read.
public struct DocumentReader: Sendable {
    /// Whether any diagnostic fails the read.
    public var strict: Bool

    public init(strict: Bool = false) {
        self.strict = strict
    }

    /// Reads the document at `url`.
    public func read(contentsOf url: URL) throws -> IngestResult {
        try read(data: Data(contentsOf: url))
    }

    /// Reads the embedded default document.
    public func readEmbedded() throws -> IngestResult {
        guard let url = EmbeddedDocument.url else { throw CocoaError(.fileNoSuchFile) }
        return try read(contentsOf: url)
    }

    /// Reads a document from its bytes, which must be UTF-8 text.
    public func read(data: Data) throws -> IngestResult {
        guard !data.isEmpty else { throw IngestError.emptyDocument }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw IngestError.notUTF8(offset: Self.firstInvalidUTF8Offset(data))
        }
        return try read(text: text)
    }

    /// Reads a document from its text.
    public func read(text: String) throws -> IngestResult {
        var text = text
        let check: TextCheck = text.withUTF8(Self.check)
        switch check {
        case .empty: throw IngestError.emptyDocument
        case .control(let line): throw IngestError.binaryContent(line: line)
        case .text: break
        }
        let lines = Substring(text).split(byte: 0x0A).map { line in
            line.utf8.last == 0x0D ? Substring(line.utf8.dropLast()) : line
        }
        var builder = CatalogueBuilder(lines: lines)
        builder.run()
        guard !builder.programmes.isEmpty else { throw IngestError.noProgrammes }
        let diagnostics = builder.diagnostics.sorted { $0.line < $1.line }
        if strict && !diagnostics.isEmpty { throw IngestError.diagnostics(diagnostics) }
        return IngestResult(
            catalogue: Catalogue(programmes: builder.programmes, tables: builder.tables), diagnostics: diagnostics)
    }

    private enum TextCheck {
        case empty
        case control(line: Int)
        case text
    }

    /// Whether the bytes hold any text, and the line of the first control character (other than
    /// tab, line feed and carriage return), which extracted text never has.
    private static func check(_ bytes: UnsafeBufferPointer<UInt8>) -> TextCheck {
        let isControl = { (byte: UInt8) in byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D || byte == 0x7F }
        if let bad = bytes.firstIndex(where: isControl) {
            return .control(line: bytes[..<bad].count(where: { $0 == 0x0A }) + 1)
        }
        return bytes.contains(where: { $0 > 0x20 }) ? .text : .empty
    }

    private static func firstInvalidUTF8Offset(_ data: Data) -> Int {
        var offset = 0
        var iterator = data.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return offset
            case .error: return offset
            }
        }
    }
}
