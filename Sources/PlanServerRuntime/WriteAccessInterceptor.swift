import GRPCCore
import PlanAPI

/// A backend's own check of writes (defence in depth): every method of the contract that
/// writes (`RecordActual`) needs `authorization: Bearer <the write token>`, the token the
/// gateway checked and passes on. Without a configured token writes are refused outright
/// (PERMISSION_DENIED), as the gateway does; a missing or wrong token is UNAUTHENTICATED. The
/// `authorization` metadata is taken off before the call goes on, so no handler or log sees it.
public struct WriteAccessInterceptor: ServerInterceptor {
    let token: WriteToken?
    let serverName: String

    /// Checks writes against `token`; `serverName` (`plan-metrics`) goes in the refusal's message.
    public init(token: WriteToken?, serverName: String) {
        self.token = token
        self.serverName = serverName
    }

    public func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>, context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        var request = request
        let authorization = request.metadata.takeAuthorization()
        if let method = PlanContract.method(context.descriptor), method.writes {
            try check(method, authorization: authorization)
        }
        return try await next(request, context)
    }

    /// PERMISSION_DENIED without a token configured; UNAUTHENTICATED for a missing or wrong one.
    public func check(_ method: PlanContract.Method, authorization: String?) throws(RPCError) {
        guard let token else {
            throw RPCError(
                code: .permissionDenied,
                message: "\(method.descriptor.method) is disabled: \(serverName) has no write token configured "
                    + "(--write-token-file or PLAN_WRITE_TOKEN)")
        }
        guard token.accepts(authorization: authorization) else {
            throw RPCError(
                code: .unauthenticated,
                message: authorization == nil
                    ? "\(method.descriptor.method) needs the write token ('authorization: Bearer …')"
                    : "the bearer token is not valid")
        }
    }
}
