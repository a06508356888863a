import GRPCCore
import NIOCore
import NIOPosix
import Synchronization

/// GRPCCore's `ServerTransport` over plain TCP: PlanWire frames (PROTOCOL.md) carry the calls.
///
/// ```swift
/// let transport = PlanWireServerTransport(host: "0.0.0.0", port: 7001)
/// let server = GRPCServer(transport: transport, services: [CatalogueService()])
/// try await server.serve()
/// ```
public final class PlanWireServerTransport: ServerTransport, Sendable {
    public typealias Bytes = [UInt8]

    private let host: String
    private let port: Int
    private let configuration: PlanWireConfiguration
    private let group: any EventLoopGroup
    private let address: EventLoopPromise<SocketAddress>
    private let connectionObserver: (@Sendable (ServerConnectionEvent) -> Void)?
    private let state = Mutex(State())
    private let trimmer: MemoryTrimmer?

    private struct State {
        var server: (any Channel)?
        var connections: [ObjectIdentifier: ServerConnection] = [:]
        var shuttingDown = false
        var activeCalls = 0
        var finished: CheckedContinuation<Void, Never>?
    }

    /// A transport that will listen on `host`:`port` (port 0 picks a free port; see
    /// `listeningAddress`), telling `connectionObserver` (if any) of every connection opened and
    /// closed.
    public init(
        host: String, port: Int, configuration: PlanWireConfiguration = .init(),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        connectionObserver: (@Sendable (ServerConnectionEvent) -> Void)? = nil
    ) {
        self.host = host
        self.port = port
        self.configuration = configuration
        self.group = eventLoopGroup
        self.connectionObserver = connectionObserver
        self.address = eventLoopGroup.next().makePromise(of: SocketAddress.self)
        self.trimmer = configuration.releasesMemoryAfterClose ? MemoryTrimmer(eventLoop: eventLoopGroup.next()) : nil
    }

    /// The address the transport listens on, once `listen` has bound it.
    public var listeningAddress: SocketAddress {
        get async throws { try await address.futureResult.get() }
    }

    /// Accepts connections and runs each call's handler in a task of its own, until a graceful
    /// shutdown has ended every connection and every call.
    public func listen(
        streamHandler: @escaping @Sendable (_ stream: RPCStream<Inbound, Outbound>, _ context: ServerContext) async -> Void
    ) async throws {
        let configuration = self.configuration
        let server: any Channel
        do {
            server = try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .serverChannelOption(.backlog, value: Int32(clamping: configuration.listenBacklog))
                .serverChannelOption(.maxMessagesPerRead, value: 64)  // accepts a burst in fewer wake-ups
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelOption(.writeBufferWaterMark, value: .init(low: configuration.writeBufferWaterMarks.low, high: configuration.writeBufferWaterMarks.high))
                .childChannelInitializer { [self] channel in
                    channel.eventLoop.makeCompletedFuture {
                        let monitor = FrameProgressMonitor(timeout: configuration.handshakeTimeout)
                        let handler = ServerConnectionHandler(configuration: configuration, monitor: monitor) { call in
                            self.start(call, streamHandler: streamHandler)
                        }
                        try channel.pipeline.syncOperations.addHandlers([
                            monitor,
                            ByteToMessageHandler(FrameDecoder(maxMessageSize: configuration.maxMessageSize)),
                            MessageToByteHandler(FrameEncoder()),
                            handler,
                        ])
                        register(channel: channel, connection: ServerConnection(handler: handler, channel: channel))
                    }
                }
                .bind(host: host, port: port).get()
        } catch {
            address.fail(error)
            throw RPCError(code: .unavailable, message: "cannot listen on \(host):\(port): \(error)", cause: error)
        }
        address.succeed(server.localAddress!)
        let alreadyShuttingDown = state.withLock { state in
            state.server = server
            return state.shuttingDown
        }
        if alreadyShuttingDown { beginGracefulShutdown() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                state.withLock { $0.finished = continuation }
                finishIfDone()
            }
        } onCancel: {
            beginGracefulShutdown()
        }
    }

    /// Runs a call's handler in a task of its own, on the connection's event loop unless the
    /// configuration says otherwise; the connection cancels the task when the client cancels
    /// the call or its deadline passes.
    private func start(
        _ call: AcceptedCall,
        streamHandler: @escaping @Sendable (_ stream: RPCStream<Inbound, Outbound>, _ context: ServerContext) async -> Void
    ) -> Task<Void, Never> {
        state.withLock { $0.activeCalls += 1 }
        return Task(executorPreference: call.executor) { [self] in
            await streamHandler(call.stream, call.context)
            state.withLock { $0.activeCalls -= 1 }
            finishIfDone()
        }
    }

    /// Lets `listen` return once the server is closed and no connection or call is left.
    private func finishIfDone() {
        let finished = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.shuttingDown, state.server == nil, state.connections.isEmpty, state.activeCalls == 0 else { return nil }
            defer { state.finished = nil }
            return state.finished
        }
        finished?.resume()
    }

    private func register(channel: any Channel, connection: ServerConnection) {
        let id = ObjectIdentifier(channel)
        let shuttingDown = state.withLock { state in
            state.connections[id] = connection
            return state.shuttingDown
        }
        connectionObserver?(.opened)
        if shuttingDown { connection.goAway(reason: "the server is shutting down") }
        channel.closeFuture.whenComplete { [self] _ in
            state.withLock { _ = $0.connections.removeValue(forKey: id) }
            trimmer?.connectionClosed()
            connectionObserver?(.closed)
            finishIfDone()
        }
    }

    /// Stops accepting connections, tells every connection to go away, and lets calls in
    /// progress finish; `listen` returns once they have.
    public func beginGracefulShutdown() {
        let (server, connections) = state.withLock { state in
            state.shuttingDown = true
            return (state.server, Array(state.connections.values))
        }
        for connection in connections { connection.goAway(reason: "the server is shutting down") }
        server?.close().whenComplete { [self] _ in
            state.withLock { $0.server = nil }
            finishIfDone()
        }
    }
}

/// A connection a server transport accepted, or one of its connections that closed.
public enum ServerConnectionEvent: Sendable, Equatable {
    /// A client connected.
    case opened
    /// A connection closed, whoever closed it.
    case closed
}
