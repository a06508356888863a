import GRPCCore
import PlanModel
import PlanAPI
import PlanProtobuf

/// `plan.v1.Metrics` over a fact table built from a catalogue and the actuals recorded so far:
/// figures, aggregates, implementation rates, change and rankings, and recording actuals
/// (RecordActual, RowHistory, WatchRecordings) into a ``RecordingStore``. Every call reads the
/// store's current actuals once, so a recording counts in the metrics as soon as it is
/// acknowledged. Without a store, recording answers UNIMPLEMENTED. The methods
/// themselves are in the `MetricsService+…` files; the generated
/// ``Plan_V1_Metrics/ServiceProtocol`` routes calls to them.
public final class MetricsService: Plan_V1_Metrics.ServiceProtocol, Sendable {
    /// The service's fully qualified name.
    public static let name = Plan_V1_Metrics.descriptor.fullyQualifiedService

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

    /// WatchRecordings as a response stream: the request is checked before it starts.
    public func watchRecordings(request: WatchRecordingsRequest) async throws -> StreamingServerResponse<Recording> {
        let watch = try watchRecordings(request)
        return StreamingServerResponse { writer in
            try await watch.run { try await writer.write($0) }
            return [:]
        }
    }

    /// StreamRows as a response stream: the cuts are checked before it starts.
    public func streamRows(request: StreamRowsRequest) async throws -> StreamingServerResponse<RowFigures> {
        Self.stream(try streamRows(request))
    }

    /// StreamRowBatches as a response stream: the cuts are checked before it starts.
    public func streamRowBatches(request: StreamRowsRequest) async throws -> StreamingServerResponse<RowBatch> {
        Self.stream(try streamRowBatches(request))
    }

    /// A response stream of `messages`, computed before the stream starts.
    private static func stream<Message: Sendable>(_ messages: [Message]) -> StreamingServerResponse<Message> {
        StreamingServerResponse { writer in
            try await writer.write(contentsOf: messages)
            return [:]
        }
    }
}
