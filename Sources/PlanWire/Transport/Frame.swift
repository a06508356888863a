import NIOCore

/// One frame of the PlanWire protocol (PROTOCOL.md): a 10-byte header — payload length
/// (UInt32, big-endian), kind, flags, stream id (UInt32, big-endian) — and the payload.
struct Frame: Sendable, Equatable {
    /// What a frame carries.
    enum Kind: UInt8, Sendable, CaseIterable {
        /// Stream 0, first frame each way: a `Hello`.
        case hello = 1
        /// Opens a call: `CallHeaders`.
        case headers = 2
        /// One message of a call, possibly compressed.
        case message = 3
        /// The client has sent its last message.
        case halfClose = 4
        /// The server's initial metadata: `ResponseHeaders`.
        case responseHeaders = 5
        /// Ends a call: `Trailers`.
        case trailers = 6
        /// The client cancels a call: `Cancel`.
        case cancel = 7
        /// Stream 0: keepalive; 8 opaque bytes, echoed with the ACK flag.
        case ping = 8
        /// Stream 0: the connection is ending: `GoAway`.
        case goAway = 9
    }

    /// Flags of a frame; their meaning depends on the kind.
    struct Flags: OptionSet, Sendable, Hashable {
        let rawValue: UInt8
        /// MESSAGE: the payload is compressed with the call's message encoding.
        static let compressed = Flags(rawValue: 0x01)
        /// PING: this is the answer to a ping.
        static let ack = Flags(rawValue: 0x01)
    }

    /// The size of a frame header in bytes.
    static let headerSize = 10

    var kind: Kind
    var flags: Flags
    var streamID: UInt32
    var payload: ByteBuffer

    init(kind: Kind, flags: Flags = [], streamID: UInt32, payload: ByteBuffer = ByteBuffer()) {
        self.kind = kind
        self.flags = flags
        self.streamID = streamID
        self.payload = payload
    }
}

/// What the frame decoder hands on: a frame, or a message frame it refused to buffer.
enum InboundFrame: Sendable, Equatable {
    case frame(Frame)
    /// A MESSAGE frame whose length exceeds the message size limit; its payload was skipped
    /// without being buffered.
    case oversizedMessage(streamID: UInt32, length: Int)
}

/// Why a connection is closed: the peer broke the protocol.
struct ProtocolViolation: Error, Equatable, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}
