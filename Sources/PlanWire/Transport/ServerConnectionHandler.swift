import GRPCCore
import NIOCore

/// A call the server accepted, handed to the transport's listener.
struct AcceptedCall: Sendable {
    var stream: RPCStream<PlanWireServerTransport.Inbound, PlanWireServerTransport.Outbound>
    var context: ServerContext
    /// Where the call's handler should run: the connection's event loop, or `nil` for the
    /// concurrency pool (`PlanWireConfiguration.runsHandlersOnEventLoop`).
    var executor: (any TaskExecutor)?
}

/// A response part ready for the wire: serialised, and compressed where it should be.
enum OutboundPart: Sendable {
    case responseHeaders([UInt8])
    case message([UInt8], compressed: Bool)
    case trailers([UInt8])
}

/// The server side of one connection: performs what `ServerConnectionStateMachine` decides —
/// starts calls, feeds their request parts to the handlers, writes their responses, runs the
/// deadline, first-message, idle and GOAWAY timers — and holds back reads while the peer does
/// not read its responses or a call's handler does not take its requests (`ReadGate`).
///
/// Runs on the channel's event loop; writers reach it through `ServerConnection`.
final class ServerConnectionHandler: ChannelDuplexHandler, @unchecked Sendable {
    // @unchecked Sendable: every property is used on the channel's event loop only; other
    // threads reach the handler through `ServerConnection`, which hops to that loop.
    typealias InboundIn = InboundFrame
    typealias OutboundIn = Frame
    typealias OutboundOut = Frame

    /// What a started call holds: its request stream, its handler and its timers.
    private struct CallResources {
        var requests: InboundParts<RPCRequestPart<[UInt8]>>.Source
        var cancellation: ServerContext.RPCCancellationHandle
        /// The call's deadline, or the wait for its first message.
        var timer: Scheduled<Void>?
        /// The call has no deadline and waits for its first MESSAGE or HALF_CLOSE: its timer is
        /// set at the end of the read that brought its HEADERS, unless they came with them.
        var awaitingFirstMessage = false
        /// The task running the call's handler.
        var task: Task<Void, Never>?

        /// Ends the request stream (with `error`, or normally) and stops the timer.
        func finish(_ error: RPCError?) {
            timer?.cancel()
            if let error { requests.finish(error) } else { requests.finish() }
        }

        /// Stops the handler: its cancellation handle fires and its task is cancelled.
        func cancelHandler() {
            cancellation.cancel()
            task?.cancel()
        }
    }

    private let configuration: PlanWireConfiguration
    private let monitor: FrameProgressMonitor
    private let accept: @Sendable (AcceptedCall) -> Task<Void, Never>
    private var context: ChannelHandlerContext?
    private var machine: ServerConnectionStateMachine
    private var resources: [UInt32: CallResources] = [:]
    private var gate = ReadGate()
    private var idleTimer: Scheduled<Void>?
    private var timers: [Scheduled<Void>] = []
    /// Calls started during the current read that wait for their first message.
    private var startedThisRead: [UInt32] = []
    private let flusher = FlushCoalescer()
    /// The connection's event loop as the calls' task executor, when they run on it.
    private var executor: EventLoopTaskExecutor?
    /// The peers' addresses as every call's context names them, worked out once.
    private lazy var peers: (remote: String, local: String) = (
        context?.channel.remoteAddress.map { "\($0)" } ?? "unknown", context?.channel.localAddress.map { "\($0)" } ?? "unknown"
    )

    init(configuration: PlanWireConfiguration, monitor: FrameProgressMonitor, accept: @escaping @Sendable (AcceptedCall) -> Task<Void, Never>) {
        self.configuration = configuration
        self.monitor = monitor
        self.accept = accept
        self.machine = ServerConnectionStateMachine(settings: .init(configuration))
    }

    // MARK: - Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if configuration.runsHandlersOnEventLoop { executor = EventLoopTaskExecutor(context.eventLoop) }
        if let age = configuration.maxConnectionAge {
            timers.append(context.eventLoop.scheduleTask(in: TimeAmount(age)) { [self] in
                goAway(code: nil, reason: "the connection reached its maximum age; reconnect")
            })
        }
        startIdleTimer()
    }

    func channelInactive(context: ChannelHandlerContext) {
        machine.channelClosed()
        failAll(RPCError(code: .unavailable, message: "the connection closed"))
        timers.forEach { $0.cancel() }
        idleTimer?.cancel()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let violation = error as? ProtocolViolation {
            close(violation: violation.reason)
        } else if let decoding = error as? ByteToMessageDecoderError, case .leftoverDataWhenDone = decoding {
            context.close(promise: nil)
        } else {
            close(violation: "\(error)")
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let inbound = unwrapInboundIn(data)
        switch inbound {
        case .frame(let frame): monitor.frameReceived(bytes: Frame.headerSize + frame.payload.readableBytes)
        case .oversizedMessage(_, let length): monitor.frameReceived(bytes: Frame.headerSize + length)
        }
        perform(machine.receive(inbound))
    }

    /// The end of a read: calls whose HEADERS came without their first message get their
    /// first-message timer now (a unary call's frames usually arrive together, and then none is
    /// set at all).
    func channelReadComplete(context: ChannelHandlerContext) {
        if !startedThisRead.isEmpty, let timeout = configuration.firstMessageTimeout {
            for id in startedThisRead where resources[id]?.awaitingFirstMessage == true && resources[id]?.timer == nil {
                resources[id]?.timer = context.eventLoop.scheduleTask(in: TimeAmount(timeout)) { [self] in
                    perform(machine.firstMessageTimeoutExpired(streamID: id, timeout: timeout))
                }
            }
            startedThisRead.removeAll(keepingCapacity: true)
        }
        context.fireChannelReadComplete()
    }

    func read(context: ChannelHandlerContext) {
        if gate.readRequested() {
            context.read()
        } else {
            monitor.pause()
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if gate.writabilityChanged(context.channel.isWritable) { resumeReading() }
        context.fireChannelWritabilityChanged()
    }

    /// Call `id`'s handler wants more requests.
    private func requestsDrained(_ id: UInt32) {
        if gate.callDrained(id) { resumeReading() }
    }

    /// Issues the read the gate held back.
    private func resumeReading() {
        monitor.resume()
        context?.read()
    }

    // MARK: - Actions

    private func perform(_ action: ServerConnectionStateMachine.Action) {
        guard let context else { return }
        switch action {
        case .none:
            break
        case .sendHello(let hello):
            send(.hello, payload: (try? hello.serializedBytes()) ?? [])
        case .sendPingAck(let payload):
            context.writeAndFlush(wrapOutboundOut(Frame(kind: .ping, flags: .ack, streamID: 0, payload: payload)), promise: nil)
        case .openCall(let call):
            start(call, context: context)
        case .refuseCall(let id, let error):
            sendTrailers(id, error)
        case .deliver(let id, let bytes):
            guard let call = resources[id] else { return }
            if call.awaitingFirstMessage { stopFirstMessageTimer(id) }
            if call.requests.yield(.message(bytes)) == .stopProducing { gate.callFull(id) }
        case .finishRequests(let id):
            guard let call = resources[id] else { return }
            if call.awaitingFirstMessage { stopFirstMessageTimer(id) }
            call.requests.finish()
        case .endCall(let id, let error, let sendTrailers, let then):
            if let call = resources.removeValue(forKey: id) {
                call.finish(error)
                call.cancelHandler()
            }
            if gate.callDrained(id) { resumeReading() }
            if sendTrailers { self.sendTrailers(id, error) }
            after(then)
        case .beginGoAway(let goAway):
            send(.goAway, payload: (try? goAway.serializedBytes()) ?? [])
            timers.append(context.eventLoop.scheduleTask(in: TimeAmount(min(configuration.gracePeriod, Self.goAwayNotice))) { [self] in
                guard let (final, close) = machine.finalGoAwayDue() else { return }
                send(.goAway, payload: (try? final.serializedBytes()) ?? [])
                if close { closeConnection() }
            })
            timers.append(context.eventLoop.scheduleTask(in: TimeAmount(configuration.gracePeriod)) { [self] in
                let error = RPCError(code: .unavailable, message: "the server's grace period ended before the call did")
                for id in machine.gracePeriodExpired() {
                    perform(.endCall(streamID: id, error, sendTrailers: true, then: .none))
                }
                closeConnection()
            })
        case .closeForViolation(let goAway):
            guard context.channel.isActive else { return }
            send(.goAway, payload: (try? goAway.serializedBytes()) ?? [])
            failAll(RPCError(code: .unavailable, message: "connection closed: \(goAway.reason)"))
            closeConnection()
        }
    }

    private func stopFirstMessageTimer(_ id: UInt32) {
        resources[id]?.awaitingFirstMessage = false
        resources[id]?.timer?.cancel()
        resources[id]?.timer = nil
    }

    /// Flushes what was written (the coalescer may hold a flush back) and closes.
    private func closeConnection() {
        guard let context else { return }
        context.flush()
        context.close(promise: nil)
    }

    private func after(_ then: ServerConnectionStateMachine.AfterCall) {
        switch then {
        case .none: break
        case .startIdleTimer: startIdleTimer()
        case .close: closeConnection()
        }
    }

    /// Starts an accepted call: its request stream, its timer, its handler.
    private func start(_ call: ServerConnectionStateMachine.OpenedCall, context: ChannelHandlerContext) {
        idleTimer?.cancel()
        idleTimer = nil
        let id = call.streamID
        let loop = context.eventLoop
        let requests = InboundParts<RPCRequestPart<[UInt8]>>.make(limit: configuration.maxBufferedMessages) { [self] in
            loop.execute { self.requestsDrained(id) }
        }
        _ = requests.source.yield(.metadata(call.metadata))
        var resources = CallResources(requests: requests.source, cancellation: .init())
        if let micros = call.timeoutMicros {
            resources.timer = loop.scheduleTask(in: .microseconds(Int64(clamping: micros))) { [self] in
                perform(machine.deadlineExpired(streamID: id, micros: micros))
            }
        } else if configuration.firstMessageTimeout != nil {
            resources.awaitingFirstMessage = true
            startedThisRead.append(id)
        }
        let channel = context.channel
        let writer = ServerResponseWriter(
            connection: ServerConnection(handler: self, channel: channel), streamID: id,
            encoding: call.responseEncoding, compression: configuration.compression,
            deadline: call.timeoutMicros.map { (ContinuousClock.now + .microseconds(Int64(clamping: $0)), $0) })
        self.resources[id] = resources
        let cancellation = resources.cancellation
        self.resources[id]?.task = accept(AcceptedCall(
            stream: RPCStream(descriptor: call.descriptor, inbound: RPCAsyncSequence(wrapping: requests.sequence), outbound: RPCWriter.Closable(wrapping: writer)),
            context: ServerContext(
                descriptor: call.descriptor, remotePeer: peers.remote, localPeer: peers.local, cancellation: cancellation),
            executor: executor))
    }

    private func startIdleTimer() {
        guard let timeout = configuration.idleTimeout, let context else { return }
        idleTimer?.cancel()
        idleTimer = context.eventLoop.scheduleTask(in: TimeAmount(timeout)) { [self] in
            perform(machine.idleTimeoutExpired(after: timeout))
        }
    }

    private func failAll(_ error: RPCError) {
        for call in resources.values {
            call.finish(error)
            call.cancelHandler()
        }
        resources = [:]
    }

    private func sendTrailers(_ id: UInt32, _ error: RPCError) {
        let trailers = Trailers(code: UInt32(error.code.rawValue), message: error.message, metadata: error.metadata)
        send(.trailers, streamID: id, payload: (try? trailers.serializedBytes()) ?? [])
    }

    private func close(violation reason: String) {
        perform(machine.protocolViolation(reason))
    }

    private func send(_ kind: Frame.Kind, streamID: UInt32 = 0, payload: [UInt8]) {
        guard let context else { return }
        let frame = Frame(kind: kind, streamID: streamID, payload: context.channel.allocator.buffer(bytes: payload))
        flusher.write(wrapOutboundOut(frame), promise: nil, context: context)
    }

    /// Stops taking calls, in two steps as HTTP/2 does: a first GOAWAY (last stream id
    /// 4294967295) asks the client to open no more calls while calls it already started are still
    /// accepted; a moment later a second GOAWAY names the last call that will be served, and the
    /// connection closes once the calls in progress end (or when the grace period is over).
    func goAway(code: RPCError.Code?, reason: String) {
        perform(machine.beginGoAway(code: UInt32(code?.rawValue ?? 0), reason: reason))
    }

    /// How long a client has, after the first GOAWAY, to start the calls it was opening.
    static let goAwayNotice: Duration = .milliseconds(500)

    // MARK: - Writes from handlers

    /// Writes a response part of call `id`, completing `promise` (if any) once it is written;
    /// fails it when the call has already ended.
    func write(_ part: OutboundPart, streamID id: UInt32, promise: EventLoopPromise<Void>?) {
        guard let context else { fatalError("write before the handler was added") }
        let frame: Frame
        let isTrailers: Bool
        switch part {
        case .responseHeaders(let bytes):
            frame = Frame(kind: .responseHeaders, streamID: id, payload: context.channel.allocator.buffer(bytes: bytes))
            isTrailers = false
        case .message(let bytes, let compressed):
            frame = Frame(kind: .message, flags: compressed ? .compressed : [], streamID: id, payload: context.channel.allocator.buffer(bytes: bytes))
            isTrailers = false
        case .trailers(let bytes):
            frame = Frame(kind: .trailers, streamID: id, payload: context.channel.allocator.buffer(bytes: bytes))
            isTrailers = true
        }
        switch machine.write(streamID: id, trailers: isTrailers) {
        case .callEnded:
            promise?.fail(RPCError(code: .cancelled, message: "the call has already ended"))
        case .write:
            flusher.write(wrapOutboundOut(frame), promise: promise, context: context)
        case .writeTrailers(let then):
            resources.removeValue(forKey: id)?.finish(nil)
            if gate.callDrained(id) { resumeReading() }
            flusher.write(wrapOutboundOut(frame), promise: promise, context: context)
            after(then)
        }
    }

    /// The handler finished the call's writer; a call it ended without a status gets one.
    func finish(streamID id: UInt32, error: (any Error)?) {
        let rpcError = error.map { ($0 as? RPCError) ?? RPCError(code: .internalError, message: "the handler failed: \($0)") }
        perform(machine.handlerFinished(streamID: id, error: rpcError))
    }
}

/// A handle on a server connection that async code (the response writers) can hold.
struct ServerConnection: @unchecked Sendable {
    let handler: ServerConnectionHandler
    let channel: any Channel
    var eventLoop: any EventLoop { channel.eventLoop }

    /// Writes a response part: at once on the event loop (a call running there), else handed
    /// to it. While the socket takes data the handler does not wait for the write (nor does it
    /// allocate a promise for it); when the socket is full, it waits until its part is written
    /// (backpressure).
    func write(_ part: OutboundPart, streamID: UInt32) async throws {
        let promise = channel.isWritable ? nil : eventLoop.makePromise(of: Void.self)
        if eventLoop.inEventLoop {
            handler.write(part, streamID: streamID, promise: promise)
        } else {
            eventLoop.execute { handler.write(part, streamID: streamID, promise: promise) }
        }
        try await promise?.futureResult.get()
    }

    func finish(streamID: UInt32, error: (any Error)?) {
        if eventLoop.inEventLoop {
            handler.finish(streamID: streamID, error: error)
        } else {
            eventLoop.execute { handler.finish(streamID: streamID, error: error) }
        }
    }

    func goAway(reason: String) {
        eventLoop.execute { handler.goAway(code: nil, reason: reason) }
    }
}

/// Writes one call's response parts: serialises metadata and status, compresses messages at or
/// above the threshold when the call's response encoding is deflate.
struct ServerResponseWriter: ClosableRPCWriterProtocol {
    typealias Element = RPCResponsePart<[UInt8]>

    let connection: ServerConnection
    let streamID: UInt32
    let encoding: MessageEncoding
    let compression: PlanWireConfiguration.Compression
    /// When the call's deadline passes, and the timeout the client gave.
    let deadline: (instant: ContinuousClock.Instant, micros: UInt64)?

    func write(_ element: Element) async throws {
        let part: OutboundPart
        switch element {
        case .metadata(let metadata):
            part = .responseHeaders(try ResponseHeaders(metadata: metadata, messageEncoding: encoding.rawValue).serializedBytes())
        case .message(let bytes):
            if encoding == .deflate, case .deflate(let threshold) = compression, bytes.count >= threshold {
                part = .message(Zlib.compress(bytes), compressed: true)
            } else {
                part = .message(bytes, compressed: false)
            }
        case .status(var status, let metadata):
            // A handler that failed because its deadline passed (GRPCCore cancels it at the
            // same moment as the transport's timer) ends the call as DEADLINE_EXCEEDED.
            if status.code != .ok, let deadline, ContinuousClock.now >= deadline.instant {
                status = Status(code: .deadlineExceeded, message: "the call's deadline of \(deadline.micros) µs passed")
            }
            part = .trailers(try Trailers(code: UInt32(status.code.rawValue), message: status.message, metadata: metadata).serializedBytes())
        }
        try await connection.write(part, streamID: streamID)
    }

    func write(contentsOf elements: some Sequence<Element>) async throws {
        for element in elements { try await write(element) }
    }

    func finish() async {
        connection.finish(streamID: streamID, error: nil)
    }

    func finish(throwing error: any Error) async {
        connection.finish(streamID: streamID, error: error)
    }
}

extension MethodDescriptor {
    /// The method named by a path: "/plan.v1.Catalogue/GetProgramme".
    init?(path: String) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].isEmpty, !parts[1].isEmpty, !parts[2].isEmpty else { return nil }
        self.init(fullyQualifiedService: String(parts[1]), method: String(parts[2]))
    }
}
