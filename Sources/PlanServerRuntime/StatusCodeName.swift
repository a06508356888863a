import GRPCCore

extension RPCError.Code {
    /// gRPC's canonical name of the code: `NOT_FOUND`, `UNAVAILABLE`.
    public var canonicalName: String {
        switch self {
        case .cancelled: "CANCELLED"
        case .unknown: "UNKNOWN"
        case .invalidArgument: "INVALID_ARGUMENT"
        case .deadlineExceeded: "DEADLINE_EXCEEDED"
        case .notFound: "NOT_FOUND"
        case .alreadyExists: "ALREADY_EXISTS"
        case .permissionDenied: "PERMISSION_DENIED"
        case .resourceExhausted: "RESOURCE_EXHAUSTED"
        case .failedPrecondition: "FAILED_PRECONDITION"
        case .aborted: "ABORTED"
        case .outOfRange: "OUT_OF_RANGE"
        case .unimplemented: "UNIMPLEMENTED"
        case .internalError: "INTERNAL"
        case .unavailable: "UNAVAILABLE"
        case .dataLoss: "DATA_LOSS"
        case .unauthenticated: "UNAUTHENTICATED"
        default: "UNKNOWN"
        }
    }

    /// The canonical name of the code `error` carries; `UNKNOWN` for an error that is no RPC error.
    public static func canonicalName(of error: any Error) -> String {
        ((error as? any RPCErrorConvertible)?.rpcErrorCode ?? .unknown).canonicalName
    }
}
