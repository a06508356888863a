/// What the HTTP front requires of a JSON body before decoding it, beyond what `JSONDecoder`
/// checks: UTF-8 (RFC 8259 §8.1: no byte order mark, no UTF-16 or UTF-32, which `JSONDecoder`
/// would otherwise guess and accept) and no object with the same key twice (§4 leaves their
/// meaning open; `JSONDecoder` would silently keep one). A scan over the bytes, no values built.
struct StrictJSON {
    /// Why a body is not strict JSON, for a 400 naming `body`.
    struct Violation: Error, Equatable {
        var reason: String
    }

    /// The deepest nesting accepted (a body of `POST /v1/actuals` has depth 1).
    static let maxDepth = 32

    private let bytes: [UInt8]
    private var index = 0

    /// Checks `bytes`: valid UTF-8 without a byte order mark, one JSON value, no duplicate key.
    static func check(_ bytes: [UInt8]) throws(Violation) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { throw Violation(reason: "the body starts with a byte order mark") }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw Violation(reason: "the body is not UTF-8")
        }
        var scanner = StrictJSON(bytes: bytes)
        scanner.skipSpace()
        try scanner.value(depth: 0)
        scanner.skipSpace()
        guard scanner.index == bytes.count else { throw scanner.unexpected() }
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private func unexpected() -> Violation {
        guard let current else { return Violation(reason: "the body ends too early") }
        return Violation(reason: "the body is not JSON: unexpected byte 0x\(String(current, radix: 16)) at offset \(index)")
    }

    private mutating func skipSpace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    private mutating func expect(_ byte: UInt8) throws(Violation) {
        guard current == byte else { throw unexpected() }
        index += 1
    }

    private mutating func value(depth: Int) throws(Violation) {
        guard depth <= Self.maxDepth else { throw Violation(reason: "the body nests deeper than \(Self.maxDepth) levels") }
        switch current {
        case UInt8(ascii: "{"): try object(depth: depth + 1)
        case UInt8(ascii: "["): try array(depth: depth + 1)
        case UInt8(ascii: "\""): _ = try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case .some(let byte) where byte == UInt8(ascii: "-") || (0x30...0x39).contains(byte): number()
        default: throw unexpected()
        }
    }

    private mutating func object(depth: Int) throws(Violation) {
        var keys = Set<[UInt8]>()
        try members(open: UInt8(ascii: "{"), close: UInt8(ascii: "}")) { scanner throws(Violation) in
            let key = try scanner.string()
            guard keys.insert(key).inserted else {
                throw Violation(reason: "the key '\(String(decoding: key, as: UTF8.self))' appears twice in one object")
            }
            scanner.skipSpace()
            try scanner.expect(UInt8(ascii: ":"))
            scanner.skipSpace()
            try scanner.value(depth: depth)
        }
    }

    private mutating func array(depth: Int) throws(Violation) {
        try members(open: UInt8(ascii: "["), close: UInt8(ascii: "]")) { scanner throws(Violation) in
            try scanner.value(depth: depth)
        }
    }

    /// `open`, then members read by `member` separated by commas, then `close`.
    private mutating func members(
        open: UInt8, close: UInt8, _ member: (inout StrictJSON) throws(Violation) -> Void
    ) throws(Violation) {
        try expect(open)
        skipSpace()
        if current == close {
            index += 1
            return
        }
        while true {
            skipSpace()
            try member(&self)
            skipSpace()
            if current == UInt8(ascii: ",") {
                index += 1
                continue
            }
            try expect(close)
            return
        }
    }

    /// A string; returns its content with escapes resolved (as UTF-8), so that `"a\u0062"` and
    /// `"ab"` are the same key.
    private mutating func string() throws(Violation) -> [UInt8] {
        try expect(UInt8(ascii: "\""))
        var content: [UInt8] = []
        while let byte = current {
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return content
            case UInt8(ascii: "\\"):
                guard let escaped = current else { throw unexpected() }
                index += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): content.append(escaped)
                case UInt8(ascii: "b"): content.append(0x08)
                case UInt8(ascii: "f"): content.append(0x0C)
                case UInt8(ascii: "n"): content.append(0x0A)
                case UInt8(ascii: "r"): content.append(0x0D)
                case UInt8(ascii: "t"): content.append(0x09)
                case UInt8(ascii: "u"):
                    let unit = try hex4()
                    if let scalar = Unicode.Scalar(unit) {
                        content += Array(String(Character(scalar)).utf8)
                    } else {
                        // Half a surrogate pair: its code unit behind a byte UTF-8 never has,
                        // enough to compare keys.
                        content += [0xFF, UInt8(unit >> 8), UInt8(unit & 0xFF)]
                    }
                default:
                    index -= 1
                    throw unexpected()
                }
            case 0x00..<0x20:
                index -= 1
                throw Violation(reason: "the body holds a raw control character in a string at offset \(index)")
            default:
                content.append(byte)
            }
        }
        throw unexpected()
    }

    private mutating func hex4() throws(Violation) -> UInt16 {
        guard index + 4 <= bytes.count, let unit = UInt16(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
        else { throw unexpected() }
        index += 4
        return unit
    }

    private mutating func literal(_ word: String) throws(Violation) {
        let expected = Array(word.utf8)
        guard bytes[index...].starts(with: expected) else { throw unexpected() }
        index += expected.count
    }

    /// A number's bytes; its grammar is left to `JSONDecoder`, which refuses bad ones.
    private mutating func number() {
        while let byte = current, (0x30...0x39).contains(byte) || "+-.eE".utf8.contains(byte) { index += 1 }
    }
}
