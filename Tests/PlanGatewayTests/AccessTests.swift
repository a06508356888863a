import GRPCCore
import Logging
import PlanGateway
import PlanAPI
import PlanServerRuntime
import PlanWire
import Testing

@Suite("Access control and rate limits")
struct AccessTests {
    let token = try! WriteToken("s3cret-token-for-tests")
    let record = PlanContract.method(MethodDescriptor(fullyQualifiedService: "plan.v1.Metrics", method: "RecordActual"))!
    let aggregate = PlanContract.method(MethodDescriptor(fullyQualifiedService: "plan.v1.Metrics", method: "Aggregate"))!

    @Test("Recording needs the bearer token; reads are open unless configured otherwise")
    func recordingNeedsToken() throws {
        let policy = AccessPolicy(token: token)
        try policy.check(aggregate, authorization: nil)
        try policy.check(record, authorization: "Bearer s3cret-token-for-tests")
        try policy.check(record, authorization: "bearer s3cret-token-for-tests")
        for header in [nil, "Bearer wrong-token-of-same-sz", "Bearer s3cret-token-for-test", "s3cret-token-for-tests", "Bearer "] {
            #expect(throws: RPCError.self) { try policy.check(record, authorization: header) }
            do { try policy.check(record, authorization: header) } catch { #expect(error.code == .unauthenticated) }
        }
        let closed = AccessPolicy(token: token, readsNeedToken: true)
        do { try closed.check(aggregate, authorization: nil) } catch { #expect(error.code == .unauthenticated) }
        try closed.check(aggregate, authorization: "Bearer s3cret-token-for-tests")
    }

    @Test("Without a configured token recording is refused as PERMISSION_DENIED")
    func noTokenConfigured() {
        do {
            try AccessPolicy(token: nil).check(record, authorization: "Bearer anything-at-all-here")
            Issue.record("recording was allowed without a configured token")
        } catch {
            #expect(error.code == .permissionDenied)
            #expect(error.message.contains("no write token configured"))
        }
    }

    @Test("A token shorter than 16 characters is refused as guessable")
    func shortToken() {
        #expect(throws: WriteTokenError.self) { try WriteToken("short") }
    }

    @Test("A backend checks writes itself: none configured is PERMISSION_DENIED, missing or wrong UNAUTHENTICATED")
    func backendChecksWrites() throws {
        let guarded = WriteAccessInterceptor(token: token, serverName: "plan-metrics")
        try guarded.check(record, authorization: "Bearer s3cret-token-for-tests")
        for header in [nil, "Bearer wrong", "s3cret-token-for-tests"] {
            do {
                try guarded.check(record, authorization: header)
                Issue.record("accepted \(header ?? "no token")")
            } catch {
                #expect(error.code == .unauthenticated)
                #expect(!error.message.contains("s3cret"))
            }
        }
        do {
            try WriteAccessInterceptor(token: nil, serverName: "plan-metrics").check(record, authorization: "Bearer x")
            Issue.record("accepted without a configured token")
        } catch {
            #expect(error.code == .permissionDenied && error.message.contains("plan-metrics has no write token"))
        }
    }

    @Test("The credential is taken off the metadata: its first value is checked, every one is removed, the rest stays")
    func credentialTakenOff() {
        var metadata: Metadata = ["authorization": "Bearer first", "x-request-id": "r1"]
        metadata.addString("Bearer second", forKey: "authorization")
        #expect(metadata.takeAuthorization() == "Bearer first")
        #expect(Array(metadata[stringValues: "authorization"]).isEmpty)
        #expect(Array(metadata[stringValues: "x-request-id"]) == ["r1"])
        #expect(metadata.takeAuthorization() == nil)
    }

    @Test("The gateway passes its own token on with writes only, never the caller's authorization")
    func passesTheTokenOn() {
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let pool = BackendPool(
            serviceName: PlanContract.metricsService, endpoints: [Endpoint(host: "127.0.0.1", port: 1)], logger: logger)
        let backends = GatewayBackends(catalogue: pool, metrics: pool, configuration: .init(), writeToken: token)
        let caller: Metadata = ["authorization": "Bearer what-the-caller-sent", "x-request-id": "r"]
        #expect(Array(backends.call(for: record, metadata: caller).metadata[stringValues: "authorization"])
            == ["Bearer s3cret-token-for-tests"])
        #expect(Array(backends.call(for: aggregate, metadata: caller).metadata[stringValues: "authorization"]).isEmpty)
        let tokenless = GatewayBackends(catalogue: pool, metrics: pool, configuration: .init())
        #expect(Array(tokenless.call(for: record, metadata: caller).metadata[stringValues: "authorization"]).isEmpty)
    }

    @Test("A client's bucket allows its burst, then refuses with the wait, and refills at the rate; other clients are unaffected")
    func tokenBucket() {
        let limiter = RateLimiter(rate: 10, burst: 3)
        let start = ContinuousClock.now
        for _ in 0..<3 { #expect(limiter.admit("a", now: start) == nil) }
        let wait = limiter.admit("a", now: start)
        #expect(wait != nil && wait! > .milliseconds(90) && wait! <= .milliseconds(100))
        #expect(limiter.admit("b", now: start) == nil)
        #expect(limiter.admit("a", now: start + .milliseconds(100)) == nil)
        #expect(limiter.admit("a", now: start + .milliseconds(100)) != nil)
    }

    @Test("Costs: a call takes its cost from the bucket (at most the burst); expensive calls share a limit in flight")
    func costs() {
        let limiter = RateLimiter(rate: 10, burst: 100)
        let start = ContinuousClock.now
        #expect(limiter.admit("a", cost: AdmissionCost.rows, now: start) == nil)
        let wait = limiter.admit("a", cost: AdmissionCost.aggregate, now: start)
        #expect(wait != nil && wait! > .milliseconds(490) && wait! <= .milliseconds(500))
        #expect(limiter.admit("a", cost: 1_000, now: start + .seconds(10)) == nil)
        #expect(AdmissionCost.http(path: "/v1/rows") == AdmissionCost.rows)
        #expect(AdmissionCost.http(path: "/v1/metrics/aggregate") == AdmissionCost.aggregate)
        #expect(AdmissionCost.http(path: "/v1/programmes/p6") == 1)
        #expect(AdmissionCost.method("StreamRows") == AdmissionCost.http(path: "/v1/rows"))
        #expect(AdmissionCost.method("StreamRowBatches") == AdmissionCost.http(path: "/v1/rows"))
        #expect(AdmissionCost.isExpensive(path: "/v1/rows") && !AdmissionCost.isExpensive(path: "/v1/metrics/aggregate"))
        let inFlight = ConcurrencyLimiter(limit: 2)
        #expect(inFlight.acquire() && inFlight.acquire())
        #expect(!inFlight.acquire())
        inFlight.release()
        #expect(inFlight.acquire() && inFlight.current == 2)
    }

    @Test("The client key is the peer's IP address without the port")
    func clientKeys() {
        #expect(clientKey(peer: "[IPv4]127.0.0.1/127.0.0.1:54321") == "127.0.0.1")
        #expect(clientKey(peer: "[IPv6]::1/::1:8080") == "::1")
        #expect(clientKey(peer: "10.0.0.7:9000") == "10.0.0.7")
    }
}

@Suite("Secrets")
struct SecretTests {
    @Test("The write token never shows in descriptions, debug output or reflection (logs dump services)")
    func tokenIsRedacted() throws {
        let token = try WriteToken("s3cret-token-for-tests")
        let policy = AccessPolicy(token: token)
        for text in ["\(token)", String(reflecting: token), "\(policy)", String(reflecting: policy), "\(Mirror(reflecting: token).children.map { $0 })"] {
            #expect(!text.contains("s3cret") && !text.contains("115, 51"), "\(text)")
        }
    }

    @Test("A new request id is 32 lowercase hex digits (16 random bytes), a different one each time")
    func requestIDs() {
        let ids = (0..<1000).map { _ in GatewayBackends.newRequestID() }
        for id in ids {
            #expect(id.utf8.count == 32 && id.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }, "\(id)")
        }
        #expect(Set(ids).count == ids.count)
        // Each half is zero-padded: over 1,000 ids, some half starts with a 0 digit.
        #expect(ids.contains { $0.hasPrefix("0") || $0.dropFirst(16).hasPrefix("0") })
    }
}
