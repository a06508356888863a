import NIOCore

/// A Swift concurrency `TaskExecutor` that runs jobs on one NIO event loop.
///
/// A call's task given this executor as its preference (`Task(executorPreference:)`,
/// `withTaskExecutorPreference`) runs its nonisolated code — GRPCCore's handler or request
/// writer, the wait for the next inbound part, the response handler — on the event loop of the
/// call's connection, where its frames arrive and where its writes must be made: a frame read
/// resumes the call on the same thread, and a write is made at once, with no hop to or from
/// the concurrency pool. NIO 2.101 makes an event loop a `SerialExecutor` but not a
/// `TaskExecutor`; this is the small adapter. The gateway's HTTP front runs each HTTP
/// connection's requests on the connection's loop through it too.
public final class EventLoopTaskExecutor: TaskExecutor {
    /// The loop the jobs run on.
    public let eventLoop: any EventLoop

    /// An executor running its jobs on `eventLoop`.
    public init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
