import GRPCCore
import PlanWire
import PlanAPI
import Synchronization

/// One backend process: its client, what the health checks last said, its run of failures,
/// whether it is ejected, and its calls in flight.
final class Replica: Sendable {
    /// The configured endpoint this replica was found by (a name or an address).
    let name: Endpoint
    /// The replica's address.
    let endpoint: Endpoint
    let client: GRPCClient<PlanWireClientTransport>
    let transport: PlanWireClientTransport
    private let state = Mutex(State())

    struct State {
        /// What the last health check said; a replica is taken as serving until checked.
        var serving = true
        var consecutiveFailures = 0
        /// Health checks in a row that got no answer.
        var unansweredChecks = 0
        var ejectedUntil: ContinuousClock.Instant?
        var inFlight = 0
    }

    init(name: Endpoint, endpoint: Endpoint, configuration: PlanWireConfiguration) {
        self.name = name
        self.endpoint = endpoint
        transport = PlanWireClientTransport(endpoints: [endpoint], configuration: configuration)
        client = GRPCClient(transport: transport)
    }

    /// Whether a connection is up right now (a call to a replica without one waits for it).
    var isConnected: Bool { !transport.readyEndpoints.isEmpty }

    /// A copy of the state, for choosing and for reports.
    var snapshot: State { state.withLock { $0 } }

    /// Whether the replica may take a call now: serving and not ejected.
    func isAvailable(at now: ContinuousClock.Instant) -> Bool {
        state.withLock { $0.serving && ($0.ejectedUntil.map { now >= $0 } ?? true) }
    }

    /// Takes a call slot unless `limit` calls are in flight.
    func acquire(limit: Int) -> Bool {
        state.withLock { state in
            guard state.inFlight < limit else { return false }
            state.inFlight += 1
            return true
        }
    }

    /// Gives back a call slot and notes how the call went: a failure (UNAVAILABLE) counts
    /// toward ejection, anything else resets the count.
    func release(failed: Bool, configuration: ResilienceConfiguration) {
        state.withLock { state in
            state.inFlight -= 1
            guard failed else {
                state.consecutiveFailures = 0
                state.ejectedUntil = nil
                return
            }
            state.consecutiveFailures += 1
            if state.consecutiveFailures >= configuration.ejectAfterFailures {
                state.ejectedUntil = .now + configuration.ejectionDuration
                // After the ejection one failed trial call ejects it again.
                state.consecutiveFailures = configuration.ejectAfterFailures - 1
            }
        }
    }

    /// What one health check learned.
    enum HealthAnswer: Sendable { case serving, notServing, noAnswer }

    /// Records a health check's answer and returns whether the replica is now taken as serving:
    /// SERVING makes it so and ends an ejection at once (the replica answered, so the failures
    /// that ejected it are over: after an outage it is back in rotation with its first SERVING
    /// check, not when the ejection runs out); NOT_SERVING (a draining server) ends it at once,
    /// and checks that get no answer end it once `unansweredLimit` of them come in a row (one
    /// slow answer on a busy machine is not a dead replica).
    func recordHealth(_ answer: HealthAnswer, unansweredLimit: Int) -> Bool {
        state.withLock { state in
            switch answer {
            case .serving:
                state.serving = true
                state.unansweredChecks = 0
                state.ejectedUntil = nil
                state.consecutiveFailures = 0
            case .notServing:
                state.serving = false
            case .noAnswer:
                state.unansweredChecks += 1
                if state.unansweredChecks >= unansweredLimit { state.serving = false }
            }
            return state.serving
        }
    }

    /// Whether the replica is ejected now.
    func isEjected(at now: ContinuousClock.Instant) -> Bool {
        state.withLock { $0.ejectedUntil.map { now < $0 } ?? false }
    }

    /// A line for logs and errors: `127.0.0.1:7002 (NOT_SERVING)`.
    var report: String {
        let state = snapshot
        var notes: [String] = []
        if !state.serving { notes.append("NOT_SERVING") }
        if let until = state.ejectedUntil, until > .now { notes.append("ejected") }
        if state.inFlight > 0 { notes.append("\(state.inFlight) in flight") }
        return notes.isEmpty ? "\(endpoint)" : "\(endpoint) (\(notes.joined(separator: ", ")))"
    }
}
