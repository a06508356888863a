import GRPCCore
import PlanObservability
import PlanWire
import PlanAPI
import Prometheus
import Synchronization

/// Messages as raw bytes, so these tests need no generated code.
struct RawBytes: MessageSerializer, MessageDeserializer {
    func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes { Bytes(message) }
    func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> [UInt8] {
        serializedMessageBytes.withUnsafeBytes { Array($0) }
    }
}

/// `Get` echoes, `Missing` answers NOT_FOUND, `Hold` answers once `release` is called.
final class ProbeService: RegistrableRPCService, Sendable {
    static let get = MethodDescriptor(fullyQualifiedService: "test.Probe", method: "Get")
    static let missing = MethodDescriptor(fullyQualifiedService: "test.Probe", method: "Missing")
    static let hold = MethodDescriptor(fullyQualifiedService: "test.Probe", method: "Hold")

    private let held = Mutex<[CheckedContinuation<Void, Never>]>([])
    private let released = Atomic(false)

    /// Lets every `Hold` call (and those to come) answer.
    func release() {
        released.store(true, ordering: .sequentiallyConsistent)
        for waiter in held.withLock({ held in defer { held = [] }; return held }) { waiter.resume() }
    }

    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        router.registerHandler(forMethod: Self.get, deserializer: RawBytes(), serializer: RawBytes()) { request, _ in
            var received: [UInt8] = []
            for try await message in request.messages { received += message }
            return StreamingServerResponse(single: ServerResponse(message: received))
        }
        router.registerHandler(forMethod: Self.missing, deserializer: RawBytes(), serializer: RawBytes()) { request, _ in
            for try await _ in request.messages {}
            throw RPCError(code: .notFound, message: "no such thing")
        }
        router.registerHandler(forMethod: Self.hold, deserializer: RawBytes(), serializer: RawBytes()) { [self] request, _ in
            for try await _ in request.messages {}
            await withCheckedContinuation { continuation in
                let resumeNow = held.withLock { held in
                    if released.load(ordering: .sequentiallyConsistent) { return true }
                    held.append(continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
            return StreamingServerResponse(single: ServerResponse(message: [1]))
        }
    }
}

extension GRPCClient<PlanWireClientTransport> {
    /// A unary call of `descriptor` with `message`, returning the answer or throwing the call's error.
    func call(_ descriptor: MethodDescriptor, _ message: [UInt8] = [7]) async throws -> [UInt8] {
        try await unary(
            request: ClientRequest(message: message), descriptor: descriptor, serializer: RawBytes(),
            deserializer: RawBytes(), options: .defaults
        ) { try $0.message }
    }
}

/// The samples of a Prometheus text exposition: series (`name{labels}`) → value.
struct Exposition {
    let samples: [String: Double]
    let lines: [String]

    init(_ registry: PrometheusCollectorRegistry) {
        self.init(text: registry.emitToString())
    }

    init(text: String) {
        lines = text.split(separator: "\n").map(String.init)
        var samples: [String: Double] = [:]
        for line in lines where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            samples[String(line[..<space])] = value
        }
        self.samples = samples
    }

    subscript(series: String) -> Double? { samples[series] }
}

/// A registry and a factory over it, for one test (not the process-wide `MetricsSystem`).
struct TestMetrics {
    let registry = PrometheusCollectorRegistry()
    var factory: PrometheusMetricsFactory { PrometheusMetrics.factory(registry: registry) }
}

/// Polls `condition` every 10 ms for up to 5 s.
func eventually(_ condition: () -> Bool) async throws -> Bool {
    for _ in 0..<500 {
        if condition() { return true }
        try await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}
