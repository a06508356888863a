import GRPCCore
@testable import PlanGateway
import PlanWire
import PlanAPI
import Testing

@Suite("Balancing and resilience")
struct BackendPoolTests {
    @Test("Calls are balanced round-robin over the replicas")
    func roundRobin() async throws {
        try await withFakeBackends(["a", "b"]) { backends, endpoints, _ in
            try await withPool(endpoints) { pool in
                // Both connected and serving first: until then connected replicas take the calls.
                try await waitUntil { pool.replicas.count == 2 && pool.replicas.allSatisfy(\.isConnected) && pool.availableCount == 2 }
                var served: [String: Int] = [:]
                for _ in 0..<20 { served[try await pool.call(), default: 0] += 1 }
                #expect(served == ["a": 10, "b": 10])
            }
        }
    }

    @Test("A read that fails with UNAVAILABLE is retried on another replica; a replica failing in a row is ejected")
    func retryAndEject() async throws {
        try await withFakeBackends(["a", "b"]) { backends, endpoints, _ in
            backends[0].behaviour.withLock { $0 = .fail(.unavailable) }
            var configuration = ResilienceConfiguration()
            configuration.ejectAfterFailures = 2
            configuration.ejectionDuration = .seconds(60)
            // No health check after the first during the test: a SERVING one would end the ejection.
            configuration.healthCheckInterval = .seconds(60)
            try await withPool(endpoints, configuration: configuration) { pool in
                for _ in 0..<10 {
                    let name = try await pool.call()
                    #expect(name == "b")
                }
                // Ejected after its second failure: the rest went straight to b. (The first health
                // check may answer SERVING after the failures and end the ejection once: a third.)
                #expect((2...3).contains(backends[0].calls.load(ordering: .relaxed)))
                #expect(pool.report.contains("ejected"))
                #expect(pool.availableCount == 1)
            }
        }
    }

    @Test("A SERVING health check ends an ejection at once; a silent or draining replica stays out")
    func servingEndsEjection() {
        var configuration = ResilienceConfiguration()
        configuration.ejectAfterFailures = 2
        configuration.ejectionDuration = .seconds(600)
        let replica = Replica(
            name: Endpoint(host: "127.0.0.1", port: 1), endpoint: Endpoint(host: "127.0.0.1", port: 1),
            configuration: PlanWireConfiguration())
        func fail() {
            #expect(replica.acquire(limit: 10))
            replica.release(failed: true, configuration: configuration)
        }
        fail()
        fail()
        #expect(replica.isEjected(at: .now) && !replica.isAvailable(at: .now))
        #expect(!replica.recordHealth(.noAnswer, unansweredLimit: 1))
        #expect(replica.isEjected(at: .now))
        #expect(replica.recordHealth(.serving, unansweredLimit: 1))
        #expect(!replica.isEjected(at: .now) && replica.isAvailable(at: .now))
        // The run of failures starts again from nothing: one more failure does not eject it.
        fail()
        #expect(replica.isAvailable(at: .now))
        fail()
        #expect(!replica.isAvailable(at: .now))
        // NOT_SERVING does not end an ejection.
        #expect(!replica.recordHealth(.notServing, unansweredLimit: 1))
        #expect(replica.isEjected(at: .now))
    }

    @Test("A write is not retried unless marked safe; other errors are never retried")
    func writesAndOtherErrors() async throws {
        try await withFakeBackends(["a", "b"]) { backends, endpoints, _ in
            backends[0].behaviour.withLock { $0 = .fail(.unavailable) }
            backends[1].behaviour.withLock { $0 = .fail(.unavailable) }
            try await withPool(endpoints) { pool in
                let error = await #expect(throws: RPCError.self) { try await pool.call(retryable: false) }
                #expect(error?.code == .unavailable)
                #expect(backends[0].calls.load(ordering: .relaxed) + backends[1].calls.load(ordering: .relaxed) == 1)
            }
            backends[0].behaviour.withLock { $0 = .fail(.invalidArgument) }
            backends[1].behaviour.withLock { $0 = .fail(.invalidArgument) }
            try await withPool(endpoints) { pool in
                let error = await #expect(throws: RPCError.self) { try await pool.call() }
                #expect(error?.code == .invalidArgument)
            }
        }
    }

    @Test("A replica whose health check says NOT_SERVING gets no calls until it serves again")
    func healthChecks() async throws {
        try await withFakeBackends(["a", "b"]) { backends, endpoints, _ in
            var configuration = ResilienceConfiguration()
            configuration.healthCheckInterval = .milliseconds(50)
            try await withPool(endpoints, configuration: configuration) { pool in
                backends[0].health.drain()
                try await waitUntil { pool.availableCount == 1 }
                for _ in 0..<6 {
                    let name = try await pool.call()
                    #expect(name == "b")
                }
                backends[0].health.setStatus(.serving, forService: PlanContract.metricsService)
                try await waitUntil { pool.availableCount == 2 }
                var served: Set<String> = []
                for _ in 0..<4 { served.insert(try await pool.call()) }
                #expect(served == ["a", "b"])
            }
        }
    }

    @Test("With no replica serving, calls still go to those not ejected rather than all failing (panic mode)")
    func panicMode() async throws {
        try await withFakeBackends(["a", "b"]) { backends, endpoints, _ in
            var configuration = ResilienceConfiguration()
            configuration.healthCheckInterval = .milliseconds(50)
            try await withPool(endpoints, configuration: configuration) { pool in
                for backend in backends { backend.health.drain() }
                try await waitUntil { pool.availableCount == 0 }
                var served: Set<String> = []
                for _ in 0..<4 { served.insert(try await pool.call()) }
                #expect(served == ["a", "b"])
            }
        }
    }

    @Test("A replica is taken as not serving after three unanswered health checks, at once on NOT_SERVING")
    func unansweredHealthChecks() async throws {
        try await withFakeBackends(["a"]) { _, endpoints, _ in
            try await withPool(endpoints) { pool in
                let replica = try #require(pool.replicas.first)
                #expect(replica.recordHealth(.noAnswer, unansweredLimit: 3))
                #expect(replica.recordHealth(.noAnswer, unansweredLimit: 3))
                #expect(!replica.recordHealth(.noAnswer, unansweredLimit: 3))
                #expect(replica.recordHealth(.serving, unansweredLimit: 3))
                #expect(!replica.recordHealth(.notServing, unansweredLimit: 3))
            }
        }
    }

    @Test("A replica that stops is passed over: every call still succeeds")
    func replicaStops() async throws {
        try await withFakeBackends(["a", "b"]) { backends, endpoints, transports in
            try await withPool(endpoints) { pool in
                let first = try await pool.call()
                let second = try await pool.call()
                #expect(Set([first, second]) == ["a", "b"])
                transports[0].beginGracefulShutdown()
                // Calls a answered while going away are fine; none fails, and then b serves all.
                var served: [String] = []
                for _ in 0..<20 { served.append(try await pool.call()) }
                #expect(served.suffix(10).allSatisfy { $0 == "b" })
            }
        }
    }

    @Test("The remaining deadline goes to the backend, and a call past it is DEADLINE_EXCEEDED")
    func deadlines() async throws {
        try await withFakeBackends(["a"]) { backends, endpoints, _ in
            try await withPool(endpoints) { pool in
                let response = try await pool.unary(
                    aggregate.descriptor, request: ClientRequest(message: [UInt8](), metadata: ["x-request-id": "r-1"]),
                    serializer: Bytes(), deserializer: Bytes(), deadline: .now + .seconds(20), retryable: true)
                let timeout = try #require(
                    response.metadata[stringValues: "seen-grpc-timeout"].first(where: { _ in true }).flatMap(GRPCTimeout.decode))
                #expect(timeout > 10_000_000 && timeout <= 20_000_000)
                #expect(Array(response.metadata[stringValues: "seen-x-request-id"]) == ["r-1"])
                backends[0].behaviour.withLock { $0 = .pause(.seconds(2)) }
                let error = await #expect(throws: RPCError.self) { try await pool.call(within: .milliseconds(200)) }
                #expect(error?.code == .deadlineExceeded)
            }
        }
    }

    @Test("When every replica has its limit of calls in flight, the circuit opens: UNAVAILABLE at once")
    func circuitBreaker() async throws {
        try await withFakeBackends(["a"]) { backends, endpoints, _ in
            backends[0].behaviour.withLock { $0 = .pause(.milliseconds(500)) }
            var configuration = ResilienceConfiguration()
            configuration.maxCallsInFlightPerReplica = 1
            configuration.maxAttempts = 1
            try await withPool(endpoints, configuration: configuration) { pool in
                async let slow = pool.call()
                try await Task.sleep(for: .milliseconds(100))
                let error = await #expect(throws: RPCError.self) { try await pool.call() }
                #expect(error?.code == .unavailable)
                #expect(error?.message.contains("overloaded") == true)
                let answer = try await slow
                #expect(answer == "a")
            }
        }
    }
}

/// Waits (up to 5 s) until `condition` holds.
func waitUntil(_ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(5)
    while !condition() {
        guard ContinuousClock.now < deadline else {
            Issue.record("the condition did not hold within 5 s")
            return
        }
        try await Task.sleep(for: .milliseconds(20))
    }
}
