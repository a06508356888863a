import GRPCCore
import PlanAPI
import PlanProtobuf
import Synchronization

/// `grpc.health.v1.Health`: Check answers at once, Watch streams every change of a service's
/// status. A service reports NOT_SERVING while it drains.
public final class HealthService: Grpc_Health_V1_Health.ServiceProtocol, Sendable {
    private struct State {
        var statuses: [String: HealthCheckResponse.ServingStatus]
        var watchers: [UInt64: (service: String, continuation: AsyncStream<HealthCheckResponse.ServingStatus>.Continuation)] = [:]
        var nextWatcher: UInt64 = 0
    }

    private let state: Mutex<State>

    /// A health service where the server as a whole (the empty name) and each of `services`
    /// are serving.
    public init(services: [String] = []) {
        var statuses: [String: HealthCheckResponse.ServingStatus] = ["": .serving]
        for service in services { statuses[service] = .serving }
        state = Mutex(State(statuses: statuses))
    }

    /// Sets the status of `service` (the empty name for the whole server) and tells watchers.
    public func setStatus(_ status: HealthCheckResponse.ServingStatus, forService service: String = "") {
        let watchers = state.withLock { state in
            state.statuses[service] = status
            return state.watchers.values.filter { $0.service == service }.map(\.continuation)
        }
        for watcher in watchers { watcher.yield(status) }
    }

    /// Marks every service NOT_SERVING: the server is draining.
    public func drain() {
        let services = state.withLock { Array($0.statuses.keys) }
        for service in services { setStatus(.notServing, forService: service) }
    }

    /// The status of `service`, `nil` when it is unknown.
    public func status(ofService service: String) -> HealthCheckResponse.ServingStatus? {
        state.withLock { $0.statuses[service] }
    }

    /// Check: the status now; NOT_FOUND for a service the server does not know.
    public func check(_ request: HealthCheckRequest) throws(RPCError) -> HealthCheckResponse {
        guard let status = status(ofService: request.service) else {
            throw RPCError(code: .notFound, message: "unknown service '\(request.service)'")
        }
        return HealthCheckResponse(status: status)
    }

    /// Watch: the status now (SERVICE_UNKNOWN for a service the server does not know) and on
    /// every change, until the call ends.
    public func watch(request: HealthCheckRequest) -> StreamingServerResponse<HealthCheckResponse> {
        let (updates, continuation) = AsyncStream.makeStream(of: HealthCheckResponse.ServingStatus.self)
        let id = state.withLock { state in
            state.nextWatcher += 1
            state.watchers[state.nextWatcher] = (request.service, continuation)
            continuation.yield(state.statuses[request.service] ?? .serviceUnknown)
            return state.nextWatcher
        }
        return StreamingServerResponse { writer in
            defer { _ = self.state.withLock { $0.watchers.removeValue(forKey: id) } }
            var last: HealthCheckResponse.ServingStatus?
            for await status in updates where status != last {
                last = status
                try await writer.write(HealthCheckResponse(status: status))
            }
            return [:]
        }
    }
}
