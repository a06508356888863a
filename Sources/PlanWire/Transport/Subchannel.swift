import GRPCCore
import NIOCore
import NIOPosix
import Synchronization

/// The client's link to one endpoint: keeps a connection open, reconnecting with exponential
/// backoff and jitter after a failure, and at once after the server goes away gracefully.
final class Subchannel: Sendable {
    let endpoint: Endpoint
    private let configuration: PlanWireConfiguration
    private let group: any EventLoopGroup
    private let readiness: ReadinessSignal
    private let state = Mutex(State())

    private struct State {
        var connection: ClientConnection?
        /// Whether the last attempt to connect could not reach the endpoint (refused, reset, timed
        /// out) and none has since: gRPC's TRANSIENT_FAILURE.
        var failing = false
        var shuttingDown = false
        var sleeper: Task<Void, any Error>?
    }

    init(endpoint: Endpoint, configuration: PlanWireConfiguration, group: any EventLoopGroup, readiness: ReadinessSignal) {
        self.endpoint = endpoint
        self.configuration = configuration
        self.group = group
        self.readiness = readiness
    }

    /// A connection ready for calls, if there is one.
    var readyConnection: ClientConnection? {
        state.withLock { $0.connection }.flatMap { $0.handler.isAcceptingCalls ? $0 : nil }
    }

    /// Whether the endpoint's last attempt to connect failed and it is waiting to try again (a
    /// call that does not ask to wait for ready fails at once rather than wait for it).
    var isFailing: Bool { state.withLock { $0.failing } }

    /// Keeps the endpoint connected until `shutDown`.
    func run() async {
        var backoff = configuration.reconnectBackoff.initial
        while !state.withLock({ $0.shuttingDown }) {
            var graceful = false
            do {
                let connection = try await connect()
                backoff = configuration.reconnectBackoff.initial
                let shuttingDown = state.withLock { state in
                    if !state.shuttingDown { state.connection = connection }
                    return state.shuttingDown
                }
                if shuttingDown { connection.drain() } else { readiness.notify() }
                try? await connection.handler.unusable.futureResult.get()
                state.withLock { state in
                    if state.connection?.channel === connection.channel { state.connection = nil }
                }
                graceful = connection.channel.isActive  // went away, still finishing its calls
            } catch {
                // Connection refused, reset or timed out, or no HELLO: wait and try again.
            }
            if graceful { continue }
            let wait = backoff * Double.random(in: 0.8...1.2)
            let sleeper = Task { @Sendable in try await Task.sleep(for: wait) }
            let shuttingDown = state.withLock { state in
                state.sleeper = sleeper
                return state.shuttingDown
            }
            if shuttingDown { sleeper.cancel() }
            _ = try? await sleeper.value
            backoff = min(backoff * configuration.backoffMultiplier, configuration.reconnectBackoff.maximum)
        }
    }

    /// Stops reconnecting; the open connection takes no new calls and closes when its calls end.
    func shutDown() {
        let (connection, sleeper) = state.withLock { state in
            state.shuttingDown = true
            defer { state.connection = nil }
            return (state.connection, state.sleeper)
        }
        connection?.drain()
        sleeper?.cancel()
    }

    private func connect() async throws -> ClientConnection {
        let configuration = self.configuration
        let readiness = self.readiness
        let bootstrap = ClientBootstrap(group: group)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelOption(.writeBufferWaterMark, value: .init(low: configuration.writeBufferWaterMarks.low, high: configuration.writeBufferWaterMarks.high))
            .connectTimeout(TimeAmount(configuration.handshakeTimeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([
                        ByteToMessageHandler(FrameDecoder(maxMessageSize: configuration.maxMessageSize)),
                        MessageToByteHandler(FrameEncoder()),
                        ClientConnectionHandler(configuration: configuration, eventLoop: channel.eventLoop, onCallEnded: readiness.notify),
                    ])
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: endpoint.host, port: endpoint.port).get()
            state.withLock { $0.failing = false }
        } catch {
            // Unreachable (refused, reset, timed out): calls waiting for a connection look again,
            // and fail at once unless they wait for ready. A handshake that fails after the TCP
            // connection (a server going away as it accepts) is not this: calls wait for the next.
            state.withLock { $0.failing = true }
            readiness.notify()
            throw error
        }
        let handler = try await channel.pipeline.handler(type: ClientConnectionHandler.self).get()
        let timeout = channel.eventLoop.scheduleTask(in: TimeAmount(configuration.handshakeTimeout)) {
            handler.ready.fail(RPCError(code: .unavailable, message: "no HELLO from \(self.endpoint) in time"))
        }
        defer { timeout.cancel() }
        do {
            let hello = try await handler.ready.futureResult.get()
            return ClientConnection(channel: channel, handler: handler, serverHello: hello)
        } catch {
            channel.close(promise: nil)
            throw error
        }
    }
}
