import GRPCCore
import HTTPTypes
import Hummingbird
import PlanAPI
import PlanProtobuf

/// How the HTTP front calls the backends: through ``GatewayBackends`` to the method's pool,
/// after ``AccessPolicy`` has let the call through, with the request id as `x-request-id`
/// metadata and the deadline from `X-Deadline-Ms` (1 ms – 5 min) or the default one. Reads are
/// retried on another replica; a recording only when ``GatewayBackends/mayRetry(_:message:)``
/// allows it (it has a request id).
struct BackendCalls: Sendable {
    let backends: GatewayBackends
    let access: AccessPolicy

    /// The header giving the call's deadline in milliseconds.
    static let deadlineHeader = HTTPField.Name("X-Deadline-Ms")!
    /// The longest deadline a client may ask for.
    static let maxDeadlineMilliseconds = 300_000

    /// Calls the unary `method` (`Plan_V1_Catalogue.Method.GetUnit.self`) with `message` for
    /// `request`.
    func unary<Method: PlanMethod>(
        _ method: Method.Type, _ message: Method.Input, request: Request, context: GatewayRequestContext
    ) async throws -> Method.Output {
        let entry = PlanContract.method(method)
        let call = try prepare(entry, request: request, context: context)
        // Only a recording's bytes say whether it may be retried (its request id); reads may.
        let retryable = try !entry.writes || backends.mayRetry(entry, message: ProtobufSerializer<Method.Input>().serialize(message))
        let response = try await call.pool.unary(
            method.descriptor, request: ClientRequest(message: message, metadata: call.metadata),
            serializer: ProtobufSerializer<Method.Input>(), deserializer: ProtobufDeserializer<Method.Output>(),
            deadline: call.deadline, retryable: retryable)
        return try response.message
    }

    /// Calls the server-streaming `method` with `message` and collects every response.
    func collect<Method: PlanMethod>(
        _ method: Method.Type, _ message: Method.Input, request: Request, context: GatewayRequestContext
    ) async throws -> [Method.Output] {
        let call = try prepare(PlanContract.method(method), request: request, context: context)
        return try await call.pool.serverStreaming(
            method.descriptor, request: ClientRequest(message: message, metadata: call.metadata),
            serializer: ProtobufSerializer<Method.Input>(), deserializer: ProtobufDeserializer<Method.Output>(),
            deadline: call.deadline, retryable: true
        ) { response in
            var answers: [Method.Output] = []
            for try await answer in response.messages { answers.append(answer) }
            return answers
        }
    }

    /// Checks access and works out the pool, metadata and deadline of a call.
    func prepare(_ method: PlanContract.Method, request: Request, context: GatewayRequestContext) throws -> GatewayBackends.Call {
        try access.check(method, authorization: request.headers[.authorization])
        var metadata: Metadata = ["x-request-id": .string(context.requestID)]
        if let traceparent = request.headers[HTTPField.Name("traceparent")!] {
            metadata.addString(traceparent, forKey: "traceparent")
        }
        var call = backends.call(for: method, metadata: metadata)
        if let text = request.headers[Self.deadlineHeader] {
            guard let milliseconds = Int(text), (1...Self.maxDeadlineMilliseconds).contains(milliseconds) else {
                throw HTTPProblem.badParameter(
                    "X-Deadline-Ms", "'X-Deadline-Ms' must be an integer from 1 to \(Self.maxDeadlineMilliseconds), not '\(text)'")
            }
            call.deadline = .now + .milliseconds(milliseconds)
        }
        return call
    }
}
