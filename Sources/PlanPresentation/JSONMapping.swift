import Foundation

/// The one JSON mapping of ProgrammePlan's answers (the gateway's HTTP front and `planctl
/// --format json`): the Swift messages and model values as they are `Encodable`, with every key
/// turned snake_case (`nextPageToken` → `next_page_token`, `planned2020` → `planned_2020`,
/// `tableIDs` → `table_ids`). Figures keep the model's encoding: a number, the string "—" for a
/// dash, null for a blank. Optional fields that are absent (a unit's number, a rate where
/// planned is 0) are left out.
public enum JSONMapping {
    /// JSON of `value`: compact, keys sorted.
    public static func encode(_ value: some Encodable) throws -> Data {
        try encoder(pretty: false).encode(value)
    }

    /// JSON of `value` indented for reading, keys sorted.
    public static func encodePretty(_ value: some Encodable) throws -> Data {
        try encoder(pretty: true).encode(value)
    }

    /// `camelCase` as `snake_case`: an underscore before an upper-case letter that follows a
    /// lower-case letter or digit, and before digits that follow a letter; all lower case.
    public static func snakeCase(_ key: String) -> String {
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
