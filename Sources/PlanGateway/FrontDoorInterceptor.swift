import GRPCCore
import PlanServerRuntime
import PlanAPI

/// What the binary front does to every call before forwarding it: gives it a request id when
/// it has none (sent back on every answer: in the response metadata, or with the status of a
/// call that fails at once), applies the caller's rate limit (each call charged its
/// ``AdmissionCost``), and
/// checks its token where the access policy asks for one.
public struct FrontDoorInterceptor: ServerInterceptor {
    let access: AccessPolicy
    let rateLimiter: RateLimiter?

    public init(access: AccessPolicy, rateLimiter: RateLimiter?) {
        self.access = access
        self.rateLimiter = rateLimiter
    }

    public func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>, context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        var request = request
        let key = CallLoggingInterceptor.requestIDKey
        let requestID =
            request.metadata[stringValues: key].first(where: { !$0.isEmpty }) ?? GatewayBackends.newRequestID()
        request.metadata.removeAllValues(forKey: key)
        request.metadata.addString(requestID, forKey: key)
        let cost = AdmissionCost.method(context.descriptor.method)
        if let rateLimiter, let wait = rateLimiter.admit(clientKey(peer: context.remotePeer), cost: cost) {
            throw RPCError(
                code: .resourceExhausted,
                message: "rate limit of \(rateLimiter.rate) calls a second exceeded; retry in \(wait.milliseconds) ms",
                metadata: ["retry-after-ms": "\(wait.milliseconds)", key: "\(requestID)"])
        }
        if let method = PlanContract.method(context.descriptor) {
            let authorization = request.metadata.takeAuthorization()
            do {
                try access.check(method, authorization: authorization)
            } catch var error {
                error.metadata.addString(requestID, forKey: key)
                throw error
            }
        }
        var response: StreamingServerResponse<Output>
        do {
            response = try await next(request, context)
        } catch var error as RPCError {
            error.metadata.addString(requestID, forKey: key)
            throw error
        }
        switch response.accepted {
        case .success(var contents):
            contents.metadata.addString(requestID, forKey: key)
            response.accepted = .success(contents)
        case .failure(var error):
            // A call that ends at once (trailers only) returns the request id with its status.
            error.metadata.addString(requestID, forKey: key)
            response.accepted = .failure(error)
        }
        return response
    }
}

extension Duration {
    /// Whole milliseconds, rounded up.
    var milliseconds: Int64 {
        components.seconds * 1000 + (components.attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
    }
}
