import PlanAPI
import Synchronization

/// New recordings as they are committed, for WatchRecordings: a store publishes each one once,
/// in sequence order, and every subscriber receives it.
///
/// A subscriber that does not keep up is not allowed to lose recordings silently: once its
/// buffer of ``bufferLimit`` recordings is full its subscription ends as ``Subscription/fellBehind``
/// and the watcher resumes from the last sequence it saw.
public final class RecordingFeed: Sendable {
    /// How many recordings a subscriber may have waiting before it is ended.
    public let bufferLimit: Int
    private let subscribers = Mutex<[Int: Subscriber]>([:])
    private let nextID = Atomic<Int>(0)

    private struct Subscriber {
        var continuation: AsyncStream<Recording>.Continuation
        var fellBehind: @Sendable () -> Void
    }

    public init(bufferLimit: Int = 4096) {
        self.bufferLimit = bufferLimit
    }

    /// Recordings published from now on, until the subscription is dropped or falls behind.
    public func subscribe() -> Subscription {
        let id = nextID.add(1, ordering: .relaxed).newValue
        let (stream, continuation) = AsyncStream.makeStream(of: Recording.self, bufferingPolicy: .bufferingOldest(bufferLimit))
        let state = Subscription.State()
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.removeValue(forKey: id) }
        }
        subscribers.withLock {
            $0[id] = Subscriber(continuation: continuation, fellBehind: { state.markFellBehind() })
        }
        return Subscription(recordings: stream, state: state)
    }

    /// Hands `recording` to every subscriber; one whose buffer is full is ended.
    public func publish(_ recording: Recording) {
        let current = subscribers.withLock { $0 }
        for subscriber in current.values {
            if case .dropped = subscriber.continuation.yield(recording) {
                subscriber.fellBehind()
                subscriber.continuation.finish()
            }
        }
    }

    /// The number of live subscriptions.
    public var subscriberCount: Int { subscribers.withLock { $0.count } }

    /// One subscriber's recordings.
    public struct Subscription: Sendable {
        /// The recordings, in sequence order; finishes when the subscriber falls behind.
        public let recordings: AsyncStream<Recording>
        let state: State

        /// Whether the stream ended because the subscriber fell behind.
        public var fellBehind: Bool { state.fellBehind.load(ordering: .acquiring) }

        final class State: Sendable {
            let fellBehind = Atomic<Bool>(false)
            func markFellBehind() { fellBehind.store(true, ordering: .releasing) }
        }
    }
}
