import PlanModel

/// A value that writes its own JSON: the bytes ``CompactJSONEncoder`` would write for its
/// `Encodable` form, without the containers and the tree. The messages of the contract and the
/// model messages they hold conform through `writeJSON(into:)` functions generated from the
/// protos (Generated/JSONWriters.swift, `make proto`), which write their members in key order;
/// ``JSONMapping`` takes this path for any value that has it.
public protocol JSONWritable {
    /// Appends the value's JSON to `writer`.
    func writeJSON(into writer: inout JSONWriter) throws
}

extension JSONWritable where Self: RawRepresentable, RawValue == String {
    /// An enum as its raw value, as `Encodable` writes a `String` enum.
    public func writeJSON(into writer: inout JSONWriter) throws {
        writer.write(rawValue)
    }
}

extension String: JSONWritable {
    public func writeJSON(into writer: inout JSONWriter) throws { writer.write(self) }
}

extension Bool: JSONWritable {
    public func writeJSON(into writer: inout JSONWriter) throws { writer.write(self) }
}

extension Int: JSONWritable {
    public func writeJSON(into writer: inout JSONWriter) throws { writer.write(Int64(self)) }
}

extension UInt64: JSONWritable {
    public func writeJSON(into writer: inout JSONWriter) throws { writer.write(self) }
}

extension UInt8: JSONWritable {
    public func writeJSON(into writer: inout JSONWriter) throws { writer.write(UInt64(self)) }
}

extension Double: JSONWritable {
    public func writeJSON(into writer: inout JSONWriter) throws { try writer.write(self) }
}

extension Array: JSONWritable where Element: JSONWritable {
    public func writeJSON(into writer: inout JSONWriter) throws { try writer.write(self) }
}

extension Figure: JSONWritable {
    /// A number, the string `"—"` for a dash, `null` for a blank (the model's encoding).
    public func writeJSON(into writer: inout JSONWriter) throws {
        switch self {
        case .number(let value): writer.write(Int64(value))
        case .dash: writer.write(Figure.dashText)
        case .blank: writer.writeNull()
        }
    }
}
