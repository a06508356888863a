import Foundation
import PlanAPI
import PlanIngest
import PlanMetrics
import PlanPresentation

/// What the gateway does with GET /v1/rows' answer, in one process: the 927 rows decoded from
/// their protobuf bytes (8 batches of 128 or fewer, as StreamRowBatches sends them), then
/// written as JSON by the generated writers and, for comparison, by CompactJSONEncoder
/// (Codable's containers and a tree).
func runAnswerBenchmark(iterations: Int) throws {
    let catalogue = try DocumentReader().readEmbedded().catalogue
    let service = MetricsService(catalogue: catalogue)
    let rows = try service.streamRows(StreamRowsRequest())
    let batches = try service.streamRowBatches(StreamRowsRequest()).map { try $0.serializedBytes() }
    let answer = RowBatch(rows: rows)
    let json = try JSONMapping.encodeBytes(answer)
    print("GET /v1/rows: \(rows.count) rows, \(batches.count) batches of \(batches.map(\.count).reduce(0, +)) protobuf bytes, \(json.count) bytes of JSON")
    let decode = try measure("decode the batches (protobuf-c, Swift values)", iterations: iterations) {
        var count = 0
        for bytes in batches { count += try RowBatch(serializedBytes: bytes).rows.count }
        precondition(count == rows.count)
    }
    let write = try measure("write the JSON (generated writers)", iterations: iterations) {
        let written = try JSONMapping.encodeBytes(answer)
        precondition(written.count == json.count)
    }
    let codable = CodableRows(rows: rows)
    let tree = try measure("write the JSON (CompactJSONEncoder)", iterations: iterations) {
        let written = try JSONMapping.encodeBytes(codable)
        precondition(written.count == json.count)
    }
    print(String(format: "JSON: %.0f MB/s generated, %.0f MB/s through Codable (%.1fx); decoding %.0f µs",
                 Double(json.count) / write.median, Double(json.count) / tree.median, tree.median / write.median, decode.median))
}

/// The rows as an `Encodable` that is not `JSONWritable`: JSONMapping writes it through
/// CompactJSONEncoder, the same bytes.
private struct CodableRows: Encodable {
    var rows: [RowFigures]
}
