import GRPCCore
import PlanModel
import PlanWire

/// `plan.v1.Catalogue` over a catalogue read from the document: programmes and tables by id,
/// and the list of programmes a page at a time.
public final class CatalogueService: RegistrableRPCService, Sendable {
    /// The service's fully qualified name.
    public static let name = "plan.v1.Catalogue"
    public static let listProgrammes = MethodDescriptor(fullyQualifiedService: name, method: "ListProgrammes")
    public static let getProgramme = MethodDescriptor(fullyQualifiedService: name, method: "GetProgramme")
    public static let getTable = MethodDescriptor(fullyQualifiedService: name, method: "GetTable")

    /// The largest page a list returns.
    public static let maxPageSize = 100
    /// The page size when the request names none.
    public static let defaultPageSize = 10

    private let catalogue: Catalogue
    private let programmesByID: [String: Programme]
    private let tablesByID: [String: DeliverableTable]

    public init(catalogue: Catalogue) {
        self.catalogue = catalogue
        programmesByID = Dictionary(uniqueKeysWithValues: catalogue.programmes.map { ($0.id, $0) })
        tablesByID = Dictionary(uniqueKeysWithValues: catalogue.tables.map { ($0.id, $0) })
    }

    /// The programme with id `id` ("p6"; "6" is taken as "p6").
    public func programme(id: String) throws(RPCError) -> Programme {
        let key = id.allSatisfy(\.isNumber) && !id.isEmpty ? Programme.id(Int(id) ?? 0) : id
        guard let programme = programmesByID[key] else {
            throw RPCError(code: .notFound, message: "no programme with id '\(id)'")
        }
        return programme
    }

    /// The table with id `id` ("20.3").
    public func table(id: String) throws(RPCError) -> DeliverableTable {
        guard let table = tablesByID[id] else { throw RPCError(code: .notFound, message: "no table with id '\(id)'") }
        return table
    }

    /// One page of programmes; the page token is the offset of the page's first programme.
    public func listProgrammes(_ request: ListProgrammesRequest) throws(RPCError) -> ListProgrammesResponse {
        guard request.pageSize >= 0 else {
            throw RPCError(code: .invalidArgument, message: "page_size must not be negative, got \(request.pageSize)")
        }
        let size = request.pageSize == 0 ? Self.defaultPageSize : min(request.pageSize, Self.maxPageSize)
        let start: Int
        if request.pageToken.isEmpty {
            start = 0
        } else if let offset = Int(request.pageToken), (0..<catalogue.programmes.count).contains(offset) {
            start = offset
        } else {
            throw RPCError(code: .invalidArgument, message: "page_token '\(request.pageToken)' is not one this service gave out")
        }
        let end = min(start + size, catalogue.programmes.count)
        return ListProgrammesResponse(
            programmes: Array(catalogue.programmes[start..<end]),
            nextPageToken: end < catalogue.programmes.count ? String(end) : "")
    }

    public func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        router.registerHandler(
            forMethod: Self.listProgrammes, deserializer: ProtobufDeserializer<ListProgrammesRequest>(),
            serializer: ProtobufSerializer<ListProgrammesResponse>()
        ) { [self] request, _ in
            let message = try await ServerRequest(stream: request).message
            return StreamingServerResponse(single: ServerResponse(message: try listProgrammes(message)))
        }
        router.registerHandler(
            forMethod: Self.getProgramme, deserializer: ProtobufDeserializer<GetProgrammeRequest>(),
            serializer: ProtobufSerializer<Programme>()
        ) { [self] request, _ in
            let message = try await ServerRequest(stream: request).message
            return StreamingServerResponse(single: ServerResponse(message: try programme(id: message.programmeID)))
        }
        router.registerHandler(
            forMethod: Self.getTable, deserializer: ProtobufDeserializer<GetTableRequest>(),
            serializer: ProtobufSerializer<DeliverableTable>()
        ) { [self] request, _ in
            let message = try await ServerRequest(stream: request).message
            return StreamingServerResponse(single: ServerResponse(message: try table(id: message.tableID)))
        }
    }
}
