import Dispatch
import Foundation

/// SIGTERM and SIGINT, for executables that stop gracefully: they stop taking calls, let calls
/// in flight finish, and exit 0. Create it first thing, so that a signal arriving during
/// start-up is not lost, and `wait()` once serving.
public final class TerminationSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var received: String?
    private var waiter: CheckedContinuation<String, Never>?
    private var sources: [any DispatchSourceSignal] = []

    /// Starts listening for SIGTERM and SIGINT (their default action, ending the process at
    /// once, is turned off).
    public init() {
        for (number, name) in [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.fire(name) }
            source.resume()
            sources.append(source)
        }
    }

    /// Returns the name of the first termination signal, at once if it already came.
    public func wait() async -> String {
        await withCheckedContinuation { continuation in
            let name = lock.withLock { () -> String? in
                if received == nil { waiter = continuation }
                return received
            }
            if let name { continuation.resume(returning: name) }
        }
    }

    private func fire(_ name: String) {
        let waiter = lock.withLock { () -> CheckedContinuation<String, Never>? in
            guard received == nil else { return nil }
            received = name
            defer { self.waiter = nil }
            return self.waiter
        }
        waiter?.resume(returning: name)
    }
}
