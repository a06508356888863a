import GRPCCore
import PlanCatalogue
import PlanModel
import PlanWire
import PlanAPI
import PlanProtobuf
import Testing

@Suite("Catalogue over loopback")
struct EndToEndTests {
    @Test func listUnitsAndSearchOverPlanWire() async throws {
        let server = PlanWireServerTransport(host: "127.0.0.1", port: 0)
        try await withGRPCServer(transport: server, services: [service]) { _ in
            let port = try #require(try await server.listeningAddress.port)
            let client = PlanWireClientTransport(endpoints: [Endpoint(host: "127.0.0.1", port: port)])
            try await withGRPCClient(transport: client) { client in
                let units = try await client.unary(
                    request: ClientRequest(message: ListUnitsRequest(programmeID: "p25", pageSize: 100)),
                    descriptor: Plan_V1_Catalogue.Method.ListUnits.descriptor, serializer: ProtobufSerializer<ListUnitsRequest>(),
                    deserializer: ProtobufDeserializer<ListUnitsResponse>(), options: .defaults
                ) { try $0.message }
                #expect(units.units == catalogue.programme(25)!.units)

                let search = try await client.unary(
                    request: ClientRequest(message: SearchRequest(query: "海洋", programmeID: "p6", pageSize: 3)),
                    descriptor: Plan_V1_Catalogue.Method.Search.descriptor, serializer: ProtobufSerializer<SearchRequest>(),
                    deserializer: ProtobufDeserializer<SearchResponse>(), options: .defaults
                ) { try $0.message }
                #expect(search == (try service.search(SearchRequest(query: "海洋", programmeID: "p6", pageSize: 3))))

                let error = await #expect(throws: RPCError.self) {
                    try await client.unary(
                        request: ClientRequest(message: GetUnitRequest(unitID: "p4.sp99")),
                        descriptor: Plan_V1_Catalogue.Method.GetUnit.descriptor, serializer: ProtobufSerializer<GetUnitRequest>(),
                        deserializer: ProtobufDeserializer<PlanModel.Unit>(), options: .defaults
                    ) { try $0.message }
                }
                #expect(error?.code == .notFound)
                #expect(error?.message.contains("p4.sp99") == true)
            }
        }
    }
}
