import GRPCCore
import Logging

/// Logs every call a server answers: method, status and duration, with the caller's request id
/// (metadata `x-request-id`) so that one request can be followed across services. Calls that
/// end OK log at debug, client errors (a bad argument, an unknown id) at info, and server-side
/// failures (INTERNAL, UNKNOWN, DATA_LOSS, UNAVAILABLE…) at warning.
public struct CallLoggingInterceptor: ServerInterceptor {
    /// The metadata key that carries a request's id across hops.
    public static let requestIDKey = "x-request-id"

    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>, context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        var callLogger = self.logger
        callLogger[metadataKey: "method"] = "\(context.descriptor)"
        if let requestID = request.metadata[stringValues: Self.requestIDKey].first(where: { _ in true }) {
            callLogger[metadataKey: "request-id"] = "\(requestID)"
        }
        callLogger[metadataKey: "peer"] = "\(context.remotePeer)"
        let logger = callLogger
        let start = ContinuousClock.now
        let response: StreamingServerResponse<Output>
        do {
            response = try await next(request, context)
        } catch {
            Self.log(error, after: ContinuousClock.now - start, to: logger)
            throw error
        }
        switch response.accepted {
        case .success(var contents):
            let producer = contents.producer
            contents.producer = { writer in
                do {
                    let trailers = try await producer(writer)
                    logger.debug("OK", metadata: ["duration_us": "\(Self.microseconds(ContinuousClock.now - start))"])
                    return trailers
                } catch {
                    Self.log(error, after: ContinuousClock.now - start, to: logger)
                    throw error
                }
            }
            return StreamingServerResponse(accepted: .success(contents))
        case .failure(let error):
            Self.log(error, after: ContinuousClock.now - start, to: logger)
            return response
        }
    }

    /// `duration` in whole microseconds.
    static func microseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000
    }

    /// Logs a call that ended with `error` at the level its code deserves.
    package static func log(_ error: any Error, after duration: Duration, to logger: Logger) {
        let code = (error as? any RPCErrorConvertible)?.rpcErrorCode ?? .unknown
        let message = (error as? RPCError)?.message ?? "\(error)"
        let level: Logger.Level =
            switch code {
            case .invalidArgument, .notFound, .alreadyExists, .failedPrecondition, .outOfRange, .unauthenticated,
                .permissionDenied, .resourceExhausted, .cancelled, .deadlineExceeded, .unimplemented:
                .info
            default: .warning
            }
        logger.log(level: level, "\(code)", metadata: ["duration_us": "\(microseconds(duration))", "message": "\(message)"])
    }
}
