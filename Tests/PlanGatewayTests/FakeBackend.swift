import GRPCCore
import Logging
import PlanGateway
import PlanWire
import PlanServerRuntime
import PlanAPI
import Synchronization

/// Messages as bytes, for the fake backends.
struct Bytes: MessageSerializer, MessageDeserializer {
    func serialize<B: GRPCContiguousBytes>(_ message: [UInt8]) throws -> B { B(message) }
    func deserialize<B: GRPCContiguousBytes>(_ bytes: B) throws -> [UInt8] { bytes.withUnsafeBytes { Array($0) } }
}

/// A stand-in for a backend replica: every method of the contract answers with the replica's
/// name, after an optional pause, or fails as told; the metadata it saw comes back in the
/// response's metadata (`seen-…`).
final class FakeBackend: RegistrableRPCService, Sendable {
    enum Behaviour: Sendable { case answer, fail(RPCError.Code), pause(Duration) }

    let name: String
    let behaviour = Mutex(Behaviour.answer)
    let calls = Atomic(0)
    let health = HealthService(services: [PlanContract.catalogueService, PlanContract.metricsService])

    init(name: String) { self.name = name }

    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        health.registerMethods(with: &router)
        for method in PlanContract.all {
            router.registerHandler(forMethod: method.descriptor, deserializer: Bytes(), serializer: Bytes()) { [self] request, _ in
                calls.add(1, ordering: .relaxed)
                let message = try await ServerRequest(stream: request).message
                switch behaviour.withLock({ $0 }) {
                case .answer: break
                case .fail(let code): throw RPCError(code: code, message: "\(name) fails as told")
                case .pause(let duration): try await Task.sleep(for: duration)
                }
                var seen: Metadata = [:]
                for (key, value) in request.metadata {
                    if case .string(let text) = value { seen.addString(text, forKey: "seen-\(key)") }
                }
                if method.serverStreaming {
                    return StreamingServerResponse { writer in
                        for _ in 0..<3 { try await writer.write(Array(self.name.utf8)) }
                        return ["served-by": "\(self.name)"]
                    }
                }
                return StreamingServerResponse(
                    single: ServerResponse(message: Array(name.utf8) + message, metadata: seen, trailingMetadata: ["served-by": "\(name)"]))
            }
        }
    }
}

/// Fake backends on loopback ports for the duration of `body`.
func withFakeBackends<T: Sendable>(
    _ names: [String], _ body: ([FakeBackend], [Endpoint], [PlanWireServerTransport]) async throws -> T
) async throws -> T {
    let backends = names.map(FakeBackend.init)
    let transports = names.map { _ in PlanWireServerTransport(host: "127.0.0.1", port: 0) }
    let servers = zip(transports, backends).map { GRPCServer(transport: $0, services: [$1]) }
    return try await withThrowingTaskGroup(of: Void.self) { group in
        for server in servers { group.addTask { try await server.serve() } }
        var endpoints: [Endpoint] = []
        for transport in transports {
            endpoints.append(Endpoint(host: "127.0.0.1", port: try await transport.listeningAddress.port!))
        }
        defer {
            for server in servers { server.beginGracefulShutdown() }
        }
        let result = try await body(backends, endpoints, transports)
        for server in servers { server.beginGracefulShutdown() }
        try await group.waitForAll()
        return result
    }
}

/// A pool over `endpoints` run for the duration of `body`.
func withPool<T: Sendable>(
    _ endpoints: [Endpoint], configuration: ResilienceConfiguration = .init(),
    resolver: AddressResolver = .system, _ body: (BackendPool) async throws -> T
) async throws -> T {
    let pool = BackendPool(
        serviceName: PlanContract.metricsService, endpoints: endpoints, configuration: configuration,
        resolver: resolver, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await pool.run() }
        defer { group.cancelAll() }
        return try await body(pool)
    }
}

let aggregate = PlanContract.metrics.first { $0.descriptor.method == "Aggregate" }!
let recordActual = PlanContract.metrics.first { $0.descriptor.method == "RecordActual" }!
let streamRows = PlanContract.metrics.first { $0.descriptor.method == "StreamRows" }!

extension BackendPool {
    /// An Aggregate call with `bytes`, the name of the replica that answered first.
    func call(
        _ bytes: [UInt8] = [], metadata: Metadata = [:], within deadline: Duration = .seconds(5), retryable: Bool = true
    ) async throws -> String {
        let response = try await unary(
            aggregate.descriptor, request: ClientRequest(message: bytes, metadata: metadata), serializer: Bytes(),
            deserializer: Bytes(), deadline: .now + deadline, retryable: retryable)
        return String(decoding: try response.message, as: UTF8.self)
    }
}
