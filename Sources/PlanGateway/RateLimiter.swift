import Synchronization

/// A token bucket per client: each client may spend `burst` tokens at once and `rate` tokens a
/// second on average; beyond that its calls are refused (429, RESOURCE_EXHAUSTED) while other
/// clients are served. A call costs what its answer costs the gateway (``AdmissionCost``: 1 for
/// most, more for the big answers), so a client under the call rate cannot take the machine
/// with expensive calls. Buckets of clients idle long enough to be full again are forgotten.
public final class RateLimiter: Sendable {
    /// Calls a second a client earns.
    public let rate: Double
    /// Calls a client may make at once.
    public let burst: Double
    private let buckets = Mutex<[String: Bucket]>([:])
    private let maxClients: Int

    struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    /// A limiter of `rate` calls a second with bursts of `burst`, tracking at most `maxClients`
    /// clients (the least recently seen full buckets are dropped first).
    public init(rate: Double, burst: Int, maxClients: Int = 100_000) {
        precondition(rate > 0 && burst > 0, "a rate limit needs a positive rate and burst")
        self.rate = rate
        self.burst = Double(burst)
        self.maxClients = maxClients
    }

    /// Takes a call costing `cost` tokens (at most `burst`) from `client`'s bucket; `nil` if
    /// allowed, else how long until it would be (the Retry-After).
    public func admit(_ client: String, cost: Double = 1, now: ContinuousClock.Instant = .now) -> Duration? {
        let cost = min(max(cost, 0), burst)
        return buckets.withLock { buckets in
            var bucket = buckets[client] ?? Bucket(tokens: burst, updated: now)
            let elapsed = now - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(burst, bucket.tokens + max(0, seconds) * rate)
            bucket.updated = now
            defer {
                buckets[client] = bucket
                if buckets.count > maxClients { Self.forgetFull(&buckets, now: now, rate: rate, burst: burst) }
            }
            guard bucket.tokens >= cost else { return .seconds((cost - bucket.tokens) / rate) }
            bucket.tokens -= cost
            return nil
        }
    }

    private static func forgetFull(_ buckets: inout [String: Bucket], now: ContinuousClock.Instant, rate: Double, burst: Double) {
        let refill = Duration.seconds(burst / rate)
        buckets = buckets.filter { now - $0.value.updated < refill }
    }
}

/// The client a call comes from, for rate limits: the IP address of the peer (the port is
/// left out, so one client's connections share a bucket).
public func clientKey(peer: String) -> String {
    // NIO describes addresses as "[IPv4]127.0.0.1/127.0.0.1:54321" or "[IPv6]::1/::1:54321".
    var text = Substring(peer)
    if let bracket = text.firstIndex(of: "]") { text = text[text.index(after: bracket)...] }
    if let slash = text.firstIndex(of: "/") { return String(text[..<slash]) }
    if let colon = text.lastIndex(of: ":") { return String(text[..<colon]) }
    return String(text)
}
