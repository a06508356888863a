import Foundation
import GRPCCore
import PlanAPI
import PlanIngest
import PlanModel
import PlanProtobuf

/// The message every wire benchmark call sends and gets back: a real ListObjectives response,
/// the protobuf encoding of a run of the document's unit objectives (the first run, by start and
/// then length, that encodes to exactly `size` bytes: 2,721 by default; compression stays off,
/// below the 4,096-byte threshold). No single table, nor run of tables, is exactly that size.
func realPayload(size: Int = 2721) throws -> [UInt8] {
    let catalogue = try DocumentReader().readEmbedded().catalogue
    let entries = catalogue.programmes.flatMap { programme in
        programme.units.compactMap { unit in
            unit.objective.map {
                ObjectiveEntry(unitID: unit.id, unitTitle: unit.title, programme: programme.number, objective: $0)
            }
        }
    }
    let serializer = ProtobufSerializer<ListObjectivesResponse>()
    for start in entries.indices {
        for end in (start + 1)...entries.count {
            let bytes: [UInt8] = try serializer.serialize(ListObjectivesResponse(objectives: Array(entries[start..<end])))
            if bytes.count == size { return bytes }
            if bytes.count > size { break }
        }
    }
    throw WireLoadError("no run of the document's objectives encodes to \(size) bytes")
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
