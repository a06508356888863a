import GRPCCore
import PlanMetrics
import PlanModel
import PlanWire
import PlanAPI
import PlanProtobuf
import Testing

@Suite("Metrics over loopback")
struct EndToEndTests {
    @Test("Aggregate and StreamRows over PlanWire; recording answers UNIMPLEMENTED until storage")
    func metricsOverPlanWire() async throws {
        let server = PlanWireServerTransport(host: "127.0.0.1", port: 0)
        try await withGRPCServer(transport: server, services: [service]) { _ in
            let port = try #require(try await server.listeningAddress.port)
            let client = PlanWireClientTransport(endpoints: [Endpoint(host: "127.0.0.1", port: port)])
            try await withGRPCClient(transport: client) { client in
                let request = AggregateRequest(
                    column: .actual2018, drilldowns: [.category], cuts: [Cut(dimension: .programme, values: ["p6"])])
                let aggregate = try await client.unary(
                    request: ClientRequest(message: request), descriptor: Plan_V1_Metrics.Method.Aggregate.descriptor,
                    serializer: ProtobufSerializer<AggregateRequest>(),
                    deserializer: ProtobufDeserializer<AggregateResponse>(), options: .defaults
                ) { try $0.message }
                #expect(aggregate == (try service.aggregate(request)))

                let streamed = try await client.serverStreaming(
                    request: ClientRequest(message: StreamRowsRequest(cuts: [Cut(dimension: .unit, values: ["p4.sp2"])])),
                    descriptor: Plan_V1_Metrics.Method.StreamRows.descriptor, serializer: ProtobufSerializer<StreamRowsRequest>(),
                    deserializer: ProtobufDeserializer<RowFigures>(), options: .defaults
                ) { response in
                    var rows: [RowFigures] = []
                    for try await row in response.messages { rows.append(row) }
                    return rows
                }
                #expect(streamed.map(\.row) == records.filter { $0.unitID == "p4.sp2" }.map(\.row))
                #expect(!streamed.isEmpty)

                let error = await #expect(throws: RPCError.self) {
                    try await client.unary(
                        request: ClientRequest(
                            message: RecordActualRequest(
                                rowID: streamed[0].row.id, year: 2019, value: .number(1), reportedBy: "test",
                                sourceNote: "", requestID: "r1")),
                        descriptor: Plan_V1_Metrics.Method.RecordActual.descriptor, serializer: ProtobufSerializer<RecordActualRequest>(),
                        deserializer: ProtobufDeserializer<RecordActualResponse>(), options: .defaults
                    ) { try $0.message }
                }
                #expect(error?.code == .unimplemented)
                #expect(error?.message == MetricsService.recordingUnimplemented)
            }
        }
    }
}
