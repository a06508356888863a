import GRPCCore
import PlanModel
import PlanAPI
import PlanProtobuf

/// `plan.v1.Metrics` over a fact table built from a catalogue and the actuals recorded so far:
/// figures, aggregates, implementation rates, change and rankings, and recording actuals
/// (RecordActual, RowHistory, WatchRecordings) into a ``RecordingStore``. Every call reads the
/// store's current actuals once, so a recording counts in the metrics as soon as it is
/// acknowledged. Without a store, recording answers UNIMPLEMENTED. The methods
/// themselves are in the `MetricsService+…` files; this file routes calls to them.
public final class MetricsService: RegistrableRPCService, Sendable {
    /// The service's fully qualified name.
    public static let name = "plan.v1.Metrics"

    /// The descriptor of the method named `method`.
    public static func method(_ method: String) -> MethodDescriptor {
        MethodDescriptor(fullyQualifiedService: name, method: method)
    }

    public static let getFigures = method("GetFigures")
    public static let aggregate = method("Aggregate")
    public static let implementationRate = method("ImplementationRate")
    public static let change = method("Change")
    public static let rankings = method("Rankings")
    public static let recordActual = method("RecordActual")
    public static let rowHistory = method("RowHistory")
    public static let watchRecordings = method("WatchRecordings")
    public static let streamRows = method("StreamRows")

    /// The message of the recording methods when the service has no store.
    public static let recordingUnimplemented = "recording comes with storage"

    /// Page sizes and page tokens of the paged methods.
    public let pagination: Pagination
    /// One fact per deliverables-table row.
    public let table: FactTable
    /// Where recordings are kept; `nil`: recording answers UNIMPLEMENTED.
    public let store: (any RecordingStore)?
    /// The actuals given when there is no store.
    private let givenActuals: RecordedActuals

    /// The actuals recorded for 2019 and 2020, now: the store's, else those given.
    public var actuals: RecordedActuals { store?.currentActuals() ?? givenActuals }

    /// A service over `catalogue` with fixed `actuals` and no recording.
    public init(
        catalogue: Catalogue, actuals: RecordedActuals = RecordedActuals(),
        pagination: Pagination = Pagination()
    ) {
        self.pagination = pagination
        givenActuals = actuals
        store = nil
        table = FactTable(catalogue: catalogue)
    }

    /// A service over `table` recording into `store` (made for the same table).
    public init(table: FactTable, store: any RecordingStore, pagination: Pagination = Pagination()) {
        self.pagination = pagination
        self.table = table
        self.store = store
        givenActuals = RecordedActuals()
    }

    public func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        register(Self.getFigures, with: &router, getFigures)
        register(Self.aggregate, with: &router, aggregate)
        register(Self.implementationRate, with: &router, implementationRate)
        register(Self.change, with: &router, change)
        register(Self.rankings, with: &router, rankings)
        register(Self.recordActual, with: &router, recordActual)
        register(Self.rowHistory, with: &router, rowHistory)
        router.registerHandler(
            forMethod: Self.watchRecordings, deserializer: ProtobufDeserializer<WatchRecordingsRequest>(),
            serializer: ProtobufSerializer<Recording>()
        ) { request, _ in
            let watch = try self.watchRecordings(try await ServerRequest(stream: request).message)
            return StreamingServerResponse { writer in
                try await watch.run { try await writer.write($0) }
                return [:]
            }
        }
        router.registerHandler(
            forMethod: Self.streamRows, deserializer: ProtobufDeserializer<StreamRowsRequest>(),
            serializer: ProtobufSerializer<RowFigures>()
        ) { request, _ in
            let rows = try self.streamRows(try await ServerRequest(stream: request).message)
            return StreamingServerResponse { writer in
                try await writer.write(contentsOf: rows)
                return [:]
            }
        }
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
