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

        init(_ service: String, _ method: String, serverStreaming: Bool = false, writes: Bool = false) {
            descriptor = MethodDescriptor(fullyQualifiedService: service, method: method)
            self.serverStreaming = serverStreaming
            self.writes = writes
        }
    }

    /// `plan.v1.Catalogue`.
    public static let catalogueService = "plan.v1.Catalogue"
    /// `plan.v1.Metrics`.
    public static let metricsService = "plan.v1.Metrics"

    /// Every method of `plan.v1.Catalogue`.
    public static let catalogue: [Method] = [
        "ListProgrammes", "GetProgramme", "ListUnits", "GetUnit", "ListObjectives", "ListMandates", "ListResults",
        "GetResult", "ListTables", "GetTable", "Search",
    ].map { Method(catalogueService, $0) }

    /// Every method of `plan.v1.Metrics`.
    public static let metrics: [Method] = [
        Method(metricsService, "GetFigures"), Method(metricsService, "Aggregate"),
        Method(metricsService, "ImplementationRate"), Method(metricsService, "Change"),
        Method(metricsService, "Rankings"), Method(metricsService, "RecordActual", writes: true),
        Method(metricsService, "RowHistory"), Method(metricsService, "WatchRecordings", serverStreaming: true),
        Method(metricsService, "StreamRows", serverStreaming: true),
    ]

    /// Every method of the contract, the catalogue's first.
    public static let all = catalogue + metrics

    /// The methods by descriptor, for the lookup every call through the gateway makes.
    private static let byDescriptor = Dictionary(uniqueKeysWithValues: all.map { ($0.descriptor, $0) })

    /// The method with `descriptor`, if the contract has it.
    public static func method(_ descriptor: MethodDescriptor) -> Method? {
        byDescriptor[descriptor]
    }
}
