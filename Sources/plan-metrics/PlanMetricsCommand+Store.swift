import ArgumentParser
import Foundation
import Logging
import PlanMetrics

extension PlanMetricsCommand {
    /// The store `--database` names: PostgreSQL for a `postgres://` (or `postgresql://`) URL, else
    /// a SQLite file, created with its folder if missing. The password of a URL is never logged
    /// nor repeated in an error.
    func openStore(table: FactTable, logger: Logger) throws -> any RecordingStore {
        if PostgresLocation.isURL(databaseLocation) {
            let location: PostgresLocation
            do { location = try PostgresLocation(url: databaseLocation) } catch {
                throw ValidationError("--database: \(error)")
            }
            do {
                let store = try PostgresRecordingStore(location: location, table: table, logger: logger)
                logger.info("database open", metadata: ["postgres": "\(location)"])
                return store
            } catch {
                throw ValidationError("cannot open the database \(location): \(error.message)")
            }
        }
        do {
            let folder = URL(fileURLWithPath: databaseLocation).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let store = try SQLiteRecordingStore(path: databaseLocation, table: table)
            logger.info("database open", metadata: ["path": "\(databaseLocation)"])
            return store
        } catch {
            throw ValidationError("cannot open the database \(databaseLocation): \(error)")
        }
    }
}
