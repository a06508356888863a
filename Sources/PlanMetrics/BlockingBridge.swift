import Dispatch
import GRPCCore
import PostgresNIO
import Synchronization

/// Runs postgres-nio's async operations to completion for the synchronous ``RecordingStore``
/// methods: the operation runs in a task whose executor is the store's own event loop, and the
/// caller's thread waits on a semaphore.
///
/// The tasks never run on Swift's cooperative pool: a caller blocked on the pool (a gRPC
/// handler is one) must not be what the operation it waits for needs to make progress, and on a
/// two-core machine two such callers are the whole pool. Nor may the caller wait on a NIO event
/// loop, the one that would answer it among them: ``wait(_:)`` refuses to.
struct BlockingBridge: Sendable {
    /// The event loop the store's connections and tasks run on.
    let executor: EventLoopTaskExecutor
    /// How long a caller waits before the operation is cancelled and the caller told UNAVAILABLE.
    let timeout: Duration

    /// `operation`'s result, waited for; a database error becomes an ``RPCError``: UNAVAILABLE when
    /// the server cannot be reached (or does not answer within ``timeout``), INTERNAL when it
    /// refused a statement.
    func wait<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) throws(RPCError) -> T {
        guard MultiThreadedEventLoopGroup.currentEventLoop == nil else {
            throw RPCError(code: .internalError, message: "storage: a blocking PostgreSQL call on a NIO event loop")
        }
        let outcome = Outcome<T>()
        let task = Task(executorPreference: executor) {
            do { outcome.finish(.success(try await operation())) } catch { outcome.finish(.failure(error)) }
        }
        let milliseconds = Int(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        guard outcome.done.wait(timeout: .now() + .milliseconds(milliseconds)) == .success else {
            task.cancel()
            throw RPCError(code: .unavailable, message: "storage: PostgreSQL did not answer within \(timeout)")
        }
        switch outcome.result.withLock({ $0 }) {
        case .success(let value): return value
        case .failure(let error): throw Self.rpcError(error)
        case nil: throw RPCError(code: .internalError, message: "storage: no outcome")
        }
    }

    /// `error` as the caller is told it.
    static func rpcError(_ error: any Error) -> RPCError {
        if let error = error as? RPCError { return error }
        guard let error = error as? PSQLError else {
            return RPCError(code: .internalError, message: "storage: \(error)")
        }
        if let server = error.serverInfo {
            let state = server[.sqlState] ?? "?"
            return RPCError(code: .internalError, message: "storage: PostgreSQL \(state): \(server[.message] ?? "")")
        }
        // Not the server's answer: the connection could not be made or was lost. A recording whose
        // outcome is unknown is made at most once when retried with its request id.
        return RPCError(code: .unavailable, message: "storage: PostgreSQL connection: \(error.code)")
    }

    /// One operation's result, handed from its task to the waiting thread.
    private final class Outcome<T: Sendable>: Sendable {
        let result = Mutex<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)

        func finish(_ value: Result<T, any Error>) {
            result.withLock { $0 = value }
            done.signal()
        }
    }
}

/// A task executor running jobs on one NIO event loop: the store's tasks run beside its
/// connections' I/O, off Swift's cooperative pool.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
