import Hummingbird
import HummingbirdTesting
import Logging
import Metrics
import PlanObservability
import PlanServerRuntime
import PlanAPI
import Synchronization
import Testing

@Suite("MetricsEndpoint: GET /metrics and /healthz")
struct MetricsEndpointTests {
    @Test("GET /metrics answers the registry in the text format, over a real socket")
    func metrics() async throws {
        let metrics = TestMetrics()
        Counter(label: "plan_test_total", dimensions: [("code", "OK")], factory: metrics.factory).increment(by: 2)
        let endpoint = MetricsEndpoint(
            registry: metrics.registry, host: "127.0.0.1", port: 0, logger: Logger(label: "test"))
        try await endpoint.application.test(.live) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
                let exposition = Exposition(text: String(buffer: response.body))
                #expect(exposition[#"plan_test_total{code="OK"}"#] == 2)
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "ok")
            }
            try await client.execute(uri: "/other", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test("the default port is the PlanWire port + 2100, or a free one")
    func defaultPort() {
        #expect(MetricsEndpoint.defaultPort(besides: 7001) == 9101)
        #expect(MetricsEndpoint.defaultPort(besides: 7002) == 9102)
        #expect(MetricsEndpoint.defaultPort(besides: 7000) == 9100)
        #expect(MetricsEndpoint.defaultPort(besides: 0) == 0)
        #expect(MetricsEndpoint.defaultPort(besides: 65000) == 0)
    }
}

@Suite("OrderedAnnouncements")
struct OrderedAnnouncementsTests {
    @Test("lines come out in index order whatever order they are announced in")
    func order() {
        let written = Mutex<[String]>([])
        let announcements = OrderedAnnouncements { line in written.withLock { $0.append(line) } }
        announcements.announce(1, "metrics")
        #expect(written.withLock { $0 }.isEmpty)
        announcements.announce(0, "planwire")
        announcements.announce(2, "third")
        #expect(written.withLock { $0 } == ["planwire", "metrics", "third"])
    }
}
