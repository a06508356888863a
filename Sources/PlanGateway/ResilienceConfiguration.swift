/// How the gateway treats its backends: deadlines, retries, ejection, health checks and the
/// circuit breaker.
public struct ResilienceConfiguration: Sendable {
    /// The deadline of a call whose caller set none.
    public var defaultDeadline: Duration = .seconds(10)
    /// Most attempts of one call, the first included, for reads that fail with UNAVAILABLE.
    public var maxAttempts = 3
    /// The pause before the first retry; each further retry doubles it, up to `maxBackoff`,
    /// and each is jittered down by up to half. Never beyond the call's deadline.
    public var initialBackoff: Duration = .milliseconds(25)
    public var maxBackoff: Duration = .milliseconds(500)
    /// Consecutive failed calls (UNAVAILABLE) after which a replica is ejected.
    public var ejectAfterFailures = 3
    /// How long an ejected replica gets no calls; then one call tries it again.
    public var ejectionDuration: Duration = .seconds(10)
    /// How often each replica's health service is asked, and how long an answer may take.
    public var healthCheckInterval: Duration = .seconds(2)
    public var healthCheckTimeout: Duration = .seconds(1)
    /// Health checks in a row without an answer after which a replica is taken as not serving
    /// (an answer of NOT_SERVING counts at once).
    public var unansweredHealthChecksLimit = 3
    /// How often every configured name is resolved again to follow replicas that come and go.
    public var discoveryInterval: Duration = .seconds(5)
    /// Calls in flight a replica may have; once every replica has this many, calls fail fast
    /// with UNAVAILABLE (the circuit is open) rather than queueing.
    public var maxCallsInFlightPerReplica = 128

    public init() {}
}
