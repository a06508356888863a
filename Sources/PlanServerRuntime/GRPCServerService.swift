import GRPCCore
import PlanWire
import Logging
import ServiceLifecycle

/// A `GRPCServer` on the PlanWire transport as a `Service` of a `ServiceGroup`.
///
/// On graceful shutdown (SIGTERM, SIGINT) the health service reports NOT_SERVING, the server
/// stops taking new calls and lets the calls in flight finish; `run` returns once they have,
/// or once the group's grace period ends and it is cancelled.
public struct GRPCServerService: Service {
    /// The server.
    public let server: GRPCServer<PlanWireServerTransport>
    /// The health service the server serves, drained first on shutdown.
    public let health: HealthService?
    /// Where start, drain and stop are logged.
    public let logger: Logger
    /// Called once the server listens, with the port it listens on.
    let onListening: @Sendable (Int) -> Void

    /// A service for `server` on `transport`, draining `health` on shutdown and telling
    /// `onListening` the port once listening.
    public init(
        server: GRPCServer<PlanWireServerTransport>, transport: PlanWireServerTransport, health: HealthService?,
        logger: Logger, onListening: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.server = server
        self.transport = transport
        self.health = health
        self.logger = logger
        self.onListening = onListening
    }

    let transport: PlanWireServerTransport

    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await server.serve() }
                let port = try await transport.listeningAddress.port ?? 0
                logger.info("listening", metadata: ["port": "\(port)"])
                onListening(port)
                try await group.waitForAll()
            }
        } onGracefulShutdown: {
            health?.drain()
            logger.info("draining: NOT_SERVING, no new calls, calls in flight finish")
            server.beginGracefulShutdown()
        }
        logger.info("stopped")
    }
}
