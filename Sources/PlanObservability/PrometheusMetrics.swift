import Metrics
import Prometheus

/// The process's metrics: one `PrometheusCollectorRegistry` that swift-metrics emits into.
public enum PrometheusMetrics {
    /// Bootstraps `MetricsSystem` with a `PrometheusMetricsFactory` over a new registry, and
    /// returns the registry to serve (``MetricsEndpoint``). Call once per process, first thing.
    public static func bootstrap() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(factory(registry: registry))
        return registry
    }

    /// A factory emitting into `registry`, with duration buckets from 100 µs to 10 s.
    public static func factory(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5),
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
        ]
        return factory
    }
}
