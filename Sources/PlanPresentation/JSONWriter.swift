/// Writes compact UTF-8 JSON, the bytes of ``JSONMapping``: strings escaped as RFC 8259 requires
/// and no more (`"`, `\`, and the control characters below U+0020: `\b \t \n \f \r` by name,
/// the others as `\u00XX`; `/`, DEL and every other character as UTF-8, Chinese included),
/// integers as their decimal digits, floating-point numbers as Swift prints them without a
/// trailing `.0`. The bytes JSONEncoder writes with `.sortedKeys` and `.withoutEscapingSlashes`.
///
/// The ``JSONWritable`` values (the messages of the contract, their `writeJSON(into:)` generated
/// from the protos) write themselves through ``member(_:_:)-(_,T)``, in the order of their keys;
/// ``CompactJSONEncoder`` writes the trees it collects from any `Encodable`.
public struct JSONWriter {
    /// The JSON written so far.
    public private(set) var bytes: [UInt8] = []
    /// Whether the object being written has no member yet (no comma before the next).
    private var atFirstMember = true

    /// An empty writer with room for `capacity` bytes.
    public init(capacity: Int = 4096) {
        bytes.reserveCapacity(capacity)
    }

    // MARK: Objects

    /// Opens an object: `{`.
    public mutating func beginObject() {
        bytes.append(UInt8(ascii: "{"))
        atFirstMember = true
    }

    /// Closes the object opened last: `}`.
    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        atFirstMember = false
    }

    /// A member of the open object: `key` is its name quoted and followed by a colon, as the
    /// generated writers spell it (`"\"table_id\":"`; ASCII, nothing to escape).
    public mutating func member<T: JSONWritable>(_ key: StaticString, _ value: T) throws {
        if !atFirstMember { bytes.append(UInt8(ascii: ",")) }
        append(key)
        try value.writeJSON(into: &self)
        atFirstMember = false
    }

    /// A member whose value may be absent: left out when `value` is nil (as `Encodable`'s
    /// synthesized `encodeIfPresent` leaves it out).
    public mutating func member<T: JSONWritable>(_ key: StaticString, _ value: T?) throws {
        guard let value else { return }
        try member(key, value)
    }

    // MARK: Values

    /// `null`.
    public mutating func writeNull() {
        append("null")
    }

    /// `true` or `false`.
    public mutating func write(_ value: Bool) {
        append(value ? "true" : "false")
    }

    /// A signed integer's digits.
    public mutating func write(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        write(value.magnitude)
    }

    /// An unsigned integer's digits.
    public mutating func write(_ value: UInt64) {
        var count = 1
        var power: UInt64 = 10
        while count < 20, value >= power {
            count += 1
            power = power &* 10
        }
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: count))
        var rest = value
        for position in stride(from: start + count - 1, through: start, by: -1) {
            bytes[position] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
    }

    /// A finite floating-point number as Swift prints it, without a trailing `.0` (`0.5`, `1`,
    /// `1e-07`); NaN and the infinities are refused with `EncodingError.invalidValue`, as
    /// JSONEncoder refuses them.
    public mutating func write(_ value: some BinaryFloatingPoint & LosslessStringConvertible) throws {
        bytes.append(contentsOf: try Self.floatText(value).utf8)
    }

    /// The text ``write(_:)-(BinaryFloatingPoint)`` writes for `value`.
    static func floatText(_ value: some BinaryFloatingPoint & LosslessStringConvertible) throws -> String {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value, .init(codingPath: [], debugDescription: "Unable to encode \(value) directly in JSON."))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }

    /// `text` quoted and escaped.
    public mutating func write(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        let utf8 = text.utf8.span
        var clean = true
        for index in utf8.indices where Self.needsEscape(utf8[index]) {
            clean = false
            break
        }
        if clean {
            bytes.append(contentsOf: text.utf8)
        } else {
            for index in utf8.indices {
                let byte = utf8[index]
                guard Self.needsEscape(byte) else {
                    bytes.append(byte)
                    continue
                }
                switch byte {
                case UInt8(ascii: "\""): append("\\\"")
                case UInt8(ascii: "\\"): append("\\\\")
                case 0x08: append("\\b")
                case 0x09: append("\\t")
                case 0x0A: append("\\n")
                case 0x0C: append("\\f")
                case 0x0D: append("\\r")
                default:
                    append("\\u00")
                    bytes.append(Self.hexDigits[Int(byte >> 4)])
                    bytes.append(Self.hexDigits[Int(byte & 0x0F)])
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// An array of `values`, each written by `JSONWritable`.
    public mutating func write<Element: JSONWritable>(_ values: [Element]) throws {
        bytes.append(UInt8(ascii: "["))
        var first = true
        for value in values {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            try value.writeJSON(into: &self)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    // MARK: Bytes

    mutating func append(_ byte: UInt8) {
        bytes.append(byte)
    }

    mutating func append(_ written: [UInt8]) {
        bytes.append(contentsOf: written)
    }

    private mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Whether RFC 8259 requires `byte` escaped in a string: `"`, `\` and the control characters.
    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}

extension JSONWriter {
    /// Writes a ``JSONNode`` tree: object members sorted by the UTF-8 bytes of their keys (a key
    /// encoded twice keeps its last value).
    mutating func write(_ node: JSONNode) {
        switch node {
        case .null: writeNull()
        case .bool(let value): write(value)
        case .integer(let value): write(value)
        case .unsigned(let value): write(value)
        case .float(let text): bytes.append(contentsOf: text.utf8)
        case .string(let text): write(text)
        case .nothing: append("{}")
        case .array(let box):
            append(UInt8(ascii: "["))
            for (index, member) in box.members.enumerated() {
                if index > 0 { append(UInt8(ascii: ",")) }
                write(member.value)
            }
            append(UInt8(ascii: "]"))
        case .object(let box):
            writeObject(box)
        }
    }

    private mutating func writeObject(_ box: JSONContainerBox) {
        append(UInt8(ascii: "{"))
        let members = box.members
        if let keys = box.keys, !members.isEmpty {
            let ranks = keys.ranks
            // A stable sort keeps a key encoded twice in encoding order; the last one is written.
            let order = members.indices.sorted { ranks[members[$0].key] < ranks[members[$1].key] }
            let written = keys.written
            var first = true
            for (position, index) in order.enumerated() {
                let key = members[index].key
                if position + 1 < order.count, members[order[position + 1]].key == key { continue }
                if !first { append(UInt8(ascii: ",")) }
                first = false
                append(written[key])
                write(members[index].value)
            }
        }
        append(UInt8(ascii: "}"))
    }
}
