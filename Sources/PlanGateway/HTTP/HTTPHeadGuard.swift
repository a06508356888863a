/// The limits on a request head, as a state machine over the bytes a connection receives,
/// before NIO's HTTP parser sees them: the request line (method, URL, version) at most
/// ``Limits/maxRequestLine`` bytes (else 414), each header line at most
/// ``Limits/maxHeaderField`` bytes, the header section at most ``Limits/maxHeaderSection`` bytes
/// and ``Limits/maxHeaderFields`` lines (else 431), and the whole head within
/// ``Limits/headTimeout`` of its first byte (else 408), however slowly its bytes trickle in.
///
/// NIO's parser reports every size overflow alike, and Hummingbird answers it with a bare 400;
/// this guard tells them apart and answers with problem documents. It checks the head of every
/// request whose first byte arrives after the previous request was read to its end (a request
/// pipelined behind another in the same read is left to NIO's own limits, the same sizes).
struct HTTPHeadGuard {
    /// The limits a head is held to.
    struct Limits: Sendable {
        /// The request line: 8 KiB (the URL with it).
        var maxRequestLine = HTTPLimits.maxHeaderFieldSize
        /// One header line: 8 KiB.
        var maxHeaderField = HTTPLimits.maxHeaderFieldSize
        /// The header lines together: 32 KiB.
        var maxHeaderSection = HTTPLimits.maxHeaderListSize
        /// Header lines: 100.
        var maxHeaderFields = HTTPLimits.maxHeaderFieldCount
        /// From a head's first byte to its blank line: 10 s.
        var headTimeout: Duration = HTTPLimits.headTimeout
    }

    /// Why a head is refused: the status of the answer and what it says.
    struct Refusal: Equatable, Sendable {
        var status: Int
        var detail: String
    }

    /// What the handler does with bytes received.
    enum ReadAction: Equatable {
        /// Pass them on to the HTTP parser.
        case forward
        /// Pass them on, and start the head's timer (its first byte came).
        case forwardAndStartTimer
        /// Pass them on, and stop the timer (the head is complete).
        case forwardAndStopTimer
        /// Answer with the refusal and close; drop the bytes.
        case refuse(Refusal)
    }

    private enum State {
        /// Waiting for (the rest of) a head.
        case head(Head)
        /// A head was read; its body and answer follow, until the request's end is decoded.
        case request
        /// A refusal was given; nothing more is read.
        case refused
    }

    private struct Head {
        var started = false
        var inRequestLine = true
        var lineLength = 0
        var sectionLength = 0
        var fields = 0
    }

    let limits: Limits
    private var state = State.head(Head())

    init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Bytes came in.
    mutating func received(_ bytes: some Sequence<UInt8>) -> ReadAction {
        guard case .head(var head) = state else {
            if case .refused = state { return .refuse(Refusal(status: 400, detail: "the connection is closing")) }
            return .forward
        }
        let starts = !head.started
        for byte in bytes {
            head.started = true
            if byte == UInt8(ascii: "\n") {
                let length = head.lineLength
                head.lineLength = 0
                if head.inRequestLine {
                    // Empty lines before a request line are allowed (RFC 9112 §2.2).
                    if length > 0 { head.inRequestLine = false }
                    continue
                }
                if length == 0 {
                    state = .request
                    return .forwardAndStopTimer
                }
                head.fields += 1
                if head.fields > limits.maxHeaderFields {
                    return refuse(431, "the request has more than \(limits.maxHeaderFields) header fields")
                }
                continue
            }
            if byte == UInt8(ascii: "\r") { continue }
            head.lineLength += 1
            if head.inRequestLine {
                if head.lineLength > limits.maxRequestLine {
                    return refuse(414, "the request line (the URL with it) is longer than \(limits.maxRequestLine) bytes")
                }
            } else {
                head.sectionLength += 1
                if head.lineLength > limits.maxHeaderField {
                    return refuse(431, "a header field is longer than \(limits.maxHeaderField) bytes")
                }
                if head.sectionLength > limits.maxHeaderSection {
                    return refuse(431, "the header section is longer than \(limits.maxHeaderSection) bytes")
                }
            }
        }
        state = .head(head)
        return starts && head.started ? .forwardAndStartTimer : .forward
    }

    /// The request whose head was read has been read to its end: the next bytes are a new head.
    mutating func requestEnded() {
        if case .request = state { state = .head(Head()) }
    }

    /// The head's timer fired: a refusal (408) if the head is still incomplete.
    mutating func timerFired() -> Refusal? {
        guard case .head(let head) = state, head.started else { return nil }
        state = .refused
        return Refusal(
            status: 408, detail: "the request head did not arrive within \(Self.seconds(limits.headTimeout)) s of its first byte")
    }

    private mutating func refuse(_ status: Int, _ detail: String) -> ReadAction {
        state = .refused
        return .refuse(Refusal(status: status, detail: detail))
    }

    private static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return value == value.rounded() ? String(Int(value)) : String(value)
    }
}
