import NIOCore
import Synchronization

/// Wakes callers waiting for a connection to become usable — one comes up, or a call ends and
/// leaves room under the server's `max_concurrent_calls` — without polling.
///
/// A caller notes the `generation`, looks for a connection, and when it finds none waits for a
/// notification after that generation (or for its deadline); a notification that came in
/// between ends the wait at once, so none is lost.
final class ReadinessSignal: Sendable {
    private struct State {
        var generation: UInt64 = 0
        var nextWaiter: UInt64 = 0
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
    }

    private let state = Mutex(State())
    private let timers: any EventLoopGroup

    init(timers: any EventLoopGroup) {
        self.timers = timers
    }

    /// Changes with every notification.
    var generation: UInt64 { state.withLock { $0.generation } }

    /// Something changed: every waiter looks again.
    func notify() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.generation &+= 1
            guard !state.waiters.isEmpty else { return [] }
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns after the first notification since `generation`, at `deadline`, or when the task
    /// is cancelled, whichever comes first.
    func wait(after generation: UInt64, until deadline: ContinuousClock.Instant) async {
        let id = state.withLock { state -> UInt64 in
            state.nextWaiter &+= 1
            return state.nextWaiter
        }
        let timeout = max(.zero, deadline - .now)
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let waiting = state.withLock { state -> Bool in
                    guard state.generation == generation, !Task.isCancelled else { return false }
                    state.waiters[id] = continuation
                    return true
                }
                guard waiting else { return continuation.resume() }
                timers.next().scheduleTask(in: TimeAmount(timeout)) { [self] in resume(id) }
            }
        } onCancel: {
            resume(id)
        }
    }

    private func resume(_ id: UInt64) {
        state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
    }
}
