import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes
import PlanWire

/// Runs ``HTTPHeadGuard`` on a connection: the first handler of the pipeline, it sees the bytes
/// before NIO's HTTP parser, keeps the head's timer, and answers a refused head itself with a
/// problem document (`Connection: close`) before closing. ``HTTPRequestEndSignal``, further
/// down, tells it when a request is over.
final class HTTPHeadGuardHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var machine: HTTPHeadGuard
    private var timer: Scheduled<Void>?
    private let logger: Logger

    init(limits: HTTPHeadGuard.Limits = .init(), logger: Logger) {
        machine = HTTPHeadGuard(limits: limits)
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        switch machine.received(buffer.readableBytesView) {
        case .forward:
            context.fireChannelRead(data)
        case .forwardAndStartTimer:
            startTimer(context)
            context.fireChannelRead(data)
        case .forwardAndStopTimer:
            stopTimer()
            context.fireChannelRead(data)
        case .refuse(let refusal):
            refuse(refusal, context: context)
        }
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard event is HTTPRequestEndSignal.RequestEnded else {
            return context.triggerUserOutboundEvent(event, promise: promise)
        }
        machine.requestEnded()
        promise?.succeed()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stopTimer()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopTimer()
        context.fireChannelInactive()
    }

    private func startTimer(_ context: ChannelHandlerContext) {
        stopTimer()
        let timeout = machine.limits.headTimeout
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(timeout.wholeNanoseconds)) {
            self.timer = nil
            if let refusal = self.machine.timerFired() { self.refuse(refusal, context: context) }
        }
    }

    private func stopTimer() {
        timer?.cancel()
        timer = nil
    }

    /// Writes the refusal as a problem document and closes the connection.
    private func refuse(_ refusal: HTTPHeadGuard.Refusal, context: ChannelHandlerContext) {
        stopTimer()
        let requestID = GatewayBackends.newRequestID()
        logger.debug("request head refused", metadata: ["status": "\(refusal.status)", "request_id": "\(requestID)"])
        let response = Self.response(refusal, requestID: requestID)
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: response))).assumeIsolated()
            .whenComplete { _ in context.close(promise: nil) }
    }

    /// The HTTP/1.1 response carrying `refusal` as an RFC 9457 problem document.
    static func response(_ refusal: HTTPHeadGuard.Refusal, requestID: String) -> [UInt8] {
        let status: HTTPResponse.Status =
            switch refusal.status {
            case 408: .requestTimeout
            case 414: .uriTooLong
            case 431: .requestHeaderFieldsTooLarge
            default: .badRequest
            }
        let problem = HTTPProblem(status, refusal.detail)
        let body = (try? JSONMapping.encode(problem.document(requestID: requestID))) ?? Data("{}".utf8)
        let head =
            "HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\nContent-Type: \(ProblemDocument.mediaType)\r\n"
            + "Content-Length: \(body.count)\r\nConnection: close\r\nX-Request-Id: \(requestID)\r\n\r\n"
        return Array(head.utf8) + Array(body)
    }
}

/// Tells ``HTTPHeadGuardHandler`` (with an outbound user event) when a request is over: read to
/// its end and answered to its end, so that the next bytes are the next request's head.
final class HTTPRequestEndSignal: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// The event sent toward the head of the pipeline.
    struct RequestEnded {}

    private var requestsRead = 0
    private var responsesWritten = 0

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .end = unwrapInboundIn(data) {
            requestsRead += 1
            if responsesWritten >= requestsRead { context.triggerUserOutboundEvent(RequestEnded(), promise: nil) }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let isEnd: Bool
        if case .end = unwrapOutboundIn(data) { isEnd = true } else { isEnd = false }
        context.write(data, promise: promise)
        if isEnd {
            responsesWritten += 1
            if requestsRead >= responsesWritten { context.triggerUserOutboundEvent(RequestEnded(), promise: nil) }
        }
    }
}

/// Hummingbird's HTTP/1.1 channel with ``WriteStallHandler`` and ``HTTPHeadGuardHandler`` in
/// front of its parser and ``HTTPRequestEndSignal`` behind it; with ``MemoryReleaseHandler``
/// first when the front releases memory after connections close. With `handlersOnEventLoop`,
/// each connection's task (reading its requests, the middleware and route handlers, writing the
/// responses) prefers the connection's event loop as its executor: a request read resumes the
/// handler on the thread that read it and a response is written at once, with no hop to the
/// concurrency pool and back (BENCHMARKS.md measures both).
struct GuardedHTTP1Channel: ServerChildChannel {
    let inner: HTTP1Channel
    let limits: HTTPHeadGuard.Limits
    let writeTimeout: Duration
    let memoryRelease: HTTPMemoryRelease?
    var handlersOnEventLoop = true

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<HTTP1Channel.Value> {
        channel.eventLoop.makeCompletedFuture {
            if let memoryRelease {
                try channel.pipeline.syncOperations.addHandler(MemoryReleaseHandler(release: memoryRelease))
            }
            try channel.pipeline.syncOperations.addHandlers([
                WriteStallHandler(timeout: writeTimeout, logger: logger),
                HTTPHeadGuardHandler(limits: limits, logger: logger),
            ])
        }.flatMap { inner.setup(channel: channel, logger: logger) }
    }

    func handle(value: HTTP1Channel.Value, logger: Logger) async {
        guard handlersOnEventLoop else { return await inner.handle(value: value, logger: logger) }
        await withTaskExecutorPreference(EventLoopTaskExecutor(value.channel.eventLoop)) {
            await inner.handle(value: value, logger: logger)
        }
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with the head guarded and stalled writes cut off (``GuardedHTTP1Channel``),
    /// memory released after connections close when `memoryRelease` is given.
    static func guardedHTTP1(
        configuration: HTTP1Channel.Configuration, limits: HTTPHeadGuard.Limits, writeTimeout: Duration,
        memoryRelease: HTTPMemoryRelease? = nil, handlersOnEventLoop: Bool = true
    ) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            GuardedHTTP1Channel(
                inner: HTTP1Channel(responder: responder, configuration: configuration), limits: limits,
                writeTimeout: writeTimeout, memoryRelease: memoryRelease, handlersOnEventLoop: handlersOnEventLoop)
        }
    }
}

extension Duration {
    /// The duration in whole nanoseconds.
    var wholeNanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
