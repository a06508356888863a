import NIOCore

/// Whether a connection may read more from its socket: not while its peer does not read what
/// is written to it (the channel is not writable, its outbound buffer is over the high-water
/// mark), nor while a call has more inbound parts buffered than its handler has taken. This is
/// PlanWire's back-pressure: a peer that does not read, or floods a call that is not consumed,
/// stops being read from, and TCP's own flow control pushes back on it.
///
/// A value used on the event loop: the connection handler reports each event and reads when
/// the gate says so.
struct ReadGate: Equatable {
    /// Whether the channel takes more writes.
    private(set) var writable = true
    /// Calls whose inbound buffer is full.
    private(set) var fullCalls: Set<UInt32> = []
    /// A read was asked for while the gate was shut; it is issued when the gate opens.
    private(set) var readPending = false

    /// Whether reading may go on.
    var isOpen: Bool { writable && fullCalls.isEmpty }

    /// The pipeline asks for a read: whether to pass it on now (otherwise it waits).
    mutating func readRequested() -> Bool {
        guard isOpen else {
            readPending = true
            return false
        }
        return true
    }

    /// The channel's writability changed: whether to issue the read that waited.
    mutating func writabilityChanged(_ writable: Bool) -> Bool {
        self.writable = writable
        return releasePending()
    }

    /// Call `id`'s inbound buffer is over its high-water mark.
    mutating func callFull(_ id: UInt32) {
        fullCalls.insert(id)
    }

    /// Call `id`'s handler took enough of its buffer, or the call ended: whether to issue the
    /// read that waited.
    mutating func callDrained(_ id: UInt32) -> Bool {
        guard fullCalls.remove(id) != nil else { return false }
        return releasePending()
    }

    private mutating func releasePending() -> Bool {
        guard isOpen, readPending else { return false }
        readPending = false
        return true
    }
}

/// The inbound parts of one call (requests at the server, responses at the client), buffered
/// for the code that consumes them, with back-pressure: when more than the high-water mark are
/// waiting, `yield` says so and the connection stops reading until the consumer has taken the
/// buffer down to the low-water mark (`InboundDemand.produceMore`).
typealias InboundParts<Element: Sendable> = NIOThrowingAsyncSequenceProducer<
    Element, any Error, NIOAsyncSequenceProducerBackPressureStrategies.HighLowWatermark, InboundDemand
>

/// Tells a connection that a call's consumer wants more parts.
struct InboundDemand: NIOAsyncSequenceProducerDelegate {
    let onDemand: @Sendable () -> Void

    func produceMore() { onDemand() }
    func didTerminate() { onDemand() }
}

extension InboundParts {
    /// A new buffer of `Element`s holding at most about `limit` before it pushes back.
    static func make(limit: Int, onDemand: @escaping @Sendable () -> Void) -> NewSequence where Failure == any Error, Strategy == NIOAsyncSequenceProducerBackPressureStrategies.HighLowWatermark, Delegate == InboundDemand {
        makeSequence(
            backPressureStrategy: .init(lowWatermark: Swift.max(1, limit / 2), highWatermark: Swift.max(1, limit)),
            finishOnDeinit: true, delegate: InboundDemand(onDemand: onDemand))
    }
}
