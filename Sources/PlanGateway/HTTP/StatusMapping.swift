import GRPCCore
import Hummingbird
import NIOCore

/// The one mapping from what went wrong to an HTTP status:
///
/// | backend status | HTTP |
/// | --- | --- |
/// | INVALID_ARGUMENT | 400 |
/// | UNAUTHENTICATED | 401 |
/// | PERMISSION_DENIED | 403 |
/// | NOT_FOUND | 404 |
/// | RESOURCE_EXHAUSTED | 429 with `Retry-After` |
/// | UNAVAILABLE | 503 |
/// | DEADLINE_EXCEEDED | 504 |
/// | anything else | 500, detail without internals (they are logged) |
public enum StatusMapping {
    /// The HTTP status of a backend status code.
    public static func status(of code: RPCError.Code) -> HTTPResponse.Status {
        switch code {
        case .invalidArgument: .badRequest
        case .unauthenticated: .unauthorized
        case .permissionDenied: .forbidden
        case .notFound: .notFound
        case .resourceExhausted: .tooManyRequests
        case .unavailable: .serviceUnavailable
        case .deadlineExceeded: .gatewayTimeout
        default: .internalServerError
        }
    }

    /// The problem for any error a handler threw, and whether it is an internal one (to be
    /// logged with its details, which the client never sees).
    public static func problem(for error: any Error) -> (problem: HTTPProblem, isInternal: Bool) {
        switch error {
        case let problem as HTTPProblem:
            return (problem, problem.status == .internalServerError)
        case let error as RPCError:
            let status = status(of: error.code)
            guard status != .internalServerError else { return (internalProblem, true) }
            return (HTTPProblem(status, error.message, retryAfter: status == .tooManyRequests ? 1 : nil), false)
        case is NIOTooManyBytesError:
            return (HTTPProblem(.contentTooLarge, "the request body is larger than \(HTTPLimits.maxBodySize) bytes"), false)
        case let error as HTTPError where error.status == .notFound:
            return (HTTPProblem(.notFound, "no such resource; GET /openapi.json lists every route"), false)
        case let error as HTTPError where error.status == .methodNotAllowed:
            return (HTTPProblem(.methodNotAllowed, "this route does not take that method; see GET /openapi.json"), false)
        case let error as HTTPError where (400..<500).contains(error.status.code):
            return (HTTPProblem(error.status, error.body ?? error.status.reasonPhrase), false)
        default:
            return (internalProblem, true)
        }
    }

    /// What a client learns of an internal error: that it happened, and the id to quote.
    static let internalProblem = HTTPProblem(
        .internalServerError, "the gateway could not answer; quote the request id to the operators")
}
