import GRPCCore
import NIOCore
import NIOPosix
import Synchronization

/// GRPCCore's `ClientTransport` over plain TCP: PlanWire frames (PROTOCOL.md) carry the calls.
///
/// Given several endpoints (replicas of one service), it keeps a connection to each (one per
/// event loop with `connectsOnEveryEventLoop`) and spreads calls round-robin over those that
/// are connected; an endpoint that is down is skipped until it is back.
///
/// ```swift
/// let transport = PlanWireClientTransport(endpoints: [Endpoint(host: "127.0.0.1", port: 7002)])
/// try await withGRPCClient(transport: transport) { client in … }
/// ```
public final class PlanWireClientTransport: ClientTransport, Sendable {
    public typealias Bytes = [UInt8]

    /// Each endpoint's subchannels: one, or one per event loop.
    private let endpoints: [[Subchannel]]
    private var subchannels: [Subchannel] { endpoints.flatMap { $0 } }
    /// The endpoints, for error messages.
    private var endpointList: String { endpoints.map { $0[0].endpoint.description }.joined(separator: ", ") }
    private let configuration: PlanWireConfiguration
    private let next = Atomic<Int>(0)
    /// Wakes calls waiting for a usable connection.
    private let readiness: ReadinessSignal

    public init(
        endpoints: [Endpoint], configuration: PlanWireConfiguration = .init(),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        precondition(!endpoints.isEmpty, "a client transport needs at least one endpoint")
        self.configuration = configuration
        let readiness = ReadinessSignal(timers: eventLoopGroup)
        self.readiness = readiness
        let groups: [any EventLoopGroup] =
            configuration.connectsOnEveryEventLoop ? eventLoopGroup.makeIterator().map { $0 } : [eventLoopGroup]
        self.endpoints = endpoints.map { endpoint in
            groups.map { Subchannel(endpoint: endpoint, configuration: configuration, group: $0, readiness: readiness) }
        }
    }

    public var retryThrottle: RetryThrottle? { nil }

    public func config(forMethod descriptor: MethodDescriptor) -> MethodConfig? { nil }

    /// Keeps every endpoint connected until `beginGracefulShutdown`.
    ///
    /// Cancelling the task that runs it stops the transport too.
    public func connect() async throws {
        await withTaskCancellationHandler {
            await withDiscardingTaskGroup { group in
                for subchannel in subchannels {
                    group.addTask { await subchannel.run() }
                }
            }
        } onCancel: {
            beginGracefulShutdown()
        }
    }

    public func beginGracefulShutdown() {
        subchannels.forEach { $0.shutDown() }
    }

    /// How many connections are ready for calls, over every endpoint (one per endpoint, or one
    /// per endpoint and event loop with `connectsOnEveryEventLoop`).
    public var readyConnectionCount: Int {
        endpoints.reduce(0) { count, subchannels in count + subchannels.count { $0.readyConnection != nil } }
    }

    /// The endpoints that have a connection ready for calls.
    public var readyEndpoints: [Endpoint] {
        endpoints.filter { $0.contains { $0.readyConnection != nil } }.map { $0[0].endpoint }
    }

    public func withStream<T: Sendable>(
        descriptor: MethodDescriptor, options: CallOptions,
        _ closure: (_ stream: RPCStream<Inbound, Outbound>, _ context: ClientContext) async throws -> T
    ) async throws -> T {
        let (connection, endpoint, token, responses) = try await openCall(
            timeout: options.timeout, waitForReady: options.waitForReady ?? false)
        let writer = ClientRequestWriter(
            connection: connection, token: token, responses: responses.source, method: "/" + descriptor.fullyQualifiedMethod,
            configuration: configuration)
        let stream = RPCStream(descriptor: descriptor, inbound: RPCAsyncSequence(wrapping: responses.sequence), outbound: RPCWriter.Closable(wrapping: writer))
        let context = ClientContext(
            descriptor: descriptor, remotePeer: "\(endpoint)", localPeer: connection.localPeer)
        // The call runs on its connection's event loop (unless configured otherwise): its
        // writes are made there at once and its responses resume it on the same thread.
        return try await withTaskExecutorPreference(configuration.runsCallsOnEventLoop ? connection.executor : nil) {
            defer { connection.endCall(token) }
            return try await closure(stream, context)
        }
    }

    /// Opens a call on the next ready connection with room, in round-robin order, waiting (up
    /// to the call's timeout, and the handshake timeout unless it waits for ready) for one to come up or to have room again;
    /// a connection that went away in the meantime is passed over. As in gRPC, when every
    /// endpoint's last attempt to connect failed, a call that does not ask to wait for ready
    /// fails at once with UNAVAILABLE instead of waiting.
    private func openCall(timeout: Duration?, waitForReady: Bool) async throws -> (ClientConnection, Endpoint, UInt64, ResponseParts.NewSequence) {
        // Waiting for ready, a call waits up to its own timeout; otherwise no longer than a
        // connection takes to come up.
        let wait = timeout ?? configuration.handshakeTimeout
        let deadline = ContinuousClock.now + (waitForReady ? wait : min(wait, configuration.handshakeTimeout))
        while true {
            let generation = readiness.generation
            var full = 0
            // Per endpoint, the connection with room on the caller's event loop, else the first
            // with room.
            let ready = endpoints.compactMap { subchannels -> (ClientConnection, Endpoint)? in
                var chosen: ClientConnection?
                for subchannel in subchannels {
                    guard let connection = subchannel.readyConnection else { continue }
                    guard connection.hasRoom else {
                        full += 1
                        continue
                    }
                    if connection.channel.eventLoop.inEventLoop { return (connection, subchannel.endpoint) }
                    if chosen == nil { chosen = connection }
                }
                return chosen.map { ($0, subchannels[0].endpoint) }
            }
            if !ready.isEmpty {
                let (connection, endpoint) = ready[next.wrappingAdd(1, ordering: .relaxed).oldValue % ready.count]
                if let (token, responses) = try? connection.openCall() {
                    return (connection, endpoint, token, responses)
                }
                continue
            }
            let failing = !waitForReady && full == 0 && subchannels.allSatisfy(\.isFailing)
            guard ContinuousClock.now < deadline, !failing else {
                if failing {
                    throw RPCError(code: .unavailable, message: "no endpoint is reachable (the last attempt to connect to each failed; reconnecting): \(endpointList)")
                }
                if full > 0 {
                    throw RPCError(code: .unavailable, message: "every connection has as many calls open as its server takes (max_concurrent_calls): \(endpointList)")
                }
                throw RPCError(code: .unavailable, message: "no endpoint is reachable: \(endpointList)")
            }
            try Task.checkCancellation()
            await readiness.wait(after: generation, until: deadline)
        }
    }
}

/// Writes one call's request parts: the first metadata opens the call (HEADERS) with its
/// deadline; messages at or above the threshold go deflated when the server said (in its HELLO)
/// that it reads deflate; a message larger than the server accepts fails here with
/// RESOURCE_EXHAUSTED; finishing half-closes, and finishing with an error cancels the call.
struct ClientRequestWriter: ClosableRPCWriterProtocol {
    typealias Element = RPCRequestPart<[UInt8]>

    let connection: ClientConnection
    let token: UInt64
    /// Where the call's responses go, registered when the HEADERS go out.
    let responses: ResponseParts.Source
    let method: String
    let configuration: PlanWireConfiguration

    private var encoding: MessageEncoding {
        if case .deflate = configuration.compression, connection.serverAcceptsDeflate { .deflate } else { .identity }
    }

    func write(_ element: Element) async throws {
        switch element {
        case .metadata(var metadata):
            let timeout = metadata[stringValues: GRPCTimeout.key].first(where: { _ in true }).flatMap(GRPCTimeout.decode)
            metadata.removeAllValues(forKey: GRPCTimeout.key)
            let headers = CallHeaders(
                method: method, metadata: metadata, timeoutMicros: timeout, messageEncoding: encoding.rawValue,
                acceptEncodings: configuration.acceptEncodings)
            try await connection.write(.headers(try headers.serializedBytes(), responses: responses), token: token)
        case .message(let bytes):
            var payload = bytes
            var compressed = false
            if encoding == .deflate, case .deflate(let threshold) = configuration.compression, bytes.count >= threshold {
                payload = Zlib.compress(bytes)
                compressed = true
            }
            let limit = Int(connection.serverHello.maxMessageSize)
            guard payload.count <= limit else {
                throw RPCError(code: .resourceExhausted, message: "message of \(payload.count) bytes exceeds the server's limit of \(limit) bytes")
            }
            try await connection.write(.message(payload, compressed: compressed), token: token)
        }
    }

    func write(contentsOf elements: some Sequence<Element>) async throws {
        for element in elements { try await write(element) }
    }

    func finish() async {
        try? await connection.write(.halfClose, token: token)
    }

    func finish(throwing error: any Error) async {
        let rpcError = (error as? RPCError) ?? RPCError(code: .cancelled, message: "the client cancelled the call: \(error)")
        try? await connection.write(.cancel((try? Cancel(reason: rpcError.message).serializedBytes()) ?? [], error: rpcError), token: token)
    }
}
