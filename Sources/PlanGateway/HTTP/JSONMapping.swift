import Foundation
import Hummingbird

/// The one JSON mapping of the HTTP front: the Swift messages and model values as they are
/// `Encodable`, with every key turned snake_case (`nextPageToken` → `next_page_token`,
/// `planned2020` → `planned_2020`, `tableIDs` → `table_ids`). Figures keep the model's
/// encoding: a number, the string "—" for a dash, null for a blank. Optional fields that are
/// absent (a unit's number, a rate where planned is 0) are left out.
public enum JSONMapping {
    /// JSON of `value`.
    public static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .custom { path in SnakeKey(snakeCase(path.last!.stringValue)) }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
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

    /// A 200 (or `status`) response with the JSON of `value`.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encode(value))))
    }

    private struct SnakeKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
