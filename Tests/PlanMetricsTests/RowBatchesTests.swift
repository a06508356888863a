import GRPCCore
import PlanMetrics
import PlanModel
import PlanWire
import PlanAPI
import PlanProtobuf
import Testing

@Suite("StreamRowBatches")
struct RowBatchesTests {
    /// Cuts keeping all rows, some, a few, and none (a unit without deliverables rows; two cuts
    /// that exclude each other).
    static let cuts: [[Cut]] = {
        let unitWithoutRows = catalogue.programmes.flatMap(\.units).first { !service.table.contains(.unit, key: $0.id) }!
        return [
            [],
            [Cut(dimension: .programme, values: ["p6"])],
            [Cut(dimension: .unit, values: ["p4.sp2"])],
            [Cut(dimension: .category, values: ["B", "C"]), Cut(dimension: .measure, values: ["publications"])],
            [Cut(dimension: .unit, values: [unitWithoutRows.id])],
            [Cut(dimension: .programme, values: ["p6"]), Cut(dimension: .unit, values: ["p4.sp2"])],
        ]
    }()

    @Test("the batches, flattened, are StreamRows' rows in its order; each batch holds 1 to rowBatchLimit rows")
    func sameRowsInBatches() throws {
        for cuts in Self.cuts {
            let request = StreamRowsRequest(cuts: cuts)
            let rows = try service.streamRows(request)
            let batches = try service.streamRowBatches(request)
            #expect(batches.flatMap(\.rows) == rows, "cuts \(cuts)")
            #expect(batches.allSatisfy { (1...MetricsService.rowBatchLimit).contains($0.rows.count) }, "cuts \(cuts)")
            // As few messages as the bound allows: every batch but the last is full.
            #expect(batches.count == (rows.count + MetricsService.rowBatchLimit - 1) / MetricsService.rowBatchLimit)
        }
        let all = try service.streamRowBatches(StreamRowsRequest())
        #expect(all.flatMap(\.rows).count == records.count && all.count > 1)
        #expect(try service.streamRowBatches(StreamRowsRequest(cuts: Self.cuts[4])).isEmpty)
    }

    @Test("the cut rules as StreamRows': an unknown id NOT_FOUND, a malformed cut INVALID_ARGUMENT, both naming cuts")
    func cutRules() {
        for cut in [Cut(dimension: .programme, values: ["p99"]), Cut(dimension: .row, values: ["20.3.r999"])] {
            expectRPCError(.notFound, naming: "cuts") { try service.streamRowBatches(StreamRowsRequest(cuts: [cut])) }
        }
        for cut in [Cut(dimension: .category, values: ["Z"]), Cut(dimension: .period, values: [])] {
            expectRPCError(.invalidArgument, naming: "cuts") { try service.streamRowBatches(StreamRowsRequest(cuts: [cut])) }
        }
    }

    @Test("a batch of the document's rows stays under 64 KiB encoded, far under the 4 MiB message limit")
    func batchSize() throws {
        let sizes = try service.streamRowBatches(StreamRowsRequest()).map {
            try $0.serializedBytes().count
        }
        #expect(sizes.max()! < 64 * 1024, "\(sizes)")
    }

    @Test("over PlanWire: the same rows as StreamRows; no message when nothing matches; NOT_FOUND for an unknown id")
    func overPlanWire() async throws {
        let server = PlanWireServerTransport(host: "127.0.0.1", port: 0)
        try await withGRPCServer(transport: server, services: [service]) { _ in
            let port = try #require(try await server.listeningAddress.port)
            let client = PlanWireClientTransport(endpoints: [Endpoint(host: "127.0.0.1", port: port)])
            try await withGRPCClient(transport: client) { client in
                let metrics = Plan_V1_Metrics.Client(wrapping: client)
                func batches(_ cuts: [Cut]) async throws -> [RowBatch] {
                    try await metrics.streamRowBatches(StreamRowsRequest(cuts: cuts)) { response in
                        var batches: [RowBatch] = []
                        for try await batch in response.messages { batches.append(batch) }
                        return batches
                    }
                }
                func rows(_ cuts: [Cut]) async throws -> [RowFigures] {
                    try await metrics.streamRows(StreamRowsRequest(cuts: cuts)) { response in
                        var rows: [RowFigures] = []
                        for try await row in response.messages { rows.append(row) }
                        return rows
                    }
                }
                let all = try await batches([])
                #expect(all.count == (records.count + MetricsService.rowBatchLimit - 1) / MetricsService.rowBatchLimit)
                #expect(all.flatMap(\.rows) == (try await rows([])))
                #expect(all.flatMap(\.rows).map(\.row) == records.map(\.row))
                #expect(try await batches(Self.cuts[4]).isEmpty)
                let error = await #expect(throws: RPCError.self) {
                    try await batches([Cut(dimension: .programme, values: ["p99"])])
                }
                #expect(error?.code == .notFound)
            }
        }
    }
}
