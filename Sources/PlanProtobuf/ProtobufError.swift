/// Why a value could not be encoded to, or decoded from, its protobuf message.
///
/// Every case names the message (its full protobuf name, `plan.v1.DeliverableRow`) and, where
/// one field is at fault, the field (`subcategory`, `rows[3].planned_2018`).
public struct ProtobufError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Hashable, Sendable {
        /// A string to encode holds a NUL byte, which a C string cannot carry.
        case embeddedNUL
        /// A decoded string is not valid UTF-8.
        case invalidUTF8
        /// The bytes are not a well-formed encoding of the message.
        case malformed(byteCount: Int)
        /// A decoded field holds a value the model cannot take; the text says which and why.
        case invalidValue(String)
        /// A field the model needs was absent.
        case missingField
        /// A number does not fit the field it goes to.
        case outOfRange(String)
    }

    /// What went wrong.
    public var kind: Kind
    /// The full protobuf name of the message (`plan.v1.DeliverableRow`).
    public var message: String
    /// The field at fault (`subcategory`), empty when the whole message is.
    public var field: String

    /// An error about `field` of `message`. Conversions deep inside a message leave `message`
    /// empty; the outermost encode or decode fills it in, and each nesting level prefixes `field`.
    public init(_ kind: Kind, message: String = "", field: String = "") {
        self.kind = kind
        self.message = message
        self.field = field
    }

    /// The same error seen from the enclosing message: `field` is prefixed with `path`
    /// (`rows[3]` + `planned_2018` → `rows[3].planned_2018`); an empty `path` leaves it as it is.
    @inlinable
    public func within(_ path: String) -> ProtobufError {
        guard !path.isEmpty else { return self }
        var error = self
        error.field = field.isEmpty ? path : "\(path).\(field)"
        return error
    }

    /// Runs `body`, the conversion of element `index` of repeated field `field`, naming that
    /// element (`rows[3]`) in any error it throws. The name is built only when one is thrown:
    /// a repeated field of 927 rows converts without formatting 927 strings.
    @inlinable
    public static func naming<Result>(_ field: String, _ index: Int, _ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch let error as ProtobufError {
            throw error.within("\(field)[\(index)]")
        }
    }

    /// The same error, attributed to the outermost message `name` if none is named yet.
    public func inMessage(_ name: String) -> ProtobufError {
        var error = self
        if error.message.isEmpty { error.message = name }
        return error
    }

    public var description: String {
        let place = field.isEmpty ? message : "\(message).\(field)"
        switch kind {
        case .embeddedNUL:
            return "\(place): the string holds a NUL byte (U+0000), which the protobuf-c encoding cannot carry"
        case .invalidUTF8:
            return "\(place): the string is not valid UTF-8"
        case .malformed(let byteCount):
            return "\(place): \(byteCount) bytes are not a valid encoding of \(message)"
        case .invalidValue(let why):
            return "\(place): \(why)"
        case .missingField:
            return "\(place): the field is required but absent"
        case .outOfRange(let why):
            return "\(place): \(why)"
        }
    }
}
