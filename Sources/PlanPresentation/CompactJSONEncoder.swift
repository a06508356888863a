/// Compact JSON of an `Encodable` value, its keys converted (``JSONMapping/snakeCase(_:)``, each
/// key converted once per encoding) and sorted: the bytes of Foundation's JSONEncoder with
/// `.sortedKeys`, `.withoutEscapingSlashes` and a custom key strategy, in a fraction of its time
/// (the HTTP front's answers; measured in BENCHMARKS.md, compared byte for byte in the tests).
///
/// Floating-point numbers are written as Swift prints them without a trailing `.0` (as
/// JSONEncoder does); NaN and infinities are refused with `EncodingError.invalidValue`.
/// Dictionary keys are written unconverted. Unlike JSONEncoder it gives `Date`, `Data`, `URL`
/// and `Decimal` no special treatment (none of the answers holds one), and its `codingPath` is
/// always empty.
struct CompactJSONEncoder {
    /// The conversion of every key (dictionary keys included, as with JSONEncoder's custom
    /// strategy).
    var convertKey: (String) -> String

    func encode(_ value: some Encodable) throws -> [UInt8] {
        let state = EncodingState(convertKey: convertKey)
        let root = JSONContainerBox(keys: nil, capacity: 1)
        root.members.append(JSONMember(key: 0, value: .nothing))
        try state.encode(value, into: Slot(box: root, index: 0))
        var writer = JSONWriter()
        writer.write(root.members[0].value)
        return writer.bytes
    }
}

/// What every container of one encoding shares: the key conversion and the key table of each
/// `CodingKey` type.
private final class EncodingState {
    let convertKey: (String) -> String
    private var tables: [ObjectIdentifier: JSONKeyTable] = [:]

    init(convertKey: @escaping (String) -> String) {
        self.convertKey = convertKey
    }

    func keys<Key: CodingKey>(_ type: Key.Type) -> JSONKeyTable {
        if let table = tables[ObjectIdentifier(type)] { return table }
        // A dictionary's keys are written as they are, as JSONEncoder writes those of a
        // `[String: …]` (the standard library's keys of any dictionary are `_DictionaryCodingKey`;
        // JSONEncoder converts those of other dictionaries, which for snake_case are digits).
        let table = JSONKeyTable(convertsKeys: String(describing: type) != "_DictionaryCodingKey")
        tables[ObjectIdentifier(type)] = table
        return table
    }

    /// A new object of `Key`'s members in `slot`, unless the slot holds one already.
    func object<Key: CodingKey>(_ type: Key.Type, in slot: Slot) -> JSONContainerBox {
        if case .object(let existing) = slot.box.members[slot.index].value { return existing }
        let object = JSONContainerBox(keys: keys(type), capacity: 16)
        slot.set(.object(object))
        return object
    }

    /// Encodes `value` into `slot`: the scalars JSONEncoder treats as such directly (an array
    /// of strings passes its items here), anything else through its `encode(to:)`.
    func encode<T: Encodable>(_ value: T, into slot: Slot) throws {
        if T.self == String.self {
            slot.set(.string(value as! String))
        } else if T.self == Int.self {
            slot.set(.integer(Int64(value as! Int)))
        } else if T.self == Double.self {
            slot.set(try Self.float(value as! Double))
        } else if T.self == Bool.self {
            slot.set(.bool(value as! Bool))
        } else {
            try value.encode(to: NodeEncoder(state: self, slot: slot))
        }
    }

    static func float(_ value: some BinaryFloatingPoint & LosslessStringConvertible) throws -> JSONNode {
        .float(try JSONWriter.floatText(value))
    }
}

/// Where a value goes: one of a box's members (an array's item or an object member's value).
private struct Slot {
    let box: JSONContainerBox
    let index: Int

    func set(_ node: JSONNode) {
        box.members[index].value = node
    }

    /// The array in this slot, put there if the slot holds none yet.
    func array() -> JSONContainerBox {
        if case .array(let existing) = box.members[index].value { return existing }
        let array = JSONContainerBox(keys: nil, capacity: 8)
        set(.array(array))
        return array
    }
}

/// The `Encoder` a value's `encode(to:)` gets: its containers write into one slot.
private struct NodeEncoder: Encoder {
    let state: EncodingState
    let slot: Slot

    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedContainer<Key>(state: state, box: state.object(Key.self, in: slot)))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        UnkeyedContainer(state: state, box: slot.array())
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(state: state, slot: slot)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let state: EncodingState
    let box: JSONContainerBox
    /// The table index of the last key added, where the next one is looked for first.
    private var last = -1

    init(state: EncodingState, box: JSONContainerBox) {
        self.state = state
        self.box = box
    }

    var codingPath: [any CodingKey] { [] }

    /// A new member for `key`, its value `node`; the slot of its value.
    @discardableResult
    private mutating func add(_ key: Key, _ node: JSONNode) -> Slot {
        add(name: key.stringValue, node)
    }

    private mutating func add(name: String, _ node: JSONNode) -> Slot {
        last = box.keys!.index(of: name, after: last, convert: state.convertKey)
        box.members.append(JSONMember(key: last, value: node))
        return Slot(box: box, index: box.members.count - 1)
    }

    mutating func encodeNil(forKey key: Key) throws { add(key, .null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { add(key, .bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { add(key, .string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { add(key, try EncodingState.float(value)) }
    mutating func encode(_ value: Float, forKey key: Key) throws { add(key, try EncodingState.float(value)) }
    mutating func encode(_ value: Int, forKey key: Key) throws { add(key, .integer(Int64(value))) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { add(key, .integer(Int64(value))) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { add(key, .integer(Int64(value))) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { add(key, .integer(Int64(value))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { add(key, .integer(value)) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { add(key, .unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { add(key, .unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { add(key, .unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { add(key, .unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { add(key, .unsigned(value)) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try state.encode(value, into: add(key, .nothing))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(KeyedContainer<NestedKey>(state: state, box: state.object(NestedKey.self, in: add(key, .nothing))))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        UnkeyedContainer(state: state, box: add(key, .nothing).array())
    }

    mutating func superEncoder() -> any Encoder {
        NodeEncoder(state: state, slot: add(name: "super", .nothing))
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        NodeEncoder(state: state, slot: add(key, .nothing))
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let state: EncodingState
    let box: JSONContainerBox

    var codingPath: [any CodingKey] { [] }
    var count: Int { box.members.count }

    @discardableResult
    private func add(_ node: JSONNode) -> Slot {
        box.members.append(JSONMember(key: 0, value: node))
        return Slot(box: box, index: box.members.count - 1)
    }

    mutating func encodeNil() throws { add(.null) }
    mutating func encode(_ value: Bool) throws { add(.bool(value)) }
    mutating func encode(_ value: String) throws { add(.string(value)) }
    mutating func encode(_ value: Double) throws { add(try EncodingState.float(value)) }
    mutating func encode(_ value: Float) throws { add(try EncodingState.float(value)) }
    mutating func encode(_ value: Int) throws { add(.integer(Int64(value))) }
    mutating func encode(_ value: Int8) throws { add(.integer(Int64(value))) }
    mutating func encode(_ value: Int16) throws { add(.integer(Int64(value))) }
    mutating func encode(_ value: Int32) throws { add(.integer(Int64(value))) }
    mutating func encode(_ value: Int64) throws { add(.integer(value)) }
    mutating func encode(_ value: UInt) throws { add(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt8) throws { add(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt16) throws { add(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt32) throws { add(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt64) throws { add(.unsigned(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try state.encode(value, into: add(.nothing))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(KeyedContainer<NestedKey>(state: state, box: state.object(NestedKey.self, in: add(.nothing))))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        UnkeyedContainer(state: state, box: add(.nothing).array())
    }

    mutating func superEncoder() -> any Encoder {
        NodeEncoder(state: state, slot: add(.nothing))
    }
}

private struct SingleValueContainer: SingleValueEncodingContainer {
    let state: EncodingState
    let slot: Slot

    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws { slot.set(.null) }
    mutating func encode(_ value: Bool) throws { slot.set(.bool(value)) }
    mutating func encode(_ value: String) throws { slot.set(.string(value)) }
    mutating func encode(_ value: Double) throws { slot.set(try EncodingState.float(value)) }
    mutating func encode(_ value: Float) throws { slot.set(try EncodingState.float(value)) }
    mutating func encode(_ value: Int) throws { slot.set(.integer(Int64(value))) }
    mutating func encode(_ value: Int8) throws { slot.set(.integer(Int64(value))) }
    mutating func encode(_ value: Int16) throws { slot.set(.integer(Int64(value))) }
    mutating func encode(_ value: Int32) throws { slot.set(.integer(Int64(value))) }
    mutating func encode(_ value: Int64) throws { slot.set(.integer(value)) }
    mutating func encode(_ value: UInt) throws { slot.set(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt8) throws { slot.set(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt16) throws { slot.set(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt32) throws { slot.set(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt64) throws { slot.set(.unsigned(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try state.encode(value, into: slot)
    }
}
