import GRPCCore
import PlanAPI
import PlanServerRuntime

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
    /// token is needed and missing or wrong, PERMISSION_DENIED when the gateway has no token to
    /// check it against (the same check as a backend's, ``WriteAccessInterceptor``).
    public func check(_ method: PlanContract.Method, authorization: String?) throws(RPCError) {
        guard method.writes || readsNeedToken else { return }
        try WriteAccessInterceptor(token: token, serverName: "the gateway").check(method, authorization: authorization)
    }
}
