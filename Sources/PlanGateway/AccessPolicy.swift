import GRPCCore
import PlanAPI

/// Who may call what: recording needs the write token; reads are open unless `readsNeedToken`.
/// With no token configured, recording is refused outright.
public struct AccessPolicy: Sendable {
    public var token: WriteToken?
    public var readsNeedToken: Bool

    public init(token: WriteToken?, readsNeedToken: Bool = false) {
        self.token = token
        self.readsNeedToken = readsNeedToken
    }

    /// Checks a call of `method` with the `authorization` value given: UNAUTHENTICATED when a
    /// token is needed and missing or wrong, PERMISSION_DENIED for a write when the gateway has
    /// no token to check it against.
    public func check(_ method: PlanContract.Method, authorization: String?) throws(RPCError) {
        guard method.writes || readsNeedToken else { return }
        guard let token else {
            throw RPCError(
                code: .permissionDenied,
                message: "\(method.descriptor.method) is disabled: the gateway has no write token configured")
        }
        guard token.accepts(authorization: authorization) else {
            throw RPCError(
                code: .unauthenticated,
                message: authorization == nil
                    ? "\(method.descriptor.method) needs a bearer token ('authorization: Bearer …')"
                    : "the bearer token is not valid")
        }
    }
}
