/// One cell of a deliverables table, exactly as printed.
///
/// The document prints three different things in a figure cell and they must never be
/// confused: a number, a dash (`—`: nothing planned or delivered, which counts as 0 in totals)
/// and a blank cell (not reported, which is left out of totals and counted apart).
public enum Figure: Hashable, Sendable {
    /// A printed number, thousands separators removed (`"13 300"` is `13300`).
    case number(Int)
    /// A printed dash (`—`).
    case dash
    /// An empty cell.
    case blank

    /// The value the cell contributes to a total: the number, 0 for a dash, `nil` for a blank.
    public var countedValue: Int? {
        switch self {
        case .number(let value): value
        case .dash: 0
        case .blank: nil
        }
    }

    /// Whether the cell reports something (a number or a dash).
    public var isReported: Bool { self != .blank }

    /// The cell as printed in the document: digits, `—`, or the empty string.
    public var printed: String {
        switch self {
        case .number(let value): String(value)
        case .dash: Figure.dashText
        case .blank: ""
        }
    }

    /// The dash character the document prints.
    public static let dashText = "—"
}

extension Figure: Codable {
    /// Encoded as a number, the string `"—"`, or `null`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .blank
        } else if let value = try? container.decode(Int.self) {
            self = .number(value)
        } else {
            let text = try container.decode(String.self)
            guard text == Figure.dashText else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "a figure is a number, \"—\" or null, not \"\(text)\"")
            }
            self = .dash
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let value): try container.encode(value)
        case .dash: try container.encode(Figure.dashText)
        case .blank: try container.encodeNil()
        }
    }
}
