import Foundation
import GRPCCore
import PlanWire
import PlanAPI
import PlanProtobuf
import PlanServerRuntime

/// The backends behind the gateway, the catalogue and the metrics replicas, and how one call
/// goes to them: to the pool of the method's service, with the caller's metadata and deadline.
public struct GatewayBackends: Sendable {
    public let catalogue: BackendPool
    public let metrics: BackendPool
    public let configuration: ResilienceConfiguration
    /// The write token, passed on to the backends with every write (`authorization: Bearer …`):
    /// plan-metrics checks it again (``WriteAccessInterceptor``).
    let writeToken: WriteToken?

    public init(
        catalogue: BackendPool, metrics: BackendPool, configuration: ResilienceConfiguration, writeToken: WriteToken? = nil
    ) {
        self.catalogue = catalogue
        self.metrics = metrics
        self.configuration = configuration
        self.writeToken = writeToken
    }

    /// Where and how a call goes.
    public struct Call: Sendable {
        /// The pool of the method's service.
        public var pool: BackendPool
        /// The metadata to forward: the caller's, without its timeout (sent as the deadline).
        public var metadata: Metadata
        /// The caller's deadline, or the default one.
        public var deadline: ContinuousClock.Instant
    }

    /// The call of `method` with the caller's `metadata`, its `grpc-timeout` turned into a
    /// deadline (the default one when absent). The caller's `authorization` is never forwarded;
    /// a write carries the gateway's own write token instead.
    public func call(for method: PlanContract.Method, metadata: Metadata, start: ContinuousClock.Instant = .now) -> Call {
        var forwarded = metadata
        let timeout = metadata[stringValues: GRPCTimeout.key].first(where: { _ in true }).flatMap(GRPCTimeout.decode)
        forwarded.removeAllValues(forKey: GRPCTimeout.key)
        forwarded.removeAllValues(forKey: "authorization")
        if method.writes, let writeToken { forwarded.addString(writeToken.authorization, forKey: "authorization") }
        let deadline = start + (timeout.map { .microseconds(Int64(clamping: $0)) } ?? configuration.defaultDeadline)
        let pool = method.descriptor.service.fullyQualifiedService == PlanContract.catalogueService ? catalogue : metrics
        return Call(pool: pool, metadata: forwarded, deadline: deadline)
    }

    /// Whether a call may be retried on another replica: reads always; a recording only with
    /// a request id, which makes the backend record it once however often it is sent.
    public func mayRetry(_ method: PlanContract.Method, message: [UInt8]) -> Bool {
        guard method.writes else { return true }
        let request = try? ProtobufDeserializer<RecordActualRequest>().deserialize(message)
        return !(request?.requestID.isEmpty ?? true)
    }

    /// A new request id: 16 random bytes in lower-case hex (two draws of the system's
    /// generator, not one per byte: it is made for every request without an `X-Request-Id`).
    public static func newRequestID() -> String {
        var generator = SystemRandomNumberGenerator()
        var digits: [UInt8] = []
        digits.reserveCapacity(32)
        for _ in 0..<2 {
            var bits = generator.next()
            for _ in 0..<16 {
                digits.append(hexDigits[Int(bits & 0x0F)])
                bits >>= 4
            }
        }
        return String(decoding: digits, as: UTF8.self)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
