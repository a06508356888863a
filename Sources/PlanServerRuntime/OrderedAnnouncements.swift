import Synchronization

/// Announces listening lines (``ServiceRunner/announce(_:)``) in a fixed order whatever order
/// the servers come up in, so that scripts reading the first line always get the same server:
/// line `i` is written once every line before it has been.
public final class OrderedAnnouncements: Sendable {
    private let state: Mutex<(next: Int, waiting: [Int: String])>
    private let write: @Sendable (String) -> Void

    /// Announcements written through `write` (default: standard output).
    public init(write: @escaping @Sendable (String) -> Void = ServiceRunner.announce) {
        state = Mutex((next: 0, waiting: [:]))
        self.write = write
    }

    /// Writes `line` as announcement number `index` (from 0), after those before it.
    public func announce(_ index: Int, _ line: String) {
        state.withLock { state in
            state.waiting[index] = line
            while let line = state.waiting.removeValue(forKey: state.next) {
                write(line)
                state.next += 1
            }
        }
    }
}
