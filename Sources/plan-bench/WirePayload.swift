import Foundation
import GRPCCore
import PlanAPI
import PlanIngest
import PlanModel
import PlanProtobuf

/// The message every wire benchmark call sends and gets back: a real GetTable response, the
/// protobuf encoding of the document's first deliverables table that encodes to exactly
/// `size` bytes (2,721 by default; compression stays off, below the 4,096-byte threshold).
func realPayload(size: Int = 2721) throws -> [UInt8] {
    let catalogue = try DocumentReader().readEmbedded().catalogue
    let serializer = ProtobufSerializer<DeliverableTable>()
    var sizes: [(id: String, size: Int)] = []
    for table in catalogue.tables {
        let bytes: [UInt8] = try serializer.serialize(table)
        if bytes.count == size { return bytes }
        sizes.append((table.id, bytes.count))
    }
    let nearest = sizes.sorted { abs($0.size - size) < abs($1.size - size) }.prefix(5)
    throw WireLoadError(
        "no table of the document encodes to \(size) bytes; nearest: "
            + nearest.map { "\($0.id) \($0.size)" }.joined(separator: ", "))
}

/// `plan-bench wire-payload FILE`: writes ``realPayload(size:)`` to FILE, the `--payload` of
/// every wire benchmark client.
func writeWirePayload(_ arguments: [String]) throws {
    guard arguments.count == 1 else { throw WireLoadError("usage: plan-bench wire-payload FILE") }
    let payload = try realPayload()
    guard FileManager.default.createFile(atPath: arguments[0], contents: Data(payload)) else {
        throw WireLoadError("cannot write \(arguments[0])")
    }
    print("wrote \(payload.count) bytes to \(arguments[0])")
}
