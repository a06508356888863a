import GRPCCore
import PlanGateway
import PlanAPI
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
        #expect(throws: GatewayConfigurationError.self) { try WriteToken("short") }
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
}
