import Synchronization

/// What a call costs against its client's rate limit (``RateLimiter``), by what its answer
/// costs the gateway: most calls 1; an aggregate, implementation rate, change or ranking
/// (answers of up to ~10 KB of JSON over computed cells) ``aggregate``; every row with its
/// figures (`GET /v1/rows`, `StreamRows` and `StreamRowBatches`: ~320 KB of JSON, ~22 ms of
/// gateway CPU where a programme takes ~0.1 ms) ``rows``. With the default limit (1,000 a second), a client may so
/// pull all rows 10 times a second, and no longer starve the others while far under the call rate.
public enum AdmissionCost {
    /// The cost of every row at once.
    public static let rows = 100.0
    /// The cost of an aggregate over the rows.
    public static let aggregate = 5.0

    /// The cost of a request for `path` on the HTTP front.
    public static func http(path: String) -> Double {
        switch path {
        case "/v1/rows": rows
        case "/v1/metrics/aggregate", "/v1/metrics/implementation-rate", "/v1/metrics/change", "/v1/metrics/rankings":
            aggregate
        default: 1
        }
    }

    /// The cost of a call of the method named `method` (`StreamRows`) on the binary front.
    public static func method(_ method: String) -> Double {
        switch method {
        case "StreamRows", "StreamRowBatches": rows
        case "Aggregate", "ImplementationRate", "Change", "Rankings": aggregate
        default: 1
        }
    }

    /// Whether a request for `path` counts against the limit of expensive requests in flight
    /// (``ConcurrencyLimiter``): those costing ``rows``.
    public static func isExpensive(path: String) -> Bool { http(path: path) >= rows }
}

/// A limit on expensive requests in flight at once, across all clients: beyond it a request
/// is refused at once (503 with `Retry-After`) rather than queued, so that however many clients
/// pull the biggest answers, cheap requests keep the CPU they need.
public final class ConcurrencyLimiter: Sendable {
    /// The most expensive requests in flight at once.
    public let limit: Int
    private let inFlight = Mutex(0)

    /// A limiter of `limit` requests at once (at least 1).
    public init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Takes a slot; `false` when `limit` are taken.
    public func acquire() -> Bool {
        inFlight.withLock { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
    }

    /// Gives a slot back.
    public func release() {
        inFlight.withLock { $0 -= 1 }
    }

    /// The requests in flight now.
    public var current: Int { inFlight.withLock { $0 } }
}
