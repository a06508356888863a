import CMalloc
import NIOCore
import Synchronization

/// When the HTTP front hands freed heap memory back to the system: `delay` after a connection
/// closes, at most once per `delay`, and again `delay` after the last of the connections that
/// closed while one was due. Without it, the buffers of a burst of requests stay resident after
/// the burst (measured: the gateway at about 60 MB after a wrk burst instead of 34 MB; see
/// BENCHMARKS.md). The values of a state machine; ``HTTPMemoryRelease`` does the I/O.
struct MemoryReleaseSchedule: Sendable, Equatable {
    enum State: Sendable, Equatable {
        /// No release due.
        case idle
        /// A release is due when the timer fires.
        case due
        /// A release is due, and connections closed after it was scheduled: another one follows.
        case dueAndAgain
    }

    /// What to do after an event.
    enum Action: Sendable, Equatable {
        case none
        /// Start the timer (`delay`).
        case scheduleRelease
        /// Release memory now.
        case release
        /// Release memory now and start the timer again.
        case releaseAndSchedule
    }

    private(set) var state = State.idle

    /// A connection closed.
    mutating func connectionClosed() -> Action {
        switch state {
        case .idle:
            state = .due
            return .scheduleRelease
        case .due, .dueAndAgain:
            state = .dueAndAgain
            return .none
        }
    }

    /// The timer started by `scheduleRelease` fired.
    mutating func timerFired() -> Action {
        switch state {
        case .idle:
            return .none
        case .due:
            state = .idle
            return .release
        case .dueAndAgain:
            state = .due
            return .releaseAndSchedule
        }
    }
}

/// Runs ``MemoryReleaseSchedule`` for the HTTP front's connections: a timer on an event loop,
/// and glibc's `malloc_trim(0)` off the event loops. Does nothing where `malloc_trim` does not
/// exist.
final class HTTPMemoryRelease: Sendable {
    private let schedule = Mutex(MemoryReleaseSchedule())
    private let delay: TimeAmount
    /// Releases done, for tests.
    let releases = Atomic<Int>(0)

    init(delay: Duration) {
        self.delay = .nanoseconds(delay.wholeNanoseconds)
    }

    /// A connection of the HTTP front closed; the timer, if one starts, runs on `eventLoop`.
    func connectionClosed(on eventLoop: any EventLoop) {
        perform(schedule.withLock { $0.connectionClosed() }, on: eventLoop)
    }

    private func perform(_ action: MemoryReleaseSchedule.Action, on eventLoop: any EventLoop) {
        switch action {
        case .none:
            break
        case .scheduleRelease:
            startTimer(on: eventLoop)
        case .release:
            release()
        case .releaseAndSchedule:
            release()
            startTimer(on: eventLoop)
        }
    }

    private func startTimer(on eventLoop: any EventLoop) {
        eventLoop.scheduleTask(in: delay) { [self] in
            perform(schedule.withLock { $0.timerFired() }, on: eventLoop)
        }
    }

    private func release() {
        releases.add(1, ordering: .relaxed)
        Task.detached(priority: .background) {
            #if os(Linux) && canImport(Glibc)
            _ = malloc_trim(0)
            #endif
        }
    }
}

/// Tells ``HTTPMemoryRelease`` when its connection closes.
final class MemoryReleaseHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    private let release: HTTPMemoryRelease

    init(release: HTTPMemoryRelease) {
        self.release = release
    }

    func channelInactive(context: ChannelHandlerContext) {
        release.connectionClosed(on: context.eventLoop)
        context.fireChannelInactive()
    }
}
