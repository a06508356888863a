import Dispatch
import Foundation
import GRPCCore
import Logging
import PlanModel
import PlanAPI
import PostgresNIO
import Synchronization

/// A ``RecordingStore`` in PostgreSQL through postgres-nio, for metrics replicas on several hosts
/// sharing one set of recordings: the `recording` table of ``SQLiteRecordingStore`` (created with
/// its schema if missing), `sequence BIGSERIAL PRIMARY KEY`, `request_id` unique.
///
/// **Synchronous by design.** ``RecordingStore`` is synchronous (the SQLite store does blocking
/// I/O from the handlers too), so each call runs postgres-nio's async API in a task on the
/// store's own event loop and waits for it (``BlockingBridge``): never on Swift's cooperative
/// pool, whose threads the waiting handlers occupy, and never waiting on an event loop. A call
/// the server does not answer within the timeout is UNAVAILABLE.
///
/// **One recording at a time, in commit order.** Each recording is one transaction holding a
/// transaction-scoped advisory lock on the store's schema. So concurrent recordings from any
/// number of replicas are serialized: each one's `previous` is the figure it really replaced, a
/// request id sent to two replicas at once is recorded once (the second sees the first and
/// replays it, or is INVALID_ARGUMENT if it differs), and sequences are handed out in commit
/// order. The last is what makes reading by sequence exact: once a sequence is visible, every
/// smaller one that will ever be is visible too (the gaps, left by failed transactions, stay
/// gaps), so "every recording after the highest sequence taken in" misses nothing — for the
/// current actuals as for WatchRecordings' `after_sequence`. The price is throughput: one
/// recording at a time per schema, a few round trips each; recordings are reported by people.
///
/// **Other replicas' recordings.** ``currentActuals()`` first takes in every recording committed
/// after the highest sequence it has (one query; nothing comes back when nothing changed), so it
/// includes every recording any replica acknowledged before the call began. Each recording also
/// sends a NOTIFY on channel `plan_recordings` (payload: the schema); every store LISTENs on a
/// dedicated connection and takes the new recordings in at once, which is how ``feed`` carries
/// other replicas' recordings to WatchRecordings. That path is best effort: a notification lost
/// while the listening connection is down is made up at the next reconnection or the next read.
public final class PostgresRecordingStore: RecordingStore {
    public let feed = RecordingFeed()
    /// Where the recordings are, the password hidden when printed.
    public let location: PostgresLocation
    /// What a recording must be.
    private let rules: RecordingRules
    private let client: PostgresClient
    private let bridge: BlockingBridge
    private let logger: Logger
    /// The schema the `recording` table is in (PostgreSQL's `current_schema()`): the NOTIFY payload.
    private let schema: String
    /// The latest figure per row and year, with the sequence that set it.
    private let current = Mutex(CurrentActuals())
    /// The highest sequence taken in; held while taking in, so recordings are applied and
    /// published once each, in sequence order.
    private let takenIn = Mutex<Int64>(0)
    /// A take-in asked for by a notification and not begun yet.
    private let takeInPending = Atomic<Bool>(false)
    private let takeInQueue = DispatchQueue(label: "plan-metrics.postgres.take-in")
    /// The client's background work and the LISTEN loop, ended with the store.
    private let tasks: Mutex<[Task<Void, Never>]>

    /// The channel every store notifies and listens on.
    static let channel = "plan_recordings"
    /// The first key of the advisory locks ('plan'); the second is the schema's hash.
    private static let lockClass: Int32 = 0x706C_616E
    /// The one event loop (one thread) every store's connections and tasks run on.
    private static let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    /// Connects to `location`, creates the schema and table if missing and reads what is recorded,
    /// for the rows of `table`. UNAVAILABLE when the server cannot be reached within `timeout`.
    public init(
        location: PostgresLocation, table: FactTable, timeout: Duration = .seconds(10),
        logger: Logger = Logger(label: "plan-metrics.postgres")
    ) throws(RPCError) {
        let bridge = BlockingBridge(executor: EventLoopTaskExecutor(eventLoop: Self.group.next()), timeout: timeout)
        let client = PostgresClient(
            configuration: Self.configuration(location, timeout: timeout), eventLoopGroup: Self.group,
            backgroundLogger: logger)
        let run = Task(executorPreference: bridge.executor) { await client.run() }
        do {
            schema = try bridge.wait {
                try await client.withTransaction(logger: logger) { connection in
                    try await Self.createSchema(location.schema, on: connection, logger: logger)
                }
            }
        } catch {
            run.cancel()
            throw error
        }
        self.location = location
        self.logger = logger
        self.bridge = bridge
        self.client = client
        rules = RecordingRules(table: table)
        tasks = Mutex([run])
        try takeInNewRecordings()
        listen()
    }

    deinit {
        for task in tasks.withLock({ $0 }) { task.cancel() }
    }

    /// The client's configuration for `location`.
    private static func configuration(_ location: PostgresLocation, timeout: Duration) -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch location.sslMode {
        case .disable: tls = .disable
        case .prefer, .require:
            var unchecked = TLSConfiguration.makeClientConfiguration()
            unchecked.certificateVerification = .none
            tls = location.sslMode == .prefer ? .prefer(unchecked) : .require(unchecked)
        case .verifyFull: tls = .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.username, password: location.password,
            database: location.database, tls: tls)
        configuration.options.connectTimeout = timeout
        if let schema = location.schema {
            configuration.options.additionalStartupParameters = [("search_path", quoted(schema))]
        }
        return configuration
    }

    /// Creates `schema` (when one is named), the table and its index if missing, under an advisory
    /// lock so that replicas starting together do not race; returns `current_schema()`.
    private static func createSchema(
        _ schema: String?, on connection: PostgresConnection, logger: Logger
    ) async throws -> String {
        try await connection.query("SELECT pg_advisory_xact_lock(\(lockClass), 0)", logger: logger)
        if let schema {
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(quoted(schema))"), logger: logger)
        }
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS recording (
                sequence BIGSERIAL PRIMARY KEY,
                row_id TEXT NOT NULL,
                table_id TEXT NOT NULL,
                programme BIGINT NOT NULL,
                year BIGINT NOT NULL,
                value_kind TEXT NOT NULL,
                value_number BIGINT,
                previous_kind TEXT NOT NULL,
                previous_number BIGINT,
                reported_by TEXT NOT NULL,
                source_note TEXT NOT NULL,
                request_id TEXT NOT NULL UNIQUE,
                recorded_at_unix_micros BIGINT NOT NULL
            )
            """, logger: logger)
        try await connection.query(
            "CREATE INDEX IF NOT EXISTS recording_by_row ON recording (row_id, year, sequence)", logger: logger)
        let rows = try await connection.query("SELECT current_schema()", logger: logger)
        for try await (name) in rows.decode(String?.self) {
            if let name { return name }
        }
        throw RPCError(code: .internalError, message: "storage: no schema is selected (search_path)")
    }

    public func record(_ request: RecordActualRequest) throws(RPCError) -> (recording: Recording, replayed: Bool) {
        let fact = try rules.check(request)
        let outcome = try bridge.wait { [client, logger] in
            try await client.withTransaction(logger: logger) { connection in
                try await Self.record(request, fact: fact, on: connection, logger: logger)
            }
        }
        let recording: Recording
        switch outcome {
        case .earlier(let earlier):
            guard earlier.records(request) else {
                throw RPCError(
                    code: .invalidArgument,
                    message: "request_id: '\(request.requestID)' was already used for a different recording "
                        + "(sequence \(earlier.sequence)); a new recording needs a new request_id")
            }
            return (earlier, true)
        case .recorded(let new): recording = new
        }
        // Committed: in the current actuals and the feed before the caller is answered, after every
        // recording committed before it. If the database cannot be read back right now, the next
        // read takes it in.
        do { try takeInNewRecordings() } catch {
            logger.warning("recording \(recording.sequence) committed, not yet taken in: \(error.message)")
        }
        return (recording, false)
    }

    /// The recording with `request`'s id if there is one, else `request` recorded, in the
    /// transaction `connection` is in.
    private static func record(
        _ request: RecordActualRequest, fact: Fact, on connection: PostgresConnection, logger: Logger
    ) async throws -> Outcome {
        // Held until commit: recordings of this schema are made one at a time, in sequence order.
        try await connection.query(
            "SELECT pg_advisory_xact_lock(\(lockClass), hashtext(current_schema()))", logger: logger)
        let earlier = try await recordings(
            connection.query("SELECT * FROM recording WHERE request_id = \(request.requestID)", logger: logger))
        if let earlier = earlier.first { return .earlier(earlier) }
        var previous = Figure.blank
        let rows = try await connection.query(
            """
            SELECT value_kind, value_number FROM recording WHERE row_id = \(request.rowID) AND year = \(request.year)
            ORDER BY sequence DESC LIMIT 1
            """, logger: logger)
        for try await (kind, number) in rows.decode((String, Int?).self) {
            previous = FigureColumns.figure(kind: kind, number: number)
        }
        let value = FigureColumns.columns(request.value)
        let previousColumns = FigureColumns.columns(previous)
        let now = Int((Date().timeIntervalSince1970 * 1_000_000).rounded())
        let inserted = try await connection.query(
            """
            INSERT INTO recording (row_id, table_id, programme, year, value_kind, value_number,
                previous_kind, previous_number, reported_by, source_note, request_id, recorded_at_unix_micros)
            VALUES (\(request.rowID), \(fact.tableID), \(fact.programme), \(request.year), \(value.kind),
                \(value.number), \(previousColumns.kind), \(previousColumns.number), \(request.reportedBy),
                \(request.sourceNote), \(request.requestID), \(now))
            RETURNING sequence
            """, logger: logger)
        var sequence: Int64?
        for try await (value) in inserted.decode(Int64.self) { sequence = value }
        guard let sequence else { throw RPCError(code: .internalError, message: "storage: no sequence returned") }
        try await connection.query("SELECT pg_notify(\(channel), current_schema())", logger: logger)
        let recording = Recording(
            sequence: UInt64(sequence), rowID: request.rowID, tableID: fact.tableID, programme: fact.programme,
            year: request.year, value: request.value, previous: previous, reportedBy: request.reportedBy,
            sourceNote: request.sourceNote, requestID: request.requestID, recordedAtUnixMicros: Int(now))
        return .recorded(recording)
    }

    /// What a recording transaction found or did.
    private enum Outcome: Sendable {
        /// The request id was used before, for this recording.
        case earlier(Recording)
        /// The request is recorded as this.
        case recorded(Recording)
    }

    public func history(rowID: String) throws(RPCError) -> [Recording] {
        try bridge.wait { [client, logger] in
            try await Self.recordings(
                client.query("SELECT * FROM recording WHERE row_id = \(rowID) ORDER BY sequence", logger: logger))
        }
    }

    public func recordings(after sequence: UInt64) throws(RPCError) -> [Recording] {
        try bridge.wait { [client, logger] in
            try await Self.recordings(
                client.query(
                    "SELECT * FROM recording WHERE sequence > \(Int64(clamping: sequence)) ORDER BY sequence",
                    logger: logger))
        }
    }

    /// Takes in every recording committed since the last take-in (one query), then answers from
    /// memory. When the database cannot be read, the figures taken in so far.
    public func currentActuals() -> RecordedActuals {
        do { try takeInNewRecordings() } catch {
            logger.warning("recordings not taken in, answering from memory: \(error.message)")
        }
        return current.withLock { $0.actuals }
    }

    /// Applies and publishes, in sequence order, the recordings committed after the highest
    /// sequence taken in. Exact because sequences are handed out in commit order (see the type).
    private func takeInNewRecordings() throws(RPCError) {
        try takenIn.withLock { highest throws(RPCError) in
            let after = highest
            let recordings = try bridge.wait { [client, logger] in
                try await Self.recordings(
                    client.query("SELECT * FROM recording WHERE sequence > \(after) ORDER BY sequence", logger: logger))
            }
            guard let last = recordings.last else { return }
            current.withLock { current in
                for recording in recordings { current.apply(recording) }
            }
            for recording in recordings { feed.publish(recording) }
            highest = Int64(last.sequence)
        }
    }

    /// LISTENs for other replicas' (and this one's) recordings on a dedicated connection until the
    /// store is gone, reconnecting after a second when the connection is lost; each notification
    /// for this schema, and each (re)connection, asks for a take-in.
    private func listen() {
        let wake: @Sendable () -> Void = { [weak self] in self?.scheduleTakeIn() }
        tasks.withLock { [client, logger, schema, bridge] in
            $0.append(
                Task(executorPreference: bridge.executor) {
                    while !Task.isCancelled {
                        do {
                            try await client.withConnection { connection in
                                try await connection.listen(on: Self.channel) { notifications in
                                    wake()
                                    for try await notification in notifications where notification.payload == schema {
                                        wake()
                                    }
                                }
                            }
                        } catch {
                            if !Task.isCancelled { logger.debug("LISTEN \(Self.channel) ended: \(BlockingBridge.rpcError(error).message)") }
                        }
                        try? await Task.sleep(for: .seconds(1))
                    }
                })
        }
    }

    /// A take-in on the take-in queue (off the event loop: it waits), unless one is pending already.
    private func scheduleTakeIn() {
        guard !takeInPending.exchange(true, ordering: .acquiringAndReleasing) else { return }
        takeInQueue.async { [weak self] in
            guard let self else { return }
            takeInPending.store(false, ordering: .releasing)
            try? takeInNewRecordings()
        }
    }

    /// The recordings of `rows` (rows of `recording`), in their order.
    private static func recordings(_ rows: PostgresRowSequence) async throws -> [Recording] {
        var recordings: [Recording] = []
        for try await row in rows {
            let columns = row.makeRandomAccess()
            recordings.append(
                Recording(
                    sequence: UInt64(try columns["sequence"].decode(Int64.self)),
                    rowID: try columns["row_id"].decode(String.self),
                    tableID: try columns["table_id"].decode(String.self),
                    programme: try columns["programme"].decode(Int.self),
                    year: try columns["year"].decode(Int.self),
                    value: FigureColumns.figure(
                        kind: try columns["value_kind"].decode(String.self),
                        number: try columns["value_number"].decode(Int?.self)),
                    previous: FigureColumns.figure(
                        kind: try columns["previous_kind"].decode(String.self),
                        number: try columns["previous_number"].decode(Int?.self)),
                    reportedBy: try columns["reported_by"].decode(String.self),
                    sourceNote: try columns["source_note"].decode(String.self),
                    requestID: try columns["request_id"].decode(String.self),
                    recordedAtUnixMicros: Int(try columns["recorded_at_unix_micros"].decode(Int64.self))))
        }
        return recordings
    }

    /// `identifier` as a quoted SQL identifier.
    private static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
