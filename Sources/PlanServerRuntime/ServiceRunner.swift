import Foundation
import Logging
import ServiceLifecycle

/// How the executables run: their services in one `ServiceGroup` until SIGTERM or SIGINT, then
/// a graceful shutdown: no new calls, calls in flight finish within the grace period, exit 0.
public enum ServiceRunner {
    /// Logs to standard error at `level` (`trace` … `critical`), as text lines or, with
    /// `format` `json`, one JSON object a line (``JSONLogHandler``). An unknown level or format
    /// is an error naming it. Call once, first thing.
    public static func bootstrapLogging(level: String, format: String = "text") throws {
        guard let level = Logger.Level(rawValue: level.lowercased()) else {
            throw ServiceRunnerError(
                "log level '\(level)' is not one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        switch format.lowercased() {
        case "text":
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        case "json":
            LoggingSystem.bootstrap { label in
                var handler = JSONLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        default:
            throw ServiceRunnerError("log format '\(format)' is not one of text, json")
        }
    }

    /// Runs `services` until SIGTERM or SIGINT, then shuts them down in reverse order, each
    /// given up to `gracePeriod` before it is cancelled. A service that ends by itself ends the
    /// others gracefully; one that throws ends them and the error is rethrown.
    public static func run(_ services: [any Service], gracePeriod: Duration, logger: Logger) async throws {
        var configuration = ServiceGroupConfiguration(
            services: services.map {
                ServiceGroupConfiguration.ServiceConfiguration(
                    service: $0, successTerminationBehavior: .gracefullyShutdownGroup,
                    failureTerminationBehavior: .gracefullyShutdownGroup)
            },
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = gracePeriod
        try await ServiceGroup(configuration: configuration).run()
    }

    /// Writes `line` to standard output at once: the lines scripts read (where a server listens).
    public static func announce(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}

/// A configuration error of an executable, with a message that says what was wrong.
public struct ServiceRunnerError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
