/// Writes ``JSONNode`` trees as compact UTF-8 JSON: object members sorted by the UTF-8 bytes of
/// their keys (a key encoded twice keeps its last value), strings escaped as RFC 8259 requires
/// and no more (`"`, `\`, and the control characters below U+0020: `\b \t \n \f \r` by name,
/// the others as `\u00XX`; `/`, DEL and every other character as UTF-8, Chinese included),
/// integers as their decimal digits. The bytes JSONEncoder writes with `.sortedKeys` and
/// `.withoutEscapingSlashes`.
struct JSONByteWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 4096) {
        bytes.reserveCapacity(capacity)
    }

    mutating func append(_ byte: UInt8) {
        bytes.append(byte)
    }

    mutating func write(_ node: JSONNode) {
        switch node {
        case .null: append("null")
        case .bool(let value): append(value ? "true" : "false")
        case .integer(let value):
            if value < 0 { bytes.append(UInt8(ascii: "-")) }
            writeDigits(value.magnitude)
        case .unsigned(let value): writeDigits(value)
        case .float(let text): bytes.append(contentsOf: text.utf8)
        case .string(let text): writeString(text)
        case .nothing: append("{}")
        case .array(let box):
            bytes.append(UInt8(ascii: "["))
            for (index, member) in box.members.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                write(member.value)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let box):
            writeObject(box)
        }
    }

    private mutating func writeObject(_ box: JSONContainerBox) {
        bytes.append(UInt8(ascii: "{"))
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
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                bytes.append(contentsOf: written[key])
                write(members[index].value)
            }
        }
        bytes.append(UInt8(ascii: "}"))
    }

    private mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func writeDigits(_ value: UInt64) {
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

    /// Appends `text` quoted and escaped.
    private mutating func writeString(_ text: String) {
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

    /// Whether RFC 8259 requires `byte` escaped in a string: `"`, `\` and the control characters.
    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
