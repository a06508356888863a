import GRPCCore
import PlanModel
import PlanWire

/// `plan.v1.Metrics` over a fact table built from a catalogue and the actuals recorded so far:
/// figures, aggregates, implementation rates, change and rankings. Recording (RecordActual,
/// RowHistory, WatchRecordings) comes with storage; until then those methods answer
/// UNIMPLEMENTED. The methods themselves are in the `MetricsService+…` files; this file routes
/// calls to them.
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

    /// The message of the recording methods until storage exists.
    public static let recordingUnimplemented = "recording comes with storage"

    /// Page sizes and page tokens of the paged methods.
    public let pagination: Pagination
    /// One fact per deliverables-table row.
    public let table: FactTable
    /// The actuals recorded for 2019 and 2020.
    public let actuals: RecordedActuals

    public init(
        catalogue: Catalogue, actuals: RecordedActuals = RecordedActuals(),
        pagination: Pagination = Pagination()
    ) {
        self.pagination = pagination
        self.actuals = actuals
        table = FactTable(catalogue: catalogue)
    }

    public func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        register(Self.getFigures, with: &router, getFigures)
        register(Self.aggregate, with: &router, aggregate)
        register(Self.implementationRate, with: &router, implementationRate)
        register(Self.change, with: &router, change)
        register(Self.rankings, with: &router, rankings)
        register(Self.recordActual, with: &router) { (_: RecordActualRequest) throws(RPCError) -> RecordActualResponse in
            throw RPCError(code: .unimplemented, message: Self.recordingUnimplemented)
        }
        register(Self.rowHistory, with: &router) { (_: RowHistoryRequest) throws(RPCError) -> RowHistoryResponse in
            throw RPCError(code: .unimplemented, message: Self.recordingUnimplemented)
        }
        router.registerHandler(
            forMethod: Self.watchRecordings, deserializer: ProtobufDeserializer<WatchRecordingsRequest>(),
            serializer: ProtobufSerializer<Recording>()
        ) { _, _ in
            throw RPCError(code: .unimplemented, message: Self.recordingUnimplemented)
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
