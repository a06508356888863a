import GRPCCore
import NIOCore
import Synchronization

/// Where a call's responses go: a buffer with back-pressure, fed on the event loop.
typealias ResponseParts = InboundParts<RPCResponsePart<[UInt8]>>

/// A request part ready for the wire.
enum OutboundRequestPart: Sendable {
    /// Opens the call; its responses go to `responses`.
    case headers([UInt8], responses: ResponseParts.Source)
    case message([UInt8], compressed: Bool)
    case halfClose
    /// Cancels the call on the server; the caller's side of the call fails with `error`.
    case cancel([UInt8], error: RPCError)
}

/// The client side of one connection: performs what `ClientConnectionStateMachine` decides —
/// writes calls' frames, routes response frames to their calls, pings an idle connection,
/// notices when the server goes away — and holds back reads while a call's caller does not take
/// its responses or the server does not read (`ReadGate`).
///
/// Runs on the channel's event loop; calls reach it through `ClientConnection`.
final class ClientConnectionHandler: ChannelDuplexHandler, @unchecked Sendable {
    // @unchecked Sendable: every property but the atomics and the lets is used on the channel's
    // event loop only; other threads reach the handler through `ClientConnection`, which hops to
    // that loop, or through `openCall`, which touches only atomics.
    typealias InboundIn = InboundFrame
    typealias OutboundIn = Frame
    typealias OutboundOut = Frame

    private let configuration: PlanWireConfiguration
    private let eventLoop: any EventLoop
    private var context: ChannelHandlerContext?
    private var machine: ClientConnectionStateMachine
    /// Where the responses of each call whose HEADERS went out go, by stream id.
    private var responses: [UInt32: ResponseParts.Source] = [:]
    /// Stream ids of the calls by their tokens (0: the call was refused before its HEADERS).
    private var streamIDs: [UInt64: UInt32] = [:]
    private var gate = ReadGate()
    private let nextToken = Atomic<UInt64>(0)
    /// Calls opened off the event loop whose HEADERS have not been written (or abandoned) yet;
    /// the state machine keeps a connection that goes away open for them.
    private let unsentCalls = Atomic<Int>(0)
    /// Calls opened and not yet ended, counted off the event loop: with the server's
    /// `max_concurrent_calls` it tells the transport whether this connection has room.
    let openCalls = Atomic<Int>(0)
    /// Whether new calls may be opened: a hint read off the event loop, so callers pass over a
    /// connection that goes away without a hop; the state machine decides on the loop.
    private let acceptingCalls = Atomic<Bool>(true)

    /// Whether the connection still takes calls (a hint, read off the event loop).
    var isAcceptingCalls: Bool { acceptingCalls.load(ordering: .acquiring) }
    private var keepalive: RepeatedTask?
    private var pingTimeout: Scheduled<Void>?
    private var pings: UInt64 = 0
    private let flusher = FlushCoalescer()
    /// Completes with the server's HELLO: what it accepts.
    let ready: EventLoopPromise<Hello>
    /// Completes when the connection takes no more calls: the server went away or it closed.
    let unusable: EventLoopPromise<Void>
    /// Told whenever a call of this connection ends or the connection stops taking calls, so
    /// callers waiting for room can look again.
    private let onCallEnded: @Sendable () -> Void

    init(configuration: PlanWireConfiguration, eventLoop: any EventLoop, onCallEnded: @escaping @Sendable () -> Void = {}) {
        self.configuration = configuration
        self.eventLoop = eventLoop
        self.machine = ClientConnectionStateMachine(settings: .init(configuration))
        self.ready = eventLoop.makePromise(of: Hello.self)
        self.unusable = eventLoop.makePromise()
        self.onCallEnded = onCallEnded
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func channelActive(context: ChannelHandlerContext) {
        send(.hello, streamID: 0, payload: (try? machine.clientHello.serializedBytes()) ?? [])
        if let interval = configuration.keepaliveInterval {
            keepalive = context.eventLoop.scheduleRepeatedTask(initialDelay: TimeAmount(interval), delay: TimeAmount(interval)) { [self] _ in
                ping()
            }
        }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        keepalive?.cancel()
        pingTimeout?.cancel()
        machine.channelClosed()
        failAll(RPCError(code: .unavailable, message: "the connection to the server closed"))
        ready.fail(RPCError(code: .unavailable, message: "the connection closed before the server's HELLO"))
        stopTakingCalls()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        close(reason: "\(error)")
    }

    func read(context: ChannelHandlerContext) {
        if gate.readRequested() { context.read() }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if gate.writabilityChanged(context.channel.isWritable) { context.read() }
        context.fireChannelWritabilityChanged()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch machine.receive(unwrapInboundIn(data), unsentCalls: unsentCalls.load(ordering: .relaxed)) {
        case .none:
            break
        case .ready(let hello):
            ready.succeed(hello)
        case .deliver(let id, let part):
            if responses[id]?.yield(part) == .stopProducing { gate.callFull(id) }
        case .finish(let id, let status, let metadata, let close):
            if let source = forget(id) {
                _ = source.yield(.status(status, metadata))
                source.finish()
            }
            if close { closeConnection() }
        case .fail(let id, let error, let sendCancel, let close):
            forget(id)?.finish(error)
            if sendCancel { send(.cancel, streamID: id, payload: (try? Cancel(reason: error.message).serializedBytes()) ?? []) }
            if close { closeConnection() }
        case .sendPingAck(let payload):
            context.writeAndFlush(wrapOutboundOut(Frame(kind: .ping, flags: .ack, streamID: 0, payload: payload)), promise: nil)
        case .pingAcknowledged:
            pingTimeout?.cancel()
            pingTimeout = nil
        case .goneAway(let failing, let reason, let close):
            stopTakingCalls()
            for id in failing {
                forget(id)?.finish(RPCError(code: .unavailable, message: "the server went away before starting the call: \(reason)"))
            }
            if close { closeConnection() }
        case .close(let reason):
            close(reason: reason)
        }
    }

    /// The caller of the call known by `token` took enough of its responses.
    private func responsesDrained(token: UInt64) {
        guard let id = streamIDs[token], id != 0 else { return }
        if gate.callDrained(id) { context?.read() }
    }

    private func stopTakingCalls() {
        acceptingCalls.store(false, ordering: .releasing)
        unusable.succeed(())
        onCallEnded()
    }

    /// Forgets call `id`, returning where its responses went.
    private func forget(_ id: UInt32) -> ResponseParts.Source? {
        if gate.callDrained(id) { context?.read() }
        guard let source = responses.removeValue(forKey: id) else { return nil }
        callGone()
        return source
    }

    /// A call opened by `openCall` is over.
    private func callGone() {
        openCalls.subtract(1, ordering: .relaxed)
        onCallEnded()
    }

    // MARK: - Calls

    /// Opens a call, off the event loop, or fails when the connection takes no more calls. The
    /// call is known by the returned token; it starts when its HEADERS are written.
    func openCall() throws -> (token: UInt64, responses: ResponseParts.NewSequence) {
        guard acceptingCalls.load(ordering: .acquiring) else {
            throw RPCError(code: .unavailable, message: "the connection takes no more calls")
        }
        unsentCalls.add(1, ordering: .relaxed)
        openCalls.add(1, ordering: .relaxed)
        let token = nextToken.wrappingAdd(1, ordering: .relaxed).newValue
        let loop = eventLoop
        let parts = ResponseParts.make(limit: configuration.maxBufferedMessages) { [self] in
            loop.execute { self.responsesDrained(token: token) }
        }
        return (token, parts)
    }

    /// Writes a request part of the call known by `token`, completing `promise` (if any) once
    /// it is written; fails it when the call was refused or has already ended.
    func write(_ part: OutboundRequestPart, token: UInt64, promise: EventLoopPromise<Void>?) {
        guard let context else { fatalError("write before the handler was added") }
        if case .headers(_, let source) = part, streamIDs[token] == nil {
            let unsent = unsentCalls.subtract(1, ordering: .relaxed).newValue
            switch machine.sendHeaders(channelActive: context.channel.isActive, unsentCalls: unsent) {
            case .refuse(let error, let close):
                streamIDs[token] = 0  // refused: known, but never on the wire
                source.finish(error)
                callGone()
                if close { closeConnection() }
                promise?.fail(error)
                return
            case .send(let id):
                responses[id] = source
                streamIDs[token] = id
            }
        }
        guard let id = streamIDs[token], machine.isOpen(id) else {
            promise?.fail(RPCError(code: .cancelled, message: "the call has already ended"))
            return
        }
        let frame: Frame
        switch part {
        case .headers(let bytes, _): frame = Frame(kind: .headers, streamID: id, payload: context.channel.allocator.buffer(bytes: bytes))
        case .message(let bytes, let compressed):
            frame = Frame(kind: .message, flags: compressed ? .compressed : [], streamID: id, payload: context.channel.allocator.buffer(bytes: bytes))
        case .halfClose: frame = Frame(kind: .halfClose, streamID: id)
        case .cancel(let bytes, let error):
            frame = Frame(kind: .cancel, streamID: id, payload: context.channel.allocator.buffer(bytes: bytes))
            let (_, close) = machine.cancel(streamID: id, unsentCalls: unsentCalls.load(ordering: .relaxed))
            forget(id)?.finish(error)
            flusher.write(wrapOutboundOut(frame), promise: promise, context: context)
            if close { closeConnection() }
            return
        }
        flusher.write(wrapOutboundOut(frame), promise: promise, context: context)
    }

    /// The caller is done with the call; a call still open is cancelled on the server.
    func endCall(_ token: UInt64) {
        guard let id = streamIDs[token] else {
            // The caller gave up before writing HEADERS.
            let unsent = unsentCalls.subtract(1, ordering: .relaxed).newValue
            callGone()
            if machine.unsentCallAbandoned(unsentCalls: unsent) { closeConnection() }
            return
        }
        defer { streamIDs[token] = nil }
        guard id != 0, machine.isOpen(id) else { return }
        let reason = "the client abandoned the call"
        write(.cancel((try? Cancel(reason: reason).serializedBytes()) ?? [], error: RPCError(code: .cancelled, message: reason)), token: token, promise: nil)
    }

    /// Takes no more calls and closes once the calls in progress end.
    func drain() {
        stopTakingCalls()
        if machine.drain(unsentCalls: unsentCalls.load(ordering: .relaxed)) { closeConnection() }
    }

    private func failAll(_ error: RPCError) {
        let open = responses
        responses = [:]
        for source in open.values {
            source.finish(error)
            callGone()
        }
    }

    private func ping() {
        guard pingTimeout == nil, let context else { return }
        var payload = context.channel.allocator.buffer(capacity: 8)
        pings += 1
        payload.writeInteger(pings)
        context.writeAndFlush(wrapOutboundOut(Frame(kind: .ping, streamID: 0, payload: payload)), promise: nil)
        pingTimeout = context.eventLoop.scheduleTask(in: TimeAmount(configuration.keepaliveTimeout)) { [self] in
            close(reason: "the server did not answer a keepalive ping in time")
        }
    }

    private func close(reason: String) {
        machine.channelClosed()
        failAll(RPCError(code: .unavailable, message: "connection closed: \(reason)"))
        stopTakingCalls()
        context?.close(promise: nil)
    }

    /// Flushes what was written (the coalescer may hold a flush back) and closes.
    private func closeConnection() {
        guard let context else { return }
        context.flush()
        context.close(promise: nil)
    }

    private func send(_ kind: Frame.Kind, streamID: UInt32, payload: [UInt8]) {
        guard let context else { return }
        context.writeAndFlush(wrapOutboundOut(Frame(kind: kind, streamID: streamID, payload: context.channel.allocator.buffer(bytes: payload))), promise: nil)
    }
}

/// A handle on a client connection that async code can hold.
struct ClientConnection: Sendable {
    let channel: any Channel
    let handler: ClientConnectionHandler
    /// What the server said it accepts.
    let serverHello: Hello
    /// The connection's event loop as a task executor, for calls that run on it.
    let executor: EventLoopTaskExecutor
    /// The connection's local address, as every call's context names it.
    let localPeer: String

    init(channel: any Channel, handler: ClientConnectionHandler, serverHello: Hello) {
        self.channel = channel
        self.handler = handler
        self.serverHello = serverHello
        self.executor = EventLoopTaskExecutor(channel.eventLoop)
        self.localPeer = channel.localAddress.map { "\($0)" } ?? "unknown"
    }

    /// Whether the server reads deflated messages.
    var serverAcceptsDeflate: Bool { serverHello.acceptEncodings.contains(MessageEncoding.deflate.rawValue) }

    func openCall() throws -> (token: UInt64, responses: ResponseParts.NewSequence) {
        try handler.openCall()
    }

    /// Whether the connection has room for another call under the server's
    /// `max_concurrent_calls` (always, when the server did not say).
    var hasRoom: Bool {
        serverHello.maxConcurrentCalls == 0 || handler.openCalls.load(ordering: .relaxed) < Int(serverHello.maxConcurrentCalls)
    }

    /// Writes a request part: at once on the event loop (a call running there), else handed to
    /// it. While the socket takes data the caller does not wait for the write (a failure
    /// reaches the call through its responses); when the socket is full, it waits until its
    /// part is written, which is the backpressure.
    func write(_ part: OutboundRequestPart, token: UInt64) async throws {
        let loop = channel.eventLoop
        let promise = channel.isWritable ? nil : loop.makePromise(of: Void.self)
        if loop.inEventLoop {
            handler.write(part, token: token, promise: promise)
        } else {
            loop.execute { handler.write(part, token: token, promise: promise) }
        }
        try await promise?.futureResult.get()
    }

    func endCall(_ token: UInt64) {
        if channel.eventLoop.inEventLoop {
            handler.endCall(token)
        } else {
            channel.eventLoop.execute { handler.endCall(token) }
        }
    }

    func drain() {
        channel.eventLoop.execute { handler.drain() }
    }
}
