import GRPCCore
import NIOCore
import Synchronization

/// A request part ready for the wire.
enum OutboundRequestPart: Sendable {
    /// Opens the call; its responses go to `responses`.
    case headers([UInt8], responses: AsyncThrowingStream<RPCResponsePart<[UInt8]>, any Error>.Continuation)
    case message([UInt8], compressed: Bool)
    case halfClose
    /// Cancels the call on the server; the caller's side of the call fails with `error`.
    case cancel([UInt8], error: RPCError)
}

/// The client side of one connection: opens calls on new stream ids, routes response frames to
/// their calls, pings an idle connection and notices when the server goes away.
///
/// Runs on the channel's event loop; calls reach it through `ClientConnection`.
final class ClientConnectionHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = InboundFrame
    typealias OutboundOut = Frame

    private struct CallState {
        var inbound: AsyncThrowingStream<RPCResponsePart<[UInt8]>, any Error>.Continuation
        var responseEncoding = MessageEncoding.identity
    }

    private let configuration: PlanWireConfiguration
    private var context: ChannelHandlerContext?
    /// Calls whose HEADERS went out, by stream id.
    private var calls: [UInt32: CallState] = [:]
    /// Stream ids of the calls by their tokens. A call is opened off the event loop and known
    /// by a token; its stream id is taken when its HEADERS frame is written, so ids reach the
    /// server in increasing order however calls interleave.
    private var streamIDs: [UInt64: UInt32] = [:]
    private let nextToken = Atomic<UInt64>(0)
    /// Calls opened whose HEADERS have not been written yet.
    private let unsentCalls = Atomic<Int>(0)
    /// Whether new calls may be opened; read off the event loop.
    private let acceptingCalls = Atomic<Bool>(true)
    /// The `last_stream_id` of the server's final GOAWAY: HEADERS may no longer go out.
    private var finalLastStreamID: UInt32?
    private var nextStreamID: UInt32 = 1
    private var goingAway = false
    private var keepalive: RepeatedTask?
    private var pingTimeout: Scheduled<Void>?
    private var pings: UInt64 = 0
    private let flusher = FlushCoalescer()
    /// Completes with the server's HELLO: what it accepts.
    let ready: EventLoopPromise<Hello>
    /// Completes when the connection takes no more calls: the server went away or it closed.
    let unusable: EventLoopPromise<Void>

    init(configuration: PlanWireConfiguration, eventLoop: any EventLoop) {
        self.configuration = configuration
        self.ready = eventLoop.makePromise(of: Hello.self)
        self.unusable = eventLoop.makePromise()
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func channelActive(context: ChannelHandlerContext) {
        let hello = Hello(
            version: PlanWireConfiguration.protocolVersion, maxMessageSize: UInt32(configuration.maxMessageSize),
            acceptEncodings: configuration.acceptEncodings, agent: "plan-wire-swift")
        send(.hello, streamID: 0, payload: (try? hello.serializedBytes()) ?? [])
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
        failAll(RPCError(code: .unavailable, message: "the connection to the server closed"))
        ready.fail(RPCError(code: .unavailable, message: "the connection closed before the server's HELLO"))
        unusable.succeed(())
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        close(reason: "\(error)")
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .oversizedMessage(let id, let length):
            failAndCancel(id, RPCError(code: .resourceExhausted, message: "response message of \(length) bytes exceeds the limit of \(configuration.maxMessageSize) bytes"))
        case .frame(let frame):
            switch frame.kind {
            case .hello:
                guard frame.streamID == 0, let hello = try? Hello(serializedBytes: Array(buffer: frame.payload)),
                    hello.version == PlanWireConfiguration.protocolVersion
                else { return close(reason: "the server's HELLO is malformed, off stream 0 or of another protocol version") }
                ready.succeed(hello)
            case .responseHeaders:
                guard calls[frame.streamID] != nil else { return }
                guard let headers = try? ResponseHeaders(serializedBytes: Array(buffer: frame.payload)) else {
                    return failAndCancel(frame.streamID, RPCError(code: .internalError, message: "malformed response headers"))
                }
                guard let encoding = MessageEncoding(name: headers.messageEncoding),
                    configuration.acceptEncodings.contains(encoding.rawValue)
                else {
                    return failAndCancel(frame.streamID, RPCError(code: .unimplemented, message: "response encoding '\(headers.messageEncoding)' is not accepted"))
                }
                calls[frame.streamID]!.responseEncoding = encoding
                calls[frame.streamID]!.inbound.yield(.metadata(headers.metadata))
            case .message:
                receiveMessage(frame)
            case .trailers:
                guard let call = calls.removeValue(forKey: frame.streamID) else { return }
                if let trailers = try? Trailers(serializedBytes: Array(buffer: frame.payload)) {
                    let code = Status.Code(rawValue: Int(trailers.code)) ?? .unknown
                    call.inbound.yield(.status(Status(code: code, message: trailers.message), trailers.metadata))
                    call.inbound.finish()
                } else {
                    call.inbound.finish(throwing: RPCError(code: .internalError, message: "malformed trailers"))
                }
                closeIfDone()
            case .ping:
                if frame.flags.contains(.ack) {
                    pingTimeout?.cancel()
                    pingTimeout = nil
                } else {
                    context.writeAndFlush(wrapOutboundOut(Frame(kind: .ping, flags: .ack, streamID: 0, payload: frame.payload)), promise: nil)
                }
            case .goAway:
                let goAway = try? GoAway(serializedBytes: Array(buffer: frame.payload))
                receiveGoAway(lastStreamID: goAway?.lastStreamID ?? 0, reason: goAway?.reason ?? "")
            case .headers, .halfClose, .cancel:
                close(reason: "a server may not send \(frame.kind) frames")
            }
        }
    }

    private func receiveMessage(_ frame: Frame) {
        guard let call = calls[frame.streamID] else { return }
        var bytes = Array(buffer: frame.payload)
        if frame.flags.contains(.compressed) {
            guard call.responseEncoding == .deflate else {
                return failAndCancel(frame.streamID, RPCError(code: .unimplemented, message: "compressed response on a call whose response encoding is identity"))
            }
            do {
                bytes = try Zlib.decompress(bytes, limit: configuration.maxDecompressedSize)
            } catch {
                let code: RPCError.Code = if case .tooLarge = error { .resourceExhausted } else { .internalError }
                return failAndCancel(frame.streamID, RPCError(code: code, message: "\(error)"))
            }
        }
        call.inbound.yield(.message(bytes))
    }

    /// The server asks for no new calls; calls above `lastStreamID` were not started and fail
    /// with UNAVAILABLE, so they can be retried elsewhere. A first GOAWAY names the largest
    /// stream id: calls already being opened still go through.
    private func receiveGoAway(lastStreamID: UInt32, reason: String) {
        stopTakingCalls()
        for id in calls.keys where id > lastStreamID {
            calls.removeValue(forKey: id)?.inbound.finish(throwing: RPCError(code: .unavailable, message: "the server went away before starting the call: \(reason)"))
        }
        if lastStreamID < .max { finalLastStreamID = lastStreamID }
        closeIfDone()
    }

    private func stopTakingCalls() {
        goingAway = true
        acceptingCalls.store(false, ordering: .releasing)
        unusable.succeed(())
    }

    // MARK: - Calls

    /// Opens a call, off the event loop, or fails when the connection takes no more calls. The
    /// call is known by the returned token; it starts when its HEADERS are written.
    func openCall() throws -> (UInt64, AsyncThrowingStream<RPCResponsePart<[UInt8]>, any Error>, AsyncThrowingStream<RPCResponsePart<[UInt8]>, any Error>.Continuation) {
        guard acceptingCalls.load(ordering: .acquiring) else {
            throw RPCError(code: .unavailable, message: "the connection takes no more calls")
        }
        unsentCalls.add(1, ordering: .relaxed)
        let token = nextToken.wrappingAdd(1, ordering: .relaxed).newValue
        let (inbound, continuation) = AsyncThrowingStream.makeStream(of: RPCResponsePart<[UInt8]>.self)
        return (token, inbound, continuation)
    }

    /// Writes a request part of the call known by `token`.
    func write(_ part: OutboundRequestPart, token: UInt64) -> EventLoopFuture<Void> {
        guard let context else { fatalError("write before the handler was added") }
        if case .headers(_, let responses) = part, streamIDs[token] == nil {
            unsentCalls.add(-1, ordering: .relaxed)
            let refusal: String? =
                if !context.channel.isActive { "the connection closed before the call started" }
                else if finalLastStreamID != nil { "the server went away before the call started" }
                else if nextStreamID >= UInt32.max - 1 { "the connection ran out of stream ids" }
                else { nil }
            if let refusal {
                streamIDs[token] = 0  // refused: known, but never on the wire
                let error = RPCError(code: .unavailable, message: refusal)
                responses.finish(throwing: error)
                closeIfDone()
                return context.eventLoop.makeFailedFuture(error)
            }
            calls[nextStreamID] = CallState(inbound: responses)
            streamIDs[token] = nextStreamID
            nextStreamID += 1
        }
        guard let id = streamIDs[token], calls[id] != nil else {
            return context.eventLoop.makeFailedFuture(RPCError(code: .cancelled, message: "the call has already ended"))
        }
        let frame: Frame
        switch part {
        case .headers(let bytes, _): frame = Frame(kind: .headers, streamID: id, payload: context.channel.allocator.buffer(bytes: bytes))
        case .message(let bytes, let compressed):
            frame = Frame(kind: .message, flags: compressed ? .compressed : [], streamID: id, payload: context.channel.allocator.buffer(bytes: bytes))
        case .halfClose: frame = Frame(kind: .halfClose, streamID: id)
        case .cancel(let bytes, let error):
            frame = Frame(kind: .cancel, streamID: id, payload: context.channel.allocator.buffer(bytes: bytes))
            calls.removeValue(forKey: id)?.inbound.finish(throwing: error)
            closeIfDone()
        }
        let promise = context.eventLoop.makePromise(of: Void.self)
        flusher.write(wrapOutboundOut(frame), promise: promise, context: context)
        return promise.futureResult
    }

    /// The caller is done with the call; a call still open is cancelled on the server.
    func endCall(_ token: UInt64) {
        guard streamIDs[token] != nil else {
            // The caller gave up before writing HEADERS.
            unsentCalls.add(-1, ordering: .relaxed)
            return closeIfDone()
        }
        defer { streamIDs[token] = nil }
        guard let id = streamIDs[token], calls[id] != nil else { return }
        let reason = "the client abandoned the call"
        _ = write(.cancel((try? Cancel(reason: reason).serializedBytes()) ?? [], error: RPCError(code: .cancelled, message: reason)), token: token)
    }

    /// Takes no more calls and closes once the calls in progress end.
    func drain() {
        stopTakingCalls()
        closeIfDone()
    }

    private func failAndCancel(_ id: UInt32, _ error: RPCError) {
        guard let call = calls.removeValue(forKey: id) else { return }
        call.inbound.finish(throwing: error)
        send(.cancel, streamID: id, payload: (try? Cancel(reason: error.message).serializedBytes()) ?? [])
        closeIfDone()
    }

    private func failAll(_ error: RPCError) {
        for call in calls.values { call.inbound.finish(throwing: error) }
        calls = [:]
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
        failAll(RPCError(code: .unavailable, message: "connection closed: \(reason)"))
        unusable.succeed(())
        context?.close(promise: nil)
    }

    private func closeIfDone() {
        if goingAway && calls.isEmpty && unsentCalls.load(ordering: .relaxed) == 0 { context?.close(promise: nil) }
    }

    private func send(_ kind: Frame.Kind, streamID: UInt32, payload: [UInt8]) {
        guard let context else { return }
        context.writeAndFlush(wrapOutboundOut(Frame(kind: kind, streamID: streamID, payload: context.channel.allocator.buffer(bytes: payload))), promise: nil)
    }
}

/// A handle on a client connection that async code can hold.
struct ClientConnection: @unchecked Sendable {
    let channel: any Channel
    let handler: ClientConnectionHandler
    /// What the server said it accepts.
    let serverHello: Hello

    /// Whether the server reads deflated messages.
    var serverAcceptsDeflate: Bool { serverHello.acceptEncodings.contains(MessageEncoding.deflate.rawValue) }

    func openCall() throws -> (UInt64, AsyncThrowingStream<RPCResponsePart<[UInt8]>, any Error>, AsyncThrowingStream<RPCResponsePart<[UInt8]>, any Error>.Continuation) {
        try handler.openCall()
    }

    /// Writes a request part. While the socket takes data the write is handed to the event
    /// loop without waiting for it (a failure reaches the call through its responses); when the
    /// socket is full, the caller waits, which is the backpressure.
    func write(_ part: OutboundRequestPart, token: UInt64) async throws {
        if channel.isWritable {
            channel.eventLoop.execute { _ = handler.write(part, token: token) }
        } else {
            try await channel.eventLoop.flatSubmit { handler.write(part, token: token) }.get()
        }
    }

    func endCall(_ token: UInt64) {
        channel.eventLoop.execute { handler.endCall(token) }
    }

    func drain() {
        channel.eventLoop.execute { handler.drain() }
    }
}
