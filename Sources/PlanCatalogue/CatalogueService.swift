import GRPCCore
import PlanModel
import PlanAPI
import PlanProtobuf

/// `plan.v1.Catalogue` over a catalogue read from the document: programmes, units,
/// objectives, mandates, planned results and tables by id and in filtered pages, and Chinese
/// full-text search.
/// The methods themselves are in `CatalogueService+Methods.swift`; this file routes calls to them.
public final class CatalogueService: RegistrableRPCService, Sendable {
    /// The service's fully qualified name.
    public static let name = "plan.v1.Catalogue"

    /// The descriptor of the method named `method`.
    public static func method(_ method: String) -> MethodDescriptor {
        MethodDescriptor(fullyQualifiedService: name, method: method)
    }

    public static let listProgrammes = method("ListProgrammes")
    public static let getProgramme = method("GetProgramme")
    public static let listUnits = method("ListUnits")
    public static let getUnit = method("GetUnit")
    public static let listObjectives = method("ListObjectives")
    public static let listMandates = method("ListMandates")
    public static let listResults = method("ListResults")
    public static let getResult = method("GetResult")
    public static let listTables = method("ListTables")
    public static let getTable = method("GetTable")
    public static let search = method("Search")

    /// Page sizes and page tokens of the list methods.
    public let pagination: Pagination
    /// The catalogue's lookups.
    public let index: CatalogueIndex
    /// The full-text index, built when the service is.
    public let searchIndex: SearchIndex

    public init(catalogue: Catalogue, pagination: Pagination = Pagination()) {
        self.pagination = pagination
        index = CatalogueIndex(catalogue: catalogue)
        searchIndex = SearchIndex(catalogue: catalogue, index: index)
    }

    public func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        register(Self.listProgrammes, with: &router, listProgrammes)
        register(Self.getProgramme, with: &router, getProgramme)
        register(Self.listUnits, with: &router, listUnits)
        register(Self.getUnit, with: &router, getUnit)
        register(Self.listObjectives, with: &router, listObjectives)
        register(Self.listMandates, with: &router, listMandates)
        register(Self.listResults, with: &router, listResults)
        register(Self.getResult, with: &router, getResult)
        register(Self.listTables, with: &router, listTables)
        register(Self.getTable, with: &router, getTable)
        register(Self.search, with: &router, search)
    }

    /// Routes the unary method `method` to `handle`, with protobuf messages.
    private func register<Transport: ServerTransport, Request: ProtobufCodable & Sendable, Response: ProtobufCodable & Sendable>(
        _ method: MethodDescriptor, with router: inout RPCRouter<Transport>,
        _ handle: @escaping @Sendable (Request) throws(RPCError) -> Response
    ) {
        router.registerHandler(
            forMethod: method, deserializer: ProtobufDeserializer<Request>(), serializer: ProtobufSerializer<Response>()
        ) { request, _ in
            let message = try await ServerRequest(stream: request).message
            return StreamingServerResponse(single: ServerResponse(message: try handle(message)))
        }
    }
}
