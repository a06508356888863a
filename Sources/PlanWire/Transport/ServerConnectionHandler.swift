import GRPCCore
import NIOCore

/// A call the server accepted, handed to the transport's listener.
struct AcceptedCall: Sendable {
    var stream: RPCStream<PlanWireServerTransport.Inbound, PlanWireServerTransport.Outbound>
    var context: ServerContext
}

/// A response part ready for the wire: serialised, and compressed where it should be.
enum OutboundPart: Sendable {
    case responseHeaders([UInt8])
    case message([UInt8], compressed: Bool)
    case trailers([UInt8])
}

/// The server side of one connection: opens calls from HEADERS, feeds their messages to the
/// handlers, writes their responses, enforces deadlines and limits, and answers every bad frame
/// with a status on its call or by closing the connection with a reason (GOAWAY).
///
/// Runs on the channel's event loop; writers reach it through `ServerConnection`.
final class ServerConnectionHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = InboundFrame
    typealias OutboundOut = Frame

    private struct CallState {
        var inbound: AsyncThrowingStream<RPCRequestPart<[UInt8]>, any Error>.Continuation
        var cancellation: ServerContext.RPCCancellationHandle
        var requestEncoding: MessageEncoding
        var deadline: Scheduled<Void>?
        var halfClosed = false
        /// The task running the call's handler.
        var task: Task<Void, Never>?

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
    private var helloReceived = false
    private var calls: [UInt32: CallState] = [:]
    private var highestStreamID: UInt32 = 0
    /// A first GOAWAY went out: no new calls are wanted.
    private var draining = false
    /// The final GOAWAY went out: new calls are refused.
    private var goingAway = false
    private var timers: [Scheduled<Void>] = []
    private let flusher = FlushCoalescer()

    init(configuration: PlanWireConfiguration, monitor: FrameProgressMonitor, accept: @escaping @Sendable (AcceptedCall) -> Task<Void, Never>) {
        self.configuration = configuration
        self.monitor = monitor
        self.accept = accept
    }

    // MARK: - Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if let age = configuration.maxConnectionAge {
            timers.append(context.eventLoop.scheduleTask(in: TimeAmount(age)) { [self] in
                goAway(code: nil, reason: "the connection reached its maximum age; reconnect")
            })
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(RPCError(code: .unavailable, message: "the connection closed"))
        timers.forEach { $0.cancel() }
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
        switch inbound {
        case .oversizedMessage(let streamID, let length):
            guard helloReceived, streamID != 0 else {
                return close(violation: "oversized MESSAGE frame on stream \(streamID) before HELLO or on stream 0")
            }
            fail(streamID, RPCError(code: .resourceExhausted, message: "message of \(length) bytes exceeds the limit of \(configuration.maxMessageSize) bytes"))
        case .frame(let frame):
            guard helloReceived || frame.kind == .hello else {
                return close(violation: "the first frame must be HELLO, not \(frame.kind)")
            }
            let connectionLevel = frame.kind == .hello || frame.kind == .ping || frame.kind == .goAway
            guard connectionLevel == (frame.streamID == 0) else {
                return close(violation: connectionLevel ? "\(frame.kind) frame on stream \(frame.streamID); it belongs on stream 0" : "\(frame.kind) frame on stream 0")
            }
            switch frame.kind {
            case .hello: receiveHello(frame)
            case .headers: open(frame)
            case .message: receiveMessage(frame)
            case .halfClose: receiveHalfClose(frame.streamID)
            case .cancel: receiveCancel(frame)
            case .ping:
                guard frame.payload.readableBytes == 8 else {
                    return close(violation: "PING payload of \(frame.payload.readableBytes) bytes; it must be 8")
                }
                if !frame.flags.contains(.ack) {
                    context.writeAndFlush(wrapOutboundOut(Frame(kind: .ping, flags: .ack, streamID: 0, payload: frame.payload)), promise: nil)
                }
            case .goAway:
                goAway(code: nil, reason: "the client is going away")
            case .responseHeaders, .trailers:
                close(violation: "a client may not send \(frame.kind) frames")
            }
        }
    }

    // MARK: - Frames

    private func receiveHello(_ frame: Frame) {
        guard !helloReceived else { return close(violation: "HELLO sent twice") }
        guard let hello = try? Hello(serializedBytes: Array(buffer: frame.payload)) else {
            return close(violation: "malformed HELLO")
        }
        guard hello.version == PlanWireConfiguration.protocolVersion else {
            return close(violation: "protocol version \(hello.version) is not supported; this server speaks version \(PlanWireConfiguration.protocolVersion)")
        }
        helloReceived = true
        let reply = Hello(
            version: PlanWireConfiguration.protocolVersion, maxMessageSize: UInt32(configuration.maxMessageSize),
            acceptEncodings: configuration.acceptEncodings, agent: "plan-wire-swift")
        send(.hello, streamID: 0, payload: (try? reply.serializedBytes()) ?? [])
    }

    private func open(_ frame: Frame) {
        let id = frame.streamID
        guard id != 0, id > highestStreamID else {
            return close(violation: "HEADERS on stream \(id), which is not above the last stream \(highestStreamID)")
        }
        highestStreamID = id
        guard !goingAway else {
            return sendTrailers(id, RPCError(code: .unavailable, message: "the server is going away; retry on another connection"))
        }
        let headers: CallHeaders
        do {
            headers = try CallHeaders(serializedBytes: Array(buffer: frame.payload))
        } catch {
            return sendTrailers(id, RPCError(code: .internalError, message: "malformed call headers: \(error)"))
        }
        guard let requestEncoding = MessageEncoding(name: headers.messageEncoding),
            configuration.acceptEncodings.contains(requestEncoding.rawValue)
        else {
            return sendTrailers(id, RPCError(code: .unimplemented, message: "message encoding '\(headers.messageEncoding)' is not accepted; this server accepts \(configuration.acceptEncodings.joined(separator: ", "))"))
        }
        guard let descriptor = MethodDescriptor(path: headers.method) else {
            return sendTrailers(id, RPCError(code: .unimplemented, message: "malformed method '\(headers.method)'; expected /package.Service/Method"))
        }
        var metadata = headers.metadata
        metadata.removeAllValues(forKey: GRPCTimeout.key)
        let (inbound, continuation) = AsyncThrowingStream.makeStream(of: RPCRequestPart<[UInt8]>.self)
        var call = CallState(inbound: continuation, cancellation: .init(), requestEncoding: requestEncoding)
        if let micros = headers.timeoutMicros {
            metadata.addString(GRPCTimeout.encode(microseconds: micros), forKey: GRPCTimeout.key)
            call.deadline = context!.eventLoop.scheduleTask(in: .microseconds(Int64(clamping: micros))) { [self] in
                fail(id, RPCError(code: .deadlineExceeded, message: "the call's deadline of \(micros) µs passed"))
            }
        }
        continuation.yield(.metadata(metadata))
        calls[id] = call
        let responseEncoding: MessageEncoding =
            if case .deflate = configuration.compression, headers.acceptEncodings.contains(MessageEncoding.deflate.rawValue) {
                .deflate
            } else {
                .identity
            }
        let writer = ServerResponseWriter(
            connection: ServerConnection(handler: self, channel: context!.channel), streamID: id,
            encoding: responseEncoding, compression: configuration.compression,
            deadline: headers.timeoutMicros.map { (ContinuousClock.now + .microseconds(Int64(clamping: $0)), $0) })
        let channel = context!.channel
        calls[id]?.task = accept(AcceptedCall(
            stream: RPCStream(descriptor: descriptor, inbound: RPCAsyncSequence(wrapping: inbound), outbound: RPCWriter.Closable(wrapping: writer)),
            context: ServerContext(
                descriptor: descriptor, remotePeer: channel.remoteAddress.map { "\($0)" } ?? "unknown",
                localPeer: channel.localAddress.map { "\($0)" } ?? "unknown", cancellation: call.cancellation)))
    }

    private func receiveMessage(_ frame: Frame) {
        guard let call = calls[frame.streamID] else { return unknownStream(frame) }
        guard !call.halfClosed else {
            return fail(frame.streamID, RPCError(code: .internalError, message: "message after the client half-closed the call"))
        }
        var bytes = Array(buffer: frame.payload)
        if frame.flags.contains(.compressed) {
            guard call.requestEncoding == .deflate else {
                return fail(frame.streamID, RPCError(code: .unimplemented, message: "compressed message on a call whose message encoding is identity"))
            }
            do {
                bytes = try Zlib.decompress(bytes, limit: configuration.maxDecompressedSize)
            } catch .tooLarge(let limit) {
                return fail(frame.streamID, RPCError(code: .resourceExhausted, message: "compressed message inflates past the limit of \(limit) bytes"))
            } catch {
                return fail(frame.streamID, RPCError(code: .internalError, message: "\(error)"))
            }
        }
        call.inbound.yield(.message(bytes))
    }

    private func receiveHalfClose(_ id: UInt32) {
        guard calls[id] != nil else { return unknownStream(Frame(kind: .halfClose, streamID: id)) }
        calls[id]!.halfClosed = true
        calls[id]!.inbound.finish()
    }

    private func receiveCancel(_ frame: Frame) {
        guard let call = calls.removeValue(forKey: frame.streamID) else { return unknownStream(frame) }
        let reason = (try? Cancel(serializedBytes: Array(buffer: frame.payload)).reason) ?? ""
        call.deadline?.cancel()
        call.inbound.finish(throwing: RPCError(code: .cancelled, message: reason.isEmpty ? "the client cancelled the call" : reason))
        call.cancelHandler()
        closeIfDone()
    }

    /// A frame for a stream that is not open: late frames of a call that already ended are
    /// dropped; frames for a stream that was never opened break the protocol.
    private func unknownStream(_ frame: Frame) {
        if frame.streamID == 0 || frame.streamID > highestStreamID {
            close(violation: "\(frame.kind) frame for stream \(frame.streamID), which was never opened")
        }
    }

    // MARK: - Ending calls and the connection

    /// Ends a call with `error`: the handler's inbound fails, the handler is cancelled and the
    /// client gets the status.
    private func fail(_ id: UInt32, _ error: RPCError) {
        guard let call = calls.removeValue(forKey: id) else {
            if id > highestStreamID { close(violation: "frame for stream \(id), which was never opened") }
            return
        }
        call.deadline?.cancel()
        call.inbound.finish(throwing: error)
        call.cancelHandler()
        sendTrailers(id, error)
        closeIfDone()
    }

    private func failAll(_ error: RPCError) {
        for call in calls.values {
            call.deadline?.cancel()
            call.inbound.finish(throwing: error)
            call.cancelHandler()
        }
        calls = [:]
    }

    private func sendTrailers(_ id: UInt32, _ error: RPCError) {
        let trailers = Trailers(code: UInt32(error.code.rawValue), message: error.message, metadata: error.metadata)
        send(.trailers, streamID: id, payload: (try? trailers.serializedBytes()) ?? [])
    }

    /// Stops taking calls, in two steps as HTTP/2 does: a first GOAWAY (last stream id
    /// 4294967295) asks the client to open no more calls while calls it already started are still
    /// accepted; a moment later a second GOAWAY names the last call that will be served, and the
    /// connection closes once the calls in progress end (or when the grace period is over).
    func goAway(code: RPCError.Code?, reason: String) {
        guard !draining, let context else { return }
        draining = true
        let code = UInt32(code?.rawValue ?? 0)
        send(.goAway, streamID: 0, payload: (try? GoAway(lastStreamID: .max, code: code, reason: reason).serializedBytes()) ?? [])
        timers.append(context.eventLoop.scheduleTask(in: TimeAmount(min(configuration.gracePeriod, Self.goAwayNotice))) { [self] in
            goingAway = true
            send(.goAway, streamID: 0, payload: (try? GoAway(lastStreamID: highestStreamID, code: code, reason: reason).serializedBytes()) ?? [])
            closeIfDone()
        })
        timers.append(context.eventLoop.scheduleTask(in: TimeAmount(configuration.gracePeriod)) { [self] in
            for id in calls.keys { fail(id, RPCError(code: .unavailable, message: "the server's grace period ended before the call did")) }
            self.context?.close(promise: nil)
        })
    }

    /// How long a client has, after the first GOAWAY, to start the calls it was opening.
    static let goAwayNotice: Duration = .milliseconds(500)

    private func close(violation reason: String) {
        guard let context, context.channel.isActive else { return }
        let goAway = GoAway(lastStreamID: highestStreamID, code: UInt32(RPCError.Code.internalError.rawValue), reason: reason)
        send(.goAway, streamID: 0, payload: (try? goAway.serializedBytes()) ?? [])
        failAll(RPCError(code: .unavailable, message: "connection closed: \(reason)"))
        context.close(promise: nil)
    }

    private func closeIfDone() {
        if goingAway && calls.isEmpty { context?.close(promise: nil) }
    }

    private func send(_ kind: Frame.Kind, flags: Frame.Flags = [], streamID: UInt32, payload: [UInt8]) {
        guard let context else { return }
        let frame = Frame(kind: kind, flags: flags, streamID: streamID, payload: context.channel.allocator.buffer(bytes: payload))
        context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
    }

    // MARK: - Writes from handlers

    /// Writes a response part of call `id`; fails when the call has already ended.
    func write(_ part: OutboundPart, streamID id: UInt32) -> EventLoopFuture<Void> {
        guard let context else { fatalError("write before the handler was added") }
        guard calls[id] != nil else {
            return context.eventLoop.makeFailedFuture(RPCError(code: .cancelled, message: "the call has already ended"))
        }
        let promise = context.eventLoop.makePromise(of: Void.self)
        let frame: Frame
        switch part {
        case .responseHeaders(let bytes):
            frame = Frame(kind: .responseHeaders, streamID: id, payload: context.channel.allocator.buffer(bytes: bytes))
        case .message(let bytes, let compressed):
            frame = Frame(kind: .message, flags: compressed ? .compressed : [], streamID: id, payload: context.channel.allocator.buffer(bytes: bytes))
        case .trailers(let bytes):
            frame = Frame(kind: .trailers, streamID: id, payload: context.channel.allocator.buffer(bytes: bytes))
            let call = calls.removeValue(forKey: id)!
            call.deadline?.cancel()
            call.inbound.finish()
        }
        flusher.write(wrapOutboundOut(frame), promise: promise, context: context)
        if case .trailers = part { closeIfDone() }
        return promise.futureResult
    }

    /// The handler finished the call's writer; a call it ended without a status gets one.
    func finish(streamID id: UInt32, error: (any Error)?) {
        guard calls[id] != nil else { return }
        let rpcError = (error as? RPCError) ?? RPCError(code: .internalError, message: error.map { "the handler failed: \($0)" } ?? "the handler ended without a status")
        fail(id, rpcError)
    }
}

/// A handle on a server connection that async code (the response writers) can hold.
struct ServerConnection: @unchecked Sendable {
    let handler: ServerConnectionHandler
    let channel: any Channel
    var eventLoop: any EventLoop { channel.eventLoop }

    /// Writes a response part. While the socket takes data the write is handed to the event
    /// loop without waiting for it; when the socket is full, the handler waits (backpressure).
    func write(_ part: OutboundPart, streamID: UInt32) async throws {
        if channel.isWritable {
            eventLoop.execute { _ = handler.write(part, streamID: streamID) }
        } else {
            try await eventLoop.flatSubmit { handler.write(part, streamID: streamID) }.get()
        }
    }

    func finish(streamID: UInt32, error: (any Error)?) {
        eventLoop.execute { handler.finish(streamID: streamID, error: error) }
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
