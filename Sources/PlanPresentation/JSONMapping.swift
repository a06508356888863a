import Foundation

/// The one JSON mapping of ProgrammePlan's answers (the gateway's HTTP front and `planctl
/// --format json`): the Swift messages and model values as they are `Encodable`, with every key
/// turned snake_case (`nextPageToken` → `next_page_token`, `planned2020` → `planned_2020`,
/// `tableIDs` → `table_ids`). Figures keep the model's encoding: a number, the string "—" for a
/// dash, null for a blank. Optional fields that are absent (a unit's number, a rate where
/// planned is 0) are left out.
public enum JSONMapping {
    /// JSON of `value`: compact, keys sorted (by their UTF-8 bytes).
    public static func encode(_ value: some Encodable) throws -> Data {
        Data(try encodeBytes(value))
    }

    /// JSON of `value` as ``encode(_:)`` has it, as bytes: the bytes JSONEncoder would write.
    /// A ``JSONWritable`` value (every message of the contract) writes itself, through the
    /// writers generated from the protos; any other goes through ``CompactJSONEncoder``, which
    /// collects the `Encodable` containers into a tree first (both measured in BENCHMARKS.md).
    public static func encodeBytes(_ value: some Encodable) throws -> [UInt8] {
        if let writable = value as? any JSONWritable { return try write(writable) }
        return try CompactJSONEncoder(convertKey: snakeCase).encode(value)
    }

    /// JSON of a value that writes itself (``JSONWritable``), with room for `capacity` bytes
    /// at first.
    public static func write(_ value: some JSONWritable, capacity: Int = 4096) throws -> [UInt8] {
        var writer = JSONWriter(capacity: capacity)
        try value.writeJSON(into: &writer)
        return writer.bytes
    }

    /// JSON of `value` indented for reading, keys sorted.
    public static func encodePretty(_ value: some Encodable) throws -> Data {
        try encoder(pretty: true).encode(value)
    }

    /// `camelCase` as `snake_case`: an underscore before an upper-case letter that follows a
    /// lower-case letter or digit, and before digits that follow a letter; all lower case.
    public static func snakeCase(_ key: String) -> String {
        guard key.utf8.allSatisfy({ $0 < 0x80 }) else { return unicodeSnakeCase(key) }
        // The same rule on ASCII bytes, where letters, digits and case are the ASCII ones.
        func isUpper(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }
        func isLower(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") }
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        var result: [UInt8] = []
        result.reserveCapacity(key.utf8.count + 4)
        var previous: UInt8?
        for byte in key.utf8 {
            if let previous {
                let upperAfterLower = isUpper(byte) && (isLower(previous) || isDigit(previous))
                let digitAfterLetter = isDigit(byte) && (isLower(previous) || isUpper(previous))
                if upperAfterLower || digitAfterLetter { result.append(UInt8(ascii: "_")) }
            }
            result.append(isUpper(byte) ? byte + 0x20 : byte)
            previous = byte
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// ``snakeCase(_:)`` for any text: letters, digits and case as Unicode has them.
    static func unicodeSnakeCase(_ key: String) -> String {
        var result = ""
        var previous: Character?
        for character in key {
            if let previous {
                let upperAfterLower = character.isUppercase && (previous.isLowercase || previous.isNumber)
                let digitAfterLetter = character.isNumber && previous.isLetter
                if upperAfterLower || digitAfterLetter { result.append("_") }
            }
            result.append(contentsOf: character.lowercased())
            previous = character
        }
        return result
    }

    private static func encoder(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .custom { path in SnakeKey(snakeCase(path.last!.stringValue)) }
        encoder.outputFormatting = pretty ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    private struct SnakeKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
