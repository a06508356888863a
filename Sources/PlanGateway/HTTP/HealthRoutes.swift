import Hummingbird

/// `GET /healthz` (the gateway is up) and `GET /readyz` (every backend has a replica that may
/// take calls; 503 otherwise), as JSON.
enum HealthRoutes {
    static func routes(_ backends: GatewayBackends) -> [HTTPRoute] {
        [
            HTTPRoute(
                method: .get, path: "/healthz", operationID: "liveness",
                summary: "Liveness: 200 while the gateway runs.", responseSchema: "Health"
            ) { _, _, _ in
                try JSONMapping.response(Health(status: "ok", backends: nil))
            },
            HTTPRoute(
                method: .get, path: "/readyz", operationID: "readiness",
                summary: "Readiness: 200 when the catalogue and the metrics each have an available replica, else 503.",
                responseSchema: "Health"
            ) { _, _, _ in
                let pools = [backends.catalogue, backends.metrics].map {
                    Health.Pool(service: $0.serviceName, available: $0.availableCount, replicas: $0.endpoints.count, report: $0.report)
                }
                let ready = pools.allSatisfy { $0.available > 0 }
                return try JSONMapping.response(
                    Health(status: ready ? "ready" : "not_ready", backends: pools), status: ready ? .ok : .serviceUnavailable)
            },
        ]
    }

    /// The health document.
    struct Health: Encodable, Sendable {
        struct Pool: Encodable, Sendable {
            var service: String
            var available: Int
            var replicas: Int
            var report: String
        }

        var status: String
        var backends: [Pool]?
    }
}
