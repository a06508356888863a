import GRPCCore

/// The methods of `Protos/`, as the gateway routes them: which service serves each, whether
/// it streams its responses, and whether it writes.
public enum PlanContract {
    /// One method of the contract.
    public struct Method: Hashable, Sendable {
        /// The method's descriptor, `plan.v1.Metrics/Aggregate` and so on.
        public var descriptor: MethodDescriptor
        /// Whether the server streams responses (all requests are single messages).
        public var serverStreaming: Bool
        /// Whether the method changes recorded data (needs the write token, is never retried
        /// without a request id).
        public var writes: Bool

        init(_ method: any PlanMethod.Type) {
            descriptor = method.descriptor
            serverStreaming = method.serverStreaming
            writes = PlanContract.writing.contains(method.descriptor)
        }
    }

    /// `plan.v1.Catalogue`.
    public static let catalogueService = Plan_V1_Catalogue.descriptor.fullyQualifiedService
    /// `plan.v1.Metrics`.
    public static let metricsService = Plan_V1_Metrics.descriptor.fullyQualifiedService

    /// The methods that change recorded data (the .proto does not say which do).
    static let writing: Set<MethodDescriptor> = [Plan_V1_Metrics.Method.RecordActual.descriptor]

    /// Every method of `plan.v1.Catalogue`, from the generated descriptors.
    public static let catalogue: [Method] = Plan_V1_Catalogue.Method.all.map(Method.init)

    /// Every method of `plan.v1.Metrics`, from the generated descriptors.
    public static let metrics: [Method] = Plan_V1_Metrics.Method.all.map(Method.init)

    /// Every method of the contract, the catalogue's first.
    public static let all = catalogue + metrics

    /// The methods by descriptor, for the lookup every call through the gateway makes.
    private static let byDescriptor = Dictionary(uniqueKeysWithValues: all.map { ($0.descriptor, $0) })

    /// The method with `descriptor`, if the contract has it.
    public static func method(_ descriptor: MethodDescriptor) -> Method? {
        byDescriptor[descriptor]
    }

    /// The contract's entry for a generated method (`Plan_V1_Metrics.Method.Aggregate.self`).
    package static func method(_ method: (some PlanMethod).Type) -> Method {
        guard let entry = byDescriptor[method.descriptor] else {
            preconditionFailure("\(method.descriptor) is not a method of plan.v1.Catalogue or plan.v1.Metrics")
        }
        return entry
    }
}
