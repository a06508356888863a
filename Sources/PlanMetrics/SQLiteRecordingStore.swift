import Foundation
import GRDB
import GRPCCore
import PlanModel
import PlanAPI
import Synchronization

/// A ``RecordingStore`` in SQLite through GRDB: one `recording` table, the log of every
/// recording with its `sequence`, unique by request id.
///
/// A file database is opened in WAL mode with `synchronous = FULL`, so a recording is on disk
/// before it is acknowledged and survives the process being killed. Several processes may share
/// one file (replicas on one host): each notices the others' commits (`PRAGMA data_version`)
/// when it next reads the current actuals, and takes their recordings in. Each recording is one
/// write transaction: concurrent recordings are serialized and none is lost, and each one's
/// `previous` is the figure it really replaced. The current actuals are kept in memory as
/// well, read without touching the database.
public final class SQLiteRecordingStore: RecordingStore {
    /// The connection; its writes are serialized.
    private let queue: DatabaseQueue
    /// What a recording must be.
    private let rules: RecordingRules
    /// The latest figure per row and year, with the sequence that set it.
    private let current: Mutex<CurrentActuals>
    public let feed = RecordingFeed()
    /// The last `data_version` seen and the highest sequence read back from the file, for
    /// taking in other processes' recordings.
    private let shared = Mutex<(dataVersion: Int?, sequence: Int64)>((nil, 0))

    /// Opens (creating if needed) the database at `path`, for the rows of `table`.
    public convenience init(path: String, table: FactTable) throws {
        var configuration = Configuration()
        configuration.journalMode = .wal
        // Replicas sharing the file wait for each other's write transactions rather than fail.
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        try self.init(queue: Self.open(path: path, configuration: configuration), table: table)
    }

    /// How long replicas starting together on a new file keep trying to open it: 10 s.
    static let openPatience: Duration = .seconds(10)

    /// The queue on `path`, its schema in place. Replicas that start at the same moment on a new
    /// file race to switch it to WAL and to create the schema: the loser of the first race gets
    /// "database is locked" from `PRAGMA journal_mode = WAL` without the busy timeout helping,
    /// the loser of the second "table already exists". Both are retried (every 50 ms, for
    /// ``openPatience``): by then the winner has done it and the next attempt finds it done.
    static func open(path: String, configuration: Configuration) throws -> DatabaseQueue {
        let deadline = ContinuousClock.now + openPatience
        while true {
            do {
                let queue = try DatabaseQueue(path: path, configuration: configuration)
                try migrator.migrate(queue)
                return queue
            } catch let error as DatabaseError where ContinuousClock.now < deadline && isStartupRace(error) {
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
    }

    /// Whether `error` is what a replica opening the file at the same moment as another gets.
    static func isStartupRace(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
            || (error.resultCode == .SQLITE_ERROR && (error.message ?? "").contains("already exists"))
    }

    /// A store in memory, gone with the value: for tests.
    public convenience init(inMemoryFor table: FactTable) throws {
        try self.init(queue: DatabaseQueue(), table: table)
    }

    private init(queue: DatabaseQueue, table: FactTable) throws {
        self.queue = queue
        rules = RecordingRules(table: table)
        try Self.migrator.migrate(queue)
        current = Mutex(CurrentActuals())
        takeInOtherWriters()
    }

    /// Applies the recordings other connections committed since this one last looked: all of
    /// them the first time. Sequences are assigned under the database's write lock, so every
    /// sequence up to the highest one read is already committed and none is missed.
    private func takeInOtherWriters() {
        try? queue.read { db in
            let version = try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0
            let (seenVersion, seenSequence) = shared.withLock { $0 }
            guard version != seenVersion else { return }
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM recording WHERE sequence > ? ORDER BY sequence", arguments: [seenSequence])
            let recordings = rows.map(Self.recording)
            current.withLock { current in
                for recording in recordings { current.apply(recording) }
            }
            shared.withLock { $0 = (version, max(seenSequence, Int64(recordings.last?.sequence ?? 0))) }
        }
    }

    /// The schema, one migration per change.
    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: recording") { db in
            try db.execute(
                sql: """
                    CREATE TABLE recording (
                        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                        row_id TEXT NOT NULL,
                        table_id TEXT NOT NULL,
                        programme INTEGER NOT NULL,
                        year INTEGER NOT NULL,
                        value_kind TEXT NOT NULL,
                        value_number INTEGER,
                        previous_kind TEXT NOT NULL,
                        previous_number INTEGER,
                        reported_by TEXT NOT NULL,
                        source_note TEXT NOT NULL,
                        request_id TEXT NOT NULL UNIQUE,
                        recorded_at_unix_micros INTEGER NOT NULL
                    );
                    CREATE INDEX recording_by_row ON recording (row_id, year, sequence);
                    """)
        }
        return migrator
    }

    public func record(_ request: RecordActualRequest) throws(RPCError) -> (recording: Recording, replayed: Bool) {
        let fact = try rules.check(request)
        let outcome = try storage {
            try queue.write { db -> (Recording, Bool) in
                if let earlier = try Row.fetchOne(
                    db, sql: "SELECT * FROM recording WHERE request_id = ?", arguments: [request.requestID])
                {
                    let recording = Self.recording(earlier)
                    guard recording.records(request) else {
                        throw RPCError(
                            code: .invalidArgument,
                            message: "request_id: '\(request.requestID)' was already used for a different recording "
                                + "(sequence \(recording.sequence)); a new recording needs a new request_id")
                    }
                    return (recording, true)
                }
                let previous = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT value_kind, value_number FROM recording WHERE row_id = ? AND year = ?
                        ORDER BY sequence DESC LIMIT 1
                        """, arguments: [request.rowID, request.year]
                ).map { FigureColumns.figure(kind: $0["value_kind"], number: $0["value_number"]) } ?? .blank
                let value = FigureColumns.columns(request.value)
                let previousColumns = FigureColumns.columns(previous)
                let now = Int64((Date().timeIntervalSince1970 * 1_000_000).rounded())
                try db.execute(
                    sql: """
                        INSERT INTO recording (row_id, table_id, programme, year, value_kind, value_number,
                            previous_kind, previous_number, reported_by, source_note, request_id,
                            recorded_at_unix_micros)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        request.rowID, fact.tableID, fact.programme, request.year, value.kind, value.number,
                        previousColumns.kind, previousColumns.number, request.reportedBy, request.sourceNote,
                        request.requestID, now,
                    ])
                let recording = Recording(
                    sequence: UInt64(db.lastInsertedRowID), rowID: request.rowID, tableID: fact.tableID,
                    programme: fact.programme, year: request.year, value: request.value, previous: previous,
                    reportedBy: request.reportedBy, sourceNote: request.sourceNote, requestID: request.requestID,
                    recordedAtUnixMicros: Int(now))
                // On the writer's queue, so in sequence order, and before the caller is answered.
                db.afterNextTransaction { [self] _ in
                    current.withLock { $0.apply(recording) }
                    feed.publish(recording)
                }
                return (recording, false)
            }
        }
        return (outcome.0, outcome.1)
    }

    public func history(rowID: String) throws(RPCError) -> [Recording] {
        try storage {
            try queue.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT * FROM recording WHERE row_id = ? ORDER BY sequence", arguments: [rowID]
                ).map(Self.recording)
            }
        }
    }

    public func recordings(after sequence: UInt64) throws(RPCError) -> [Recording] {
        try storage {
            try queue.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT * FROM recording WHERE sequence > ? ORDER BY sequence",
                    arguments: [Int64(clamping: sequence)]
                ).map(Self.recording)
            }
        }
    }

    public func currentActuals() -> RecordedActuals {
        takeInOtherWriters()
        return current.withLock { $0.actuals }
    }

    /// `body`'s result; a database error becomes INTERNAL.
    private func storage<T>(_ body: () throws -> T) throws(RPCError) -> T {
        do { return try body() } catch let error as RPCError { throw error } catch {
            throw RPCError(code: .internalError, message: "storage: \(error)")
        }
    }

    /// A recording from a `recording` row.
    private static func recording(_ row: Row) -> Recording {
        Recording(
            sequence: UInt64(row["sequence"] as Int64), rowID: row["row_id"], tableID: row["table_id"],
            programme: row["programme"], year: row["year"],
            value: FigureColumns.figure(kind: row["value_kind"], number: row["value_number"]),
            previous: FigureColumns.figure(kind: row["previous_kind"], number: row["previous_number"]),
            reportedBy: row["reported_by"], sourceNote: row["source_note"], requestID: row["request_id"],
            recordedAtUnixMicros: row["recorded_at_unix_micros"])
    }
}
