import GRPCCore

/// planctl's exit codes: what a script can tell apart without reading the message.
enum ExitStatus: Int32 {
    /// Done.
    case success = 0
    /// Any other failure (INTERNAL, UNKNOWN, DATA_LOSS, a response that could not be read…).
    case failure = 1
    /// Bad usage: an unknown flag or value, a missing argument, or a request the server refused
    /// as INVALID_ARGUMENT, OUT_OF_RANGE or FAILED_PRECONDITION.
    case usage = 2
    /// NOT_FOUND: no such programme, table, row or service.
    case notFound = 3
    /// UNAUTHENTICATED or PERMISSION_DENIED: no token, a wrong one, or recording disabled.
    case denied = 4
    /// UNAVAILABLE, DEADLINE_EXCEEDED or RESOURCE_EXHAUSTED (rate limit): nothing listening, no
    /// replica up, too slow, too many calls; trying again later may work. Also `health` when the
    /// status is not SERVING.
    case unavailable = 5

    /// The exit status a call failing with `code` ends planctl with.
    init(_ code: RPCError.Code) {
        switch code {
        case .invalidArgument, .outOfRange, .failedPrecondition: self = .usage
        case .notFound: self = .notFound
        case .unauthenticated, .permissionDenied: self = .denied
        case .unavailable, .deadlineExceeded, .resourceExhausted: self = .unavailable
        default: self = .failure
        }
    }

    /// The exit codes for `planctl --help`.
    static let help = """
        The commands other than ingest and export call plan-gateway's binary front (--gateway, \
        env PLAN_GATEWAY, default 127.0.0.1:7000). A failed call prints its status and message to \
        standard error, as `NOT_FOUND: no programme 'p99'`.

        Exit codes: 0 done; 1 other failure; 2 bad usage (or INVALID_ARGUMENT, OUT_OF_RANGE, \
        FAILED_PRECONDITION); 3 NOT_FOUND; 4 UNAUTHENTICATED or PERMISSION_DENIED; 5 UNAVAILABLE, \
        DEADLINE_EXCEEDED or RESOURCE_EXHAUSTED (and `health` when not SERVING).
        """
}

/// A call that failed: its status name and message, and the exit status it ends planctl with.
struct CallFailure: Error, CustomStringConvertible {
    var status: ExitStatus
    var message: String

    init(_ error: RPCError) {
        status = ExitStatus(error.code)
        message = "\(Self.name(of: error.code)): \(error.message)"
    }

    init(status: ExitStatus, message: String) {
        self.status = status
        self.message = message
    }

    var description: String { "planctl: \(message)" }

    /// The canonical name of `code` (`NOT_FOUND`).
    static func name(of code: RPCError.Code) -> String {
        let names: [(RPCError.Code, String)] = [
            (.cancelled, "CANCELLED"), (.unknown, "UNKNOWN"), (.invalidArgument, "INVALID_ARGUMENT"),
            (.deadlineExceeded, "DEADLINE_EXCEEDED"), (.notFound, "NOT_FOUND"), (.alreadyExists, "ALREADY_EXISTS"),
            (.permissionDenied, "PERMISSION_DENIED"), (.resourceExhausted, "RESOURCE_EXHAUSTED"),
            (.failedPrecondition, "FAILED_PRECONDITION"), (.aborted, "ABORTED"), (.outOfRange, "OUT_OF_RANGE"),
            (.unimplemented, "UNIMPLEMENTED"), (.internalError, "INTERNAL"), (.unavailable, "UNAVAILABLE"),
            (.dataLoss, "DATA_LOSS"), (.unauthenticated, "UNAUTHENTICATED"),
        ]
        return names.first { $0.0 == code }?.1 ?? "\(code)"
    }
}
