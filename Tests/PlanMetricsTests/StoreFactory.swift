import Foundation
import PlanMetrics
import Testing

/// A kind of recording store the same tests run against: each call of ``storage`` makes new,
/// empty storage and returns what opens a store on it (a replica, when the kind can share).
struct StoreFactory: Sendable, CustomTestStringConvertible {
    let name: String
    /// Whether several stores opened on one storage are separate replicas sharing it (a file, a
    /// database) rather than the same store.
    let sharesStorage: Bool
    let storage: @Sendable () throws -> @Sendable () throws -> any RecordingStore

    var testDescription: String { name }

    /// A store on new, empty storage.
    func fresh() throws -> any RecordingStore { try storage()() }

    /// SQLite in memory: one store per storage.
    static let sqliteMemory = StoreFactory(name: "SQLite in memory", sharesStorage: false) {
        let store = try SQLiteRecordingStore(inMemoryFor: factTable)
        return { store }
    }

    /// A SQLite file in a fresh temporary folder.
    static let sqliteFile = StoreFactory(name: "SQLite file", sharesStorage: true) {
        let path = try temporaryDatabase()
        return { try SQLiteRecordingStore(path: path, table: factTable) }
    }

    /// The SQLite stores.
    static let sqlite = [sqliteMemory, sqliteFile]

    /// The PostgreSQL server of `PLAN_TEST_POSTGRES_URL` (scripts/with-postgres.sh sets it), a
    /// schema of its own for each storage so that tests running in parallel never meet; nil when
    /// the variable is not set, and the PostgreSQL suites are then skipped, saying so.
    static let postgres: StoreFactory? = postgresLocation.map { base in
        StoreFactory(name: "PostgreSQL", sharesStorage: true) {
            var location = base
            location.schema = "plan_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(20).lowercased()
            return { [location] in try PostgresRecordingStore(location: location, table: factTable) }
        }
    }

    /// The location of `PLAN_TEST_POSTGRES_URL`, nil when the variable is not set.
    static let postgresLocation: PostgresLocation? = {
        guard let url = ProcessInfo.processInfo.environment["PLAN_TEST_POSTGRES_URL"], !url.isEmpty else { return nil }
        do { return try PostgresLocation(url: url) } catch { fatalError("PLAN_TEST_POSTGRES_URL: \(error)") }
    }()

    /// Why the PostgreSQL suites are skipped.
    static let postgresSkipped: Comment = "PLAN_TEST_POSTGRES_URL is not set: these PostgreSQL cases are skipped (scripts/with-postgres.sh runs them)"

    /// The PostgreSQL factory, for the suites enabled only when there is one.
    static func requirePostgres() throws -> StoreFactory { try #require(postgres) }
}
