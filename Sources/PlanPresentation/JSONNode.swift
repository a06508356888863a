/// A JSON value as ``CompactJSONEncoder`` collects it before writing: scalars as they came,
/// arrays and objects as boxes that containers fill after handing them out.
enum JSONNode {
    case null
    case bool(Bool)
    case integer(Int64)
    case unsigned(UInt64)
    /// A finite floating-point number as Swift prints it without a trailing `.0` (`"0.5"`,
    /// `"1"`, `"1e-07"`).
    case float(String)
    case string(String)
    /// The box's members are the items (their keys unused).
    case array(JSONContainerBox)
    /// The box's members, in the order they were encoded.
    case object(JSONContainerBox)
    /// A value whose `encode(to:)` asked for no container: written `{}`, as JSONEncoder does.
    case nothing
}

/// An array's items or an object's members, filled after the container holding them was
/// handed out.
final class JSONContainerBox {
    /// The keys of an object's members (the table of its `CodingKey` type); `nil` for an array.
    let keys: JSONKeyTable?
    var members: [JSONMember] = []

    init(keys: JSONKeyTable?, capacity: Int) {
        self.keys = keys
        members.reserveCapacity(capacity)
    }
}

/// One value of an array or object, with its key's index in the object's ``JSONKeyTable``.
struct JSONMember {
    var key: Int
    var value: JSONNode
}

/// The keys one `CodingKey` type has given in an encoding, each converted once, and their
/// order for writing, worked out once the encoding is done.
final class JSONKeyTable {
    /// Whether keys go through the encoding's conversion (not a dictionary's).
    let convertsKeys: Bool
    /// The keys as the type gives them (`stringValue`).
    private var names: [String] = []
    /// The index of every name, for names not found where the last one's successor is.
    private var indexes: [String: Int] = [:]
    /// Each key converted, quoted, escaped and followed by a colon, as written.
    private(set) var written: [[UInt8]] = []
    private var converted: [String] = []
    private var cachedRanks: [Int]?

    init(convertsKeys: Bool) {
        self.convertsKeys = convertsKeys
    }

    /// The index of `name`, `after` being the index of the key before it in the same object
    /// (keys mostly come in the same order): converted with `convert` when new.
    func index(of name: String, after previous: Int, convert: (String) -> String) -> Int {
        let guess = previous + 1
        if guess < names.count, names[guess] == name { return guess }
        if let known = indexes[name] { return known }
        let key = convertsKeys ? convert(name) : name
        var writer = JSONWriter(capacity: key.utf8.count + 3)
        writer.write(key)
        writer.append(UInt8(ascii: ":"))
        names.append(name)
        converted.append(key)
        written.append(writer.bytes)
        indexes[name] = names.count - 1
        cachedRanks = nil
        return names.count - 1
    }

    /// Each key's place in the UTF-8 byte order of the converted keys.
    var ranks: [Int] {
        if let cachedRanks { return cachedRanks }
        var ranks = [Int](repeating: 0, count: converted.count)
        let order = converted.indices.sorted { converted[$0].utf8.lexicographicallyPrecedes(converted[$1].utf8) }
        for (rank, index) in order.enumerated() { ranks[index] = rank }
        cachedRanks = ranks
        return ranks
    }
}
