import Metrics
import PlanWire

/// Turns a server transport's connection events into ``MetricNames/openConnections`` (a gauge)
/// and ``MetricNames/acceptedConnections`` (a counter):
///
/// ```swift
/// let transport = PlanWireServerTransport(host: host, port: port, connectionObserver: ConnectionMetrics().observe)
/// ```
public struct ConnectionMetrics: Sendable {
    let open: Meter
    let accepted: Counter

    /// Metrics emitted through `factory` (default: the bootstrapped `MetricsSystem`).
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        open = Meter(label: MetricNames.openConnections, factory: factory)
        accepted = Counter(label: MetricNames.acceptedConnections, factory: factory)
    }

    /// Notes `event`; pass it as the transport's `connectionObserver`.
    @Sendable public func observe(_ event: ServerConnectionEvent) {
        switch event {
        case .opened:
            accepted.increment()
            open.increment()
        case .closed:
            open.decrement()
        }
    }
}
