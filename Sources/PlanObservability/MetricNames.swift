/// The names of the metrics the services export, and their labels.
public enum MetricNames {
    /// Counter of the calls a server answered, by `method` (`plan.v1.Catalogue/GetProgramme`)
    /// and `code` (`OK`, `NOT_FOUND`, … as in gRPC's canonical status names).
    public static let calls = "plan_rpc_calls_total"
    /// Histogram of the seconds calls took, from accepting the call to its status, by `method`.
    public static let duration = "plan_rpc_duration_seconds"
    /// Gauge of the calls being answered now, by `method`.
    public static let inFlight = "plan_rpc_in_flight"
    /// Gauge of the PlanWire connections open now.
    public static let openConnections = "plan_wire_connections_open"
    /// Counter of the PlanWire connections accepted since start.
    public static let acceptedConnections = "plan_wire_connections_accepted_total"
}
