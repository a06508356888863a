import GRPCCore
import Logging
import Metrics
import PlanWire
import PlanServerRuntime
import PlanAPI
import PlanProtobuf
import ServiceLifecycle
import Synchronization

/// The replicas of one backend service, balanced round-robin over those that are healthy.
///
/// Active health checks ask each replica's `grpc.health.v1` service every
/// ``ResilienceConfiguration/healthCheckInterval``: a NOT_SERVING or silent replica gets no new
/// calls. A replica whose calls fail with UNAVAILABLE several times in a row is ejected for a
/// while. A read that fails with UNAVAILABLE is retried on another replica, with backoff, as
/// long as the caller's deadline allows; a write only when the caller marks it safe to retry.
/// When every available replica already has its limit of calls in flight the call fails at once
/// with UNAVAILABLE (the circuit is open) rather than piling up.
///
/// The replicas are found by name: each configured endpoint is resolved again every
/// ``ResilienceConfiguration/discoveryInterval``, and every address its host has is a replica —
/// a Kubernetes headless Service gives one per pod, so replicas that come and go are followed.
/// A name that stops resolving keeps the replicas it had.
///
/// Run it (it is a `Service`) for its connections, health checks and discovery to live.
public final class BackendPool: Service, Sendable {
    /// The service the replicas serve, `plan.v1.Metrics`.
    public let serviceName: String
    /// The endpoints as configured, by name or address.
    public let names: [Endpoint]
    private let current = Mutex<[Replica]>([])
    let configuration: ResilienceConfiguration
    let transport: PlanWireConfiguration
    let resolver: AddressResolver
    let logger: Logger
    private let next = AtomicCounter()

    /// A pool over the addresses `endpoints` resolve to, which serve `serviceName`.
    public init(
        serviceName: String, endpoints: [Endpoint], configuration: ResilienceConfiguration = .init(),
        transport: PlanWireConfiguration = BackendPool.transportConfiguration, resolver: AddressResolver = .system,
        logger: Logger
    ) {
        precondition(!endpoints.isEmpty, "a backend pool needs at least one endpoint")
        self.serviceName = serviceName
        names = endpoints
        self.configuration = configuration
        self.transport = transport
        self.resolver = resolver
        var logger = logger
        logger[metadataKey: "backend"] = "\(serviceName)"
        self.logger = logger
        _ = rediscover()
    }

    /// The replicas now.
    var replicas: [Replica] { current.withLock { $0 } }

    /// Resolves every name again and brings the replicas in line: a replica for each new
    /// address, none for an address gone (a name that does not resolve keeps its replicas).
    /// Returns the replicas added and removed.
    private func rediscover() -> (added: [Replica], removed: [Replica]) {
        let before = replicas
        var wanted: [(name: Endpoint, address: Endpoint)] = []
        for name in names {
            do {
                wanted += try resolver.addresses(of: name).map { (name, $0) }
            } catch {
                logger.warning("cannot resolve a backend; keeping its replicas", metadata: ["name": "\(name)", "error": "\(error)"])
                wanted += before.filter { $0.name == name }.map { (name, $0.endpoint) }
            }
        }
        var kept: [Replica] = []
        var added: [Replica] = []
        for (name, address) in wanted where !(kept + added).contains(where: { $0.endpoint == address }) {
            if let existing = before.first(where: { $0.endpoint == address }) {
                kept.append(existing)
            } else {
                added.append(Replica(name: name, endpoint: address, configuration: transport))
            }
        }
        let removed = before.filter { replica in !kept.contains { $0 === replica } }
        current.withLock { $0 = kept + added }
        for replica in added { logger.info("replica found", metadata: ["endpoint": "\(replica.endpoint)"]) }
        for replica in removed { logger.info("replica gone", metadata: ["endpoint": "\(replica.endpoint)"]) }
        return (added, removed)
    }

    /// How the gateway connects to a backend: a call waits at most a second for a connection
    /// (then it is UNAVAILABLE and tried elsewhere), reconnects start at 50 ms and never wait
    /// more than 250 ms (a replica back after an outage is connected within that; a refused
    /// connect on loopback or a cluster network costs next to nothing), and keepalive finds a
    /// silent peer within seconds.
    public static var transportConfiguration: PlanWireConfiguration {
        var configuration = PlanWireConfiguration()
        configuration.handshakeTimeout = .seconds(1)
        configuration.reconnectBackoff = (.milliseconds(50), .milliseconds(250))
        configuration.keepaliveInterval = .seconds(5)
        configuration.keepaliveTimeout = .seconds(2)
        // The forwarding handlers only pass bytes on: their calls run on the backend
        // connection's event loop (BENCHMARKS.md, "Where a call runs"). One connection per
        // event loop: an HTTP request handled on its connection's loop calls the backend over
        // that loop's connection, so the whole request stays on one thread.
        configuration.runsCallsOnEventLoop = true
        configuration.connectsOnEveryEventLoop = true
        // The gateway and its backends share a network: deflating every batch of rows on the
        // replica and inflating it here cost more CPU than the bytes saved (BENCHMARKS.md).
        configuration.setCompression(enabled: false)
        return configuration
    }

    /// The addresses of the replicas now.
    public var endpoints: [Endpoint] { replicas.map(\.endpoint) }

    /// Runs every replica's connections, the health checks and discovery until graceful
    /// shutdown (or cancellation).
    public func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            for replica in replicas {
                group.addTask { try await replica.client.runConnections() }
            }
            group.addTask { await self.checkHealth() }
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.configuration.discoveryInterval) }
                guard !Task.isCancelled && !Task.isShuttingDownGracefully else { break }
                let (added, removed) = rediscover()
                for replica in added {
                    group.addTask { try await replica.client.runConnections() }
                }
                // A replica gone finishes the calls it has, then its connection closes.
                for replica in removed { replica.client.beginGracefulShutdown() }
            }
            for replica in replicas { replica.client.beginGracefulShutdown() }
            group.cancelAll()
        }
    }

    /// Asks every replica for its health, again every interval, until cancelled.
    private func checkHealth() async {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await withDiscardingTaskGroup { group in
                for replica in replicas {
                    group.addTask { await self.check(replica) }
                }
            }
            try? await Task.sleep(for: configuration.healthCheckInterval)
        }
    }

    private func check(_ replica: Replica) async {
        var options = CallOptions.defaults
        options.timeout = configuration.healthCheckTimeout
        let answer: Replica.HealthAnswer
        do {
            let status = try await replica.client.unary(
                request: ClientRequest(message: HealthCheckRequest(service: serviceName)),
                descriptor: Grpc_Health_V1_Health.Method.Check.descriptor, serializer: ProtobufSerializer<HealthCheckRequest>(),
                deserializer: ProtobufDeserializer<HealthCheckResponse>(), options: options
            ) { try $0.message.status }
            answer = status == .serving ? .serving : .notServing
        } catch {
            answer = .noAnswer
        }
        let wasServing = replica.snapshot.serving
        let serving = replica.recordHealth(answer, unansweredLimit: configuration.unansweredHealthChecksLimit)
        if wasServing != serving {
            logger.notice(
                serving ? "replica serving" : "replica not serving",
                metadata: ["endpoint": "\(replica.endpoint)", "health": "\(answer)"])
        }
    }

    /// Calls `descriptor` with `request` on a replica, retrying elsewhere on UNAVAILABLE when
    /// `retryable`, within `deadline`.
    public func unary<Request: Sendable, Response: Sendable>(
        _ descriptor: MethodDescriptor, request: ClientRequest<Request>,
        serializer: some MessageSerializer<Request>, deserializer: some MessageDeserializer<Response>,
        deadline: ContinuousClock.Instant, retryable: Bool
    ) async throws -> ClientResponse<Response> {
        try await attempt(deadline: deadline, retryable: retryable) { replica, options in
            let response = try await replica.client.unary(
                request: request, descriptor: descriptor, serializer: serializer, deserializer: deserializer,
                options: options
            ) { $0 }
            // Accepted (metadata came) and then failed (the message did not) counts the same:
            // nothing was answered, and the call may go elsewhere.
            _ = try response.message
            return response
        }
    }

    /// Calls the server-streaming `descriptor` on a replica and hands the accepted response to
    /// `handle`. A call the replica rejects with UNAVAILABLE is retried elsewhere when
    /// `retryable`; once responses flow, a failure ends the call.
    public func serverStreaming<Request: Sendable, Response: Sendable, Result: Sendable>(
        _ descriptor: MethodDescriptor, request: ClientRequest<Request>,
        serializer: some MessageSerializer<Request>, deserializer: some MessageDeserializer<Response>,
        deadline: ContinuousClock.Instant, retryable: Bool,
        handle: @escaping @Sendable (StreamingClientResponse<Response>) async throws -> Result
    ) async throws -> Result {
        try await attempt(deadline: deadline, retryable: retryable) { replica, options in
            try await replica.client.serverStreaming(
                request: request, descriptor: descriptor, serializer: serializer, deserializer: deserializer,
                options: options
            ) { response in
                if case .failure(let error) = response.accepted { throw error }
                return try await handle(response)
            }
        }
    }

    /// Runs `body` on a chosen replica until it succeeds, fails with anything but UNAVAILABLE,
    /// runs out of attempts (one unless `retryable`) or of time.
    private func attempt<T>(
        deadline: ContinuousClock.Instant, retryable: Bool,
        _ body: (Replica, CallOptions) async throws -> T
    ) async throws -> T {
        var tried: Set<Endpoint> = []
        var attempt = 0
        while true {
            let remaining = deadline - .now
            guard remaining > .zero else {
                throw RPCError(code: .deadlineExceeded, message: "the deadline passed before \(serviceName) answered")
            }
            let replica = try choose(avoiding: tried)
            tried.insert(replica.endpoint)
            var options = CallOptions.defaults
            options.timeout = remaining
            do {
                let result = try await body(replica, options)
                replica.release(failed: false, configuration: configuration)
                count(replica, code: "OK")
                return result
            } catch let error as RPCError where error.code == .unavailable {
                replica.release(failed: true, configuration: configuration)
                count(replica, code: "UNAVAILABLE")
                attempt += 1
                guard retryable, attempt < configuration.maxAttempts else { throw error }
                logger.info(
                    "retrying on another replica",
                    metadata: ["endpoint": "\(replica.endpoint)", "attempt": "\(attempt + 1)", "error": "\(error.message)"])
                let pause = backoff(attempt: attempt)
                guard .now + pause < deadline else { throw error }
                try await Task.sleep(for: pause)
            } catch {
                replica.release(failed: false, configuration: configuration)
                count(replica, code: RPCError.Code.canonicalName(of: error))
                throw error
            }
        }
    }

    /// The counter of calls (attempts) made to each replica, by `backend`, `replica` and `code`.
    public static let backendCallsMetric = "plan_gateway_backend_calls_total"

    /// Counts an attempt on `replica` that ended with `code`.
    private func count(_ replica: Replica, code: String) {
        Counter(
            label: Self.backendCallsMetric,
            dimensions: [("backend", serviceName), ("replica", "\(replica.endpoint)"), ("code", code)]
        ).increment()
    }

    /// The replica for the next call, its slot taken: round-robin over the available ones,
    /// those not yet tried by this call first. UNAVAILABLE naming each replica's state when none
    /// is available or all are at their limit of calls in flight.
    private func choose(avoiding tried: Set<Endpoint>) throws(RPCError) -> Replica {
        let now = ContinuousClock.now
        let replicas = self.replicas
        var available = replicas.filter { $0.isAvailable(at: now) }
        if available.isEmpty {
            // Panic mode, as proxies do: with no replica taken as healthy (a slow machine fails
            // health checks too), try those not ejected rather than refuse every call; when all
            // are ejected (a total outage), those connected again: a replica back after an
            // outage takes reads as soon as its connection is up, before its next health check.
            available = replicas.filter { !$0.isEjected(at: now) }
            if available.isEmpty { available = replicas.filter(\.isConnected) }
        }
        guard !available.isEmpty else {
            let state =
                replicas.isEmpty
                ? "\(names.map(\.description).joined(separator: ", ")) resolved to no address"
                : replicas.map(\.report).joined(separator: "; ")
            throw RPCError(code: .unavailable, message: "no replica of \(serviceName) is available: \(state)")
        }
        // Connected replicas not yet tried first, then any not yet tried (a call waits for the
        // connection), then those tried already.
        let untried = available.filter { !tried.contains($0.endpoint) }
        let connected = untried.filter(\.isConnected)
        let start = next.increment()
        for candidates in [connected, untried, available] where !candidates.isEmpty {
            for offset in 0..<candidates.count {
                let replica = candidates[(start + offset) % candidates.count]
                if replica.acquire(limit: configuration.maxCallsInFlightPerReplica) { return replica }
            }
        }
        throw RPCError(
            code: .unavailable,
            message: "\(serviceName) is overloaded: every available replica has "
                + "\(configuration.maxCallsInFlightPerReplica) calls in flight")
    }

    /// The pause before retry `attempt` (1 for the first retry): doubling from the initial
    /// backoff up to the maximum, jittered down by up to half.
    func backoff(attempt: Int) -> Duration {
        let doubled = configuration.initialBackoff * (1 << min(attempt - 1, 16))
        let capped = min(doubled, configuration.maxBackoff)
        return capped * Double.random(in: 0.5...1)
    }

    /// Each replica's state in one line, for health reports.
    public var report: String { replicas.map(\.report).joined(separator: "; ") }

    /// How many replicas may take calls now.
    public var availableCount: Int {
        let now = ContinuousClock.now
        return replicas.filter { $0.isAvailable(at: now) }.count
    }
}

/// A counter shared by concurrent calls.
final class AtomicCounter: Sendable {
    private let value = Mutex(0)
    /// The value before incrementing.
    func increment() -> Int {
        value.withLock { value in
            defer { value &+= 1 }
            return value & Int.max
        }
    }
}
