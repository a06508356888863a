import GRPCCore
import HTTPTypes
import Hummingbird
import PlanAPI
import PlanProtobuf
import ServiceLifecycle

/// `GET /v1/recordings/stream`: recordings as they are made, as Server-Sent Events, on top of
/// WatchRecordings (filtered by `programme_id`, `table_id`, `row_id` as it is). The stream
/// watches every metrics replica (see ``RecordingsEventStream``); `Last-Event-ID` (or
/// `last_event_id`) resumes after that sequence. The same rules as every route: the access
/// policy (reads), the rate limit for opening it, the problems for a bad request; and its own
/// limits (``EventStreamLimits``): streams open at once, a maximum age, keep-alive comments.
/// It ends cleanly on the gateway's graceful shutdown.
enum RecordingsStreamRoute {
    static let lastEventIDHeader = HTTPField.Name("Last-Event-ID")!
    /// How long the replicas have to accept the watch before those that have not are left out.
    static let openingTimeout: Duration = .seconds(5)
    /// Events waiting for a slow client before the stream ends (the browser resumes after the
    /// last event it got).
    static let bufferLimit = 1024

    static func route(_ calls: BackendCalls, slots: EventStreamSlots) -> HTTPRoute {
        HTTPRoute(
            method: .get, path: "/v1/recordings/stream", operationID: "streamRecordings",
            summary: "Recordings as they are made, as Server-Sent Events (WatchRecordings): event 'recording', id the sequence, "
                + "data the recording's JSON; resumable with Last-Event-ID; keep-alive comments; ends after the gateway's "
                + "maximum stream age (the browser reconnects and resumes).",
            queryParameters: [
                ParameterSpec(
                    name: "programme_id", description: "Only recordings in this programme.", example: "p20",
                    maxLength: ParameterSpec.idMaxLength),
                ParameterSpec(
                    name: "table_id", description: "Only recordings in this table.", example: "20.3",
                    maxLength: ParameterSpec.idMaxLength),
                ParameterSpec(
                    name: "row_id", description: "Only recordings of this row.", example: "20.3.r4",
                    maxLength: ParameterSpec.idMaxLength),
                ParameterSpec(
                    name: "last_event_id", description: "Resume after this sequence (for clients that cannot send Last-Event-ID).",
                    example: "0", maxLength: 20),
            ], responseSchema: "Recording", mediaType: "text/event-stream",
            headerParameters: [
                ParameterSpec(
                    name: "Last-Event-ID", description: "Resume after this recording sequence (a browser sends it when it reconnects).",
                    example: "0", maxLength: 20)
            ]
        ) { request, context, query in
            let method = PlanContract.method(Plan_V1_Metrics.Method.WatchRecordings.self)
            let call = try calls.prepare(method, request: request, context: context)
            let resume =
                try RecordingsEventStream.resumePoint(request.headers[lastEventIDHeader], parameter: "Last-Event-ID")
                ?? RecordingsEventStream.resumePoint(try query.string("last_event_id"), parameter: "last_event_id")
            let message = WatchRecordingsRequest(
                programmeID: try query.string("programme_id") ?? "", tableID: try query.string("table_id") ?? "",
                rowID: try query.string("row_id") ?? "", afterSequence: resume)
            let limits = slots.limits
            // The stream's life: its maximum age, or less when the client asked for a deadline.
            var deadline = ContinuousClock.now + limits.maxAge
            if request.headers[BackendCalls.deadlineHeader] != nil { deadline = min(deadline, call.deadline) }
            guard deadline > .now else {
                throw RPCError(code: .deadlineExceeded, message: "the deadline passed before the watch began")
            }
            let client = context.clientKey
            if let reason = slots.acquire(client) {
                throw HTTPProblem(.serviceUnavailable, "\(reason); try again in 5 s", retryAfter: 5)
            }
            let watch = RecordingsWatch.start(
                pool: call.pool, request: ClientRequest(message: message, metadata: call.metadata), deadline: deadline
            ) { slots.release(client) }
            do {
                _ = try await watch.opened()
            } catch {
                watch.cancel()
                throw error
            }
            let headers: HTTPFields = [
                .contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache",
                HTTPField.Name("X-Accel-Buffering")!: "no",
            ]
            return Response(
                status: .ok, headers: headers,
                body: ResponseBody { writer in
                    defer { watch.cancel() }
                    try await writer.write(ByteBuffer(string: RecordingsEventStream.opening(retryMilliseconds: limits.retryMilliseconds)))
                    try await withGracefulShutdownHandler {
                        try await withThrowingTaskGroup(of: Void.self) { group in
                            group.addTask {
                                while true {
                                    try await Task.sleep(for: limits.keepAliveInterval)
                                    watch.continuation.yield(.tick)
                                }
                            }
                            defer { group.cancelAll() }
                            var machine = RecordingsEventStream()
                            events: for await event in watch.events {
                                switch machine.handle(event) {
                                case .write(let text): try await writer.write(ByteBuffer(string: text))
                                case .finish(let text):
                                    if !text.isEmpty { try await writer.write(ByteBuffer(string: text)) }
                                    break events
                                case .none: continue
                                }
                            }
                        }
                    } onGracefulShutdown: {
                        watch.continuation.yield(.shutdown)
                    }
                    try await writer.finish(nil)
                })
        }
    }
}

/// The WatchRecordings calls of one stream, one per metrics replica, merged into one sequence of
/// events, in a task of their own: the handler answers with the response head once the replicas
/// accepted, and the body reads the events; whichever ends first cancels the task. The task ends
/// by the calls' deadline at the latest, and gives back the stream's slot when it does (even if
/// the body was never written: a client gone before its head).
struct RecordingsWatch: Sendable {
    let events: AsyncStream<RecordingsEventStream.Event>
    let continuation: AsyncStream<RecordingsEventStream.Event>.Continuation
    private let openings: AsyncStream<RPCError?>
    private let finishOpenings: AsyncStream<RPCError?>.Continuation
    private let replicaCount: Int
    private let task: Task<Void, Never>

    static func start(
        pool: BackendPool, request: ClientRequest<WatchRecordingsRequest>, deadline: ContinuousClock.Instant,
        onEnd: @escaping @Sendable () -> Void
    ) -> RecordingsWatch {
        let replicas = pool.fanOutReplicas
        let (events, continuation) = AsyncStream.makeStream(
            of: RecordingsEventStream.Event.self, bufferingPolicy: .bufferingOldest(RecordingsStreamRoute.bufferLimit))
        let (openings, opened) = AsyncStream.makeStream(of: RPCError?.self)
        let descriptor = Plan_V1_Metrics.Method.WatchRecordings.descriptor
        // Unstructured, because it outlives the handler that starts it (the body goes on after
        // the head is returned); cancelled by whichever of the handler and the body ends it.
        let task = Task {
            defer {
                opened.finish()
                continuation.finish()
                onEnd()
            }
            await withDiscardingTaskGroup { group in
                for replica in replicas {
                    group.addTask {
                        var options = CallOptions.defaults
                        options.timeout = deadline - .now
                        do {
                            try await replica.client.serverStreaming(
                                request: request, descriptor: descriptor, serializer: ProtobufSerializer<WatchRecordingsRequest>(),
                                deserializer: ProtobufDeserializer<Recording>(), options: options
                            ) { response in
                                if case .failure(let error) = response.accepted {
                                    opened.yield(RecordingsWatch.rpcError(error, deadline: deadline))
                                    return
                                }
                                opened.yield(nil)
                                do {
                                    for try await recording in response.messages {
                                        if case .dropped = continuation.yield(.recording(recording)) {
                                            throw RPCError(code: .resourceExhausted, message: "the client fell behind the recordings")
                                        }
                                    }
                                    continuation.yield(.upstreamEnded(nil))
                                } catch {
                                    continuation.yield(.upstreamEnded(RecordingsWatch.rpcError(error, deadline: deadline)))
                                }
                            }
                        } catch {
                            opened.yield(RecordingsWatch.rpcError(error, deadline: deadline))
                        }
                    }
                }
            }
        }
        return RecordingsWatch(
            events: events, continuation: continuation, openings: openings, finishOpenings: opened, replicaCount: replicas.count, task: task)
    }

    /// Waits for the replicas to accept: the count of watches running, or the error to answer
    /// (``RecordingsEventStream/opening(_:)``). Replicas that have not answered within
    /// ``RecordingsStreamRoute/openingTimeout`` count as UNAVAILABLE.
    func opened() async throws(RPCError) -> Int {
        let timer = Task { [finishOpenings] in
            try? await Task.sleep(for: RecordingsStreamRoute.openingTimeout)
            if !Task.isCancelled { finishOpenings.finish() }
        }
        defer { timer.cancel() }
        var answers: [RPCError?] = []
        for await answer in openings {
            answers.append(answer)
            if answers.count == replicaCount { break }
        }
        while answers.count < replicaCount {
            answers.append(RPCError(code: .unavailable, message: "a replica of \(PlanContract.metricsService) did not accept the watch in time"))
        }
        return try RecordingsEventStream.opening(answers).get()
    }

    /// Ends the watches.
    func cancel() {
        task.cancel()
    }

    /// The error a watch ended with: DEADLINE_EXCEEDED once `deadline` has passed (GRPCCore
    /// reports a call its timeout cancelled as UNKNOWN, caused by a CancellationError), else the
    /// call's error (UNAVAILABLE for one that is not an RPCError).
    static func rpcError(_ error: any Error, deadline: ContinuousClock.Instant) -> RPCError {
        if ContinuousClock.now >= deadline {
            return RPCError(code: .deadlineExceeded, message: "the stream's deadline passed before the watch answered")
        }
        return (error as? RPCError) ?? RPCError(code: .unavailable, message: "the watch failed: \(error)")
    }
}
