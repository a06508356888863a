import Metrics
import GRPCCore
import PlanServerRuntime
import Synchronization

/// Counts and times every call a server answers, through swift-metrics (backend-neutral):
/// ``MetricNames/calls`` by method and status code, ``MetricNames/duration`` by method (a
/// timer: a histogram in Prometheus) and ``MetricNames/inFlight`` by method.
///
/// Put it first in the server's interceptors so that it also sees the calls later
/// interceptors refuse.
public struct RPCMetricsInterceptor: ServerInterceptor {
    let factory: any MetricsFactory

    /// An interceptor emitting through `factory` (default: the bootstrapped `MetricsSystem`).
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
    }

    public func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>, context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        let call = MeasuredCall(method: "\(context.descriptor)", factory: factory)
        let response: StreamingServerResponse<Output>
        do {
            response = try await next(request, context)
        } catch {
            call.finish(code: RPCError.Code.canonicalName(of: error))
            throw error
        }
        switch response.accepted {
        case .success(var contents):
            let producer = contents.producer
            contents.producer = { writer in
                do {
                    let trailers = try await producer(writer)
                    call.finish(code: "OK")
                    return trailers
                } catch {
                    call.finish(code: RPCError.Code.canonicalName(of: error))
                    throw error
                }
            }
            return StreamingServerResponse(accepted: .success(contents))
        case .failure(let error):
            call.finish(code: RPCError.Code.canonicalName(of: error))
            return response
        }
    }
}

/// One call being measured: in flight from its creation until ``finish(code:)``, which counts
/// it once. A call whose response is dropped unproduced (its metadata could not be written:
/// the connection went away) is counted as `UNAVAILABLE` when released.
final class MeasuredCall: Sendable {
    private let method: String
    private let factory: any MetricsFactory
    private let start = ContinuousClock.now
    private let finished = Atomic(false)

    init(method: String, factory: any MetricsFactory) {
        self.method = method
        self.factory = factory
        Meter(label: MetricNames.inFlight, dimensions: [("method", method)], factory: factory).increment()
    }

    func finish(code: String) {
        guard !finished.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let elapsed = ContinuousClock.now - start
        Meter(label: MetricNames.inFlight, dimensions: [("method", method)], factory: factory).decrement()
        Counter(label: MetricNames.calls, dimensions: [("method", method), ("code", code)], factory: factory).increment()
        Timer(label: MetricNames.duration, dimensions: [("method", method)], factory: factory)
            .recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
    }

    deinit { finish(code: "UNAVAILABLE") }
}
