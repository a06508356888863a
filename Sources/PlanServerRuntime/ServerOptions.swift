import ArgumentParser
import Foundation
import PlanWire

/// The flags every server reads alike (`plan-catalogue`, `plan-metrics`, `plan-gateway`):
/// logging and the grace period, each with the environment variable all three share, and the
/// PlanWire transport's limits from `PLAN_WIRE_*` variables (`wireConfiguration`). Where to
/// listen stays each server's own: its flags have the server's environment prefix and default
/// port (`PLAN_METRICS_PORT`, 7002).
///
/// Include it in a command with `@OptionGroup var runtime: ServerOptions`.
public struct ServerOptions: ParsableArguments {
    /// The process's environment.
    public static var environment: [String: String] { ProcessInfo.processInfo.environment }

    @Option(help: "Least severe level logged to standard error: trace, debug, info, notice, warning, error, critical (env PLAN_LOG_LEVEL).")
    public var logLevel = Self.environment["PLAN_LOG_LEVEL"] ?? "info"

    @Option(help: "Log lines as text or json, one JSON object a line (env PLAN_LOG_FORMAT).")
    public var logFormat = Self.environment["PLAN_LOG_FORMAT"] ?? "text"

    @Option(help: "Seconds calls in flight get to finish after SIGTERM (env PLAN_GRACE_PERIOD).")
    public var gracePeriod = Double(Self.environment["PLAN_GRACE_PERIOD"] ?? "") ?? 20

    public init() {}

    public func validate() throws {
        guard gracePeriod >= 0, gracePeriod.isFinite else {
            throw ValidationError("--grace-period must be a number of seconds ≥ 0, not \(gracePeriod)")
        }
        do {
            _ = try wireConfiguration()
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// The server transport's settings: the grace period governs PlanWire calls in flight
    /// after SIGTERM (the two-step GOAWAY, then calls still running end with UNAVAILABLE), and
    /// the `PLAN_WIRE_*` environment variables (`PlanWireConfiguration.environmentVariables`)
    /// override the limits. `handlersOnEventLoop` is where the server's handlers run unless
    /// `PLAN_WIRE_CALLS_ON_EVENT_LOOP` says otherwise: on their connection's event loop for a
    /// server whose handlers never block (the catalogue's answer from memory), on the
    /// concurrency pool otherwise.
    public func wireConfiguration(
        handlersOnEventLoop: Bool = false, environment: [String: String] = Self.environment
    ) throws(PlanWireConfiguration.EnvironmentError) -> PlanWireConfiguration {
        var base = PlanWireConfiguration()
        base.runsHandlersOnEventLoop = handlersOnEventLoop
        var configuration = try base.applyingEnvironment(environment)
        configuration.gracePeriod = gracePeriodDuration
        return configuration
    }

    /// Installs the log handler these options choose; throws on an unknown level or format.
    public func bootstrapLogging() throws {
        try ServiceRunner.bootstrapLogging(level: logLevel, format: logFormat)
    }

    /// The grace period as a duration.
    public var gracePeriodDuration: Duration { .milliseconds(Int64((gracePeriod * 1000).rounded())) }
}
