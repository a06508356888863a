import GRPCCore

// The transport's own messages (Protos/plan/wire/v1/wire.proto), as Swift values. Their
// protobuf encoding lives in Protobuf/WireMessages+Protobuf.swift.

/// The first frame each side sends on a connection.
struct Hello: Hashable, Sendable {
    var version: UInt32
    var maxMessageSize: UInt32
    var acceptEncodings: [String]
    var agent: String
    /// Server: the most calls open at once on the connection; 0 when not advertised.
    var maxConcurrentCalls: UInt32 = 0
    /// Server: the most metadata bytes (keys and values) in one call's HEADERS; 0 when not
    /// advertised.
    var maxMetadataSize: UInt32 = 0
    /// Server: the most metadata entries in one call's HEADERS; 0 when not advertised.
    var maxMetadataEntries: UInt32 = 0
}

/// Opens a call.
struct CallHeaders: Sendable {
    var method: String
    var metadata: Metadata
    /// Microseconds the client allows for the call; `nil` for no deadline.
    var timeoutMicros: UInt64?
    var messageEncoding: String
    var acceptEncodings: [String]
}

/// The server's initial metadata.
struct ResponseHeaders: Sendable {
    var metadata: Metadata
    var messageEncoding: String
}

/// Ends a call with its status.
struct Trailers: Sendable {
    var code: UInt32
    var message: String
    var metadata: Metadata
}

/// Cancels a call.
struct Cancel: Hashable, Sendable {
    var reason: String
}

/// Tells the peer the connection is ending.
struct GoAway: Hashable, Sendable {
    var lastStreamID: UInt32
    var code: UInt32
    var reason: String
}
