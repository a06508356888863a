import CPlanWireProto
import PlanProtobuf
import GRPCCore

// The protobuf encoding of the transport's own messages (Protos/plan/wire/v1/wire.proto).

/// A transport message with a protobuf encoding.
protocol WireCodable {
    /// The message's protobuf encoding.
    func serializedBytes() throws -> [UInt8]
    /// Decodes the message; throws ``ProtobufError`` on bytes that are not a valid encoding.
    init(serializedBytes bytes: some Collection<UInt8>) throws
}

extension Hello: ProtobufCodable, WireCodable {
    func encode(into message: inout Wire__Hello, arena: ProtobufArena) throws {
        message.version = version
        message.max_message_size = maxMessageSize
        message.n_accept_encodings = acceptEncodings.count
        message.accept_encodings = try arena.cStrings(acceptEncodings, field: "accept_encodings")
        message.agent = try arena.cString(agent, field: "agent")
        message.max_concurrent_calls = maxConcurrentCalls
        message.max_metadata_size = maxMetadataSize
        message.max_metadata_entries = maxMetadataEntries
    }

    init(decoding message: Wire__Hello) throws {
        self.init(
            version: message.version,
            maxMessageSize: message.max_message_size,
            acceptEncodings: try Unpacked.strings(
                message.n_accept_encodings, message.accept_encodings, field: "accept_encodings"),
            agent: try Unpacked.string(message.agent, field: "agent"),
            maxConcurrentCalls: message.max_concurrent_calls, maxMetadataSize: message.max_metadata_size,
            maxMetadataEntries: message.max_metadata_entries)
    }
}

extension CallHeaders: ProtobufCodable, WireCodable {
    func encode(into message: inout Wire__CallHeaders, arena: ProtobufArena) throws {
        message.method = try arena.cString(method, field: "method")
        (message.n_metadata, message.metadata) = try WireMetadata.encode(metadata, arena: arena)
        if let timeoutMicros {
            message.timeout_present_case = WIRE__CALL_HEADERS__TIMEOUT_PRESENT_TIMEOUT_MICROS
            message.timeout_micros = timeoutMicros
        }
        message.message_encoding = try arena.cString(messageEncoding, field: "message_encoding")
        message.n_accept_encodings = acceptEncodings.count
        message.accept_encodings = try arena.cStrings(acceptEncodings, field: "accept_encodings")
    }

    init(decoding message: Wire__CallHeaders) throws {
        self.init(
            method: try Unpacked.string(message.method, field: "method"),
            metadata: try WireMetadata.decode(message.n_metadata, message.metadata),
            timeoutMicros: message.timeout_present_case == WIRE__CALL_HEADERS__TIMEOUT_PRESENT_TIMEOUT_MICROS
                ? message.timeout_micros : nil,
            messageEncoding: try Unpacked.string(message.message_encoding, field: "message_encoding"),
            acceptEncodings: try Unpacked.strings(
                message.n_accept_encodings, message.accept_encodings, field: "accept_encodings"))
    }
}

extension ResponseHeaders: ProtobufCodable, WireCodable {
    func encode(into message: inout Wire__ResponseHeaders, arena: ProtobufArena) throws {
        (message.n_metadata, message.metadata) = try WireMetadata.encode(metadata, arena: arena)
        message.message_encoding = try arena.cString(messageEncoding, field: "message_encoding")
    }

    init(decoding message: Wire__ResponseHeaders) throws {
        self.init(
            metadata: try WireMetadata.decode(message.n_metadata, message.metadata),
            messageEncoding: try Unpacked.string(message.message_encoding, field: "message_encoding"))
    }
}

extension Trailers: ProtobufCodable, WireCodable {
    func encode(into message: inout Wire__Trailers, arena: ProtobufArena) throws {
        message.code = code
        message.message = try arena.cString(self.message, field: "message")
        (message.n_metadata, message.metadata) = try WireMetadata.encode(metadata, arena: arena)
    }

    init(decoding message: Wire__Trailers) throws {
        self.init(
            code: message.code,
            message: try Unpacked.string(message.message, field: "message"),
            metadata: try WireMetadata.decode(message.n_metadata, message.metadata))
    }
}

extension Cancel: ProtobufCodable, WireCodable {
    func encode(into message: inout Wire__Cancel, arena: ProtobufArena) throws {
        message.reason = try arena.cString(reason, field: "reason")
    }

    init(decoding message: Wire__Cancel) throws {
        self.init(reason: try Unpacked.string(message.reason, field: "reason"))
    }
}

extension GoAway: ProtobufCodable, WireCodable {
    func encode(into message: inout Wire__GoAway, arena: ProtobufArena) throws {
        message.last_stream_id = lastStreamID
        message.code = code
        message.reason = try arena.cString(reason, field: "reason")
    }

    init(decoding message: Wire__GoAway) throws {
        self.init(
            lastStreamID: message.last_stream_id,
            code: message.code,
            reason: try Unpacked.string(message.reason, field: "reason"))
    }
}

/// GRPCCore `Metadata` as `repeated MetadataEntry metadata`: string values as `text`, binary
/// values as `binary`, in order, repeated keys kept.
enum WireMetadata {
    /// The C array of entries (count and pointer) for `metadata`.
    static func encode(
        _ metadata: Metadata, arena: ProtobufArena
    ) throws -> (Int, UnsafeMutablePointer<UnsafeMutablePointer<Wire__MetadataEntry>?>?) {
        guard !metadata.isEmpty else { return (0, nil) }
        let array = arena.allocate(UnsafeMutablePointer<Wire__MetadataEntry>?.self, count: metadata.count)
        for (index, (key, value)) in metadata.enumerated() {
            let entry = arena.message(Wire__MetadataEntry.self)
            try ProtobufError.naming("metadata", index) {
                entry.pointee.key = try arena.cString(key, field: "key")
                switch value {
                case .string(let text):
                    entry.pointee.value_case = WIRE__METADATA_ENTRY__VALUE_TEXT
                    entry.pointee.text = try arena.cString(text, field: "text")
                case .binary(let bytes):
                    entry.pointee.value_case = WIRE__METADATA_ENTRY__VALUE_BINARY
                    entry.pointee.binary = arena.binaryData(bytes)
                }
            }
            (array + index).initialize(to: entry)
        }
        return (metadata.count, array)
    }

    /// The metadata an unpacked `repeated MetadataEntry` holds.
    ///
    /// - Throws: ``ProtobufError`` when an entry has no value, or a binary value's key does not
    ///   end in `-bin` (GRPCCore's rule for binary metadata).
    static func decode(
        _ count: Int, _ entries: UnsafeMutablePointer<UnsafeMutablePointer<Wire__MetadataEntry>?>?
    ) throws -> Metadata {
        var metadata = Metadata()
        guard count > 0, let entries else { return metadata }
        metadata.reserveCapacity(count)
        for index in 0..<count {
            try ProtobufError.naming("metadata", index) {
                guard let entry = entries[index]?.pointee else { throw ProtobufError(.missingField) }
                let key = try Unpacked.string(entry.key, field: "key")
                switch entry.value_case {
                case WIRE__METADATA_ENTRY__VALUE_TEXT:
                    metadata.addString(try Unpacked.string(entry.text, field: "text"), forKey: key)
                case WIRE__METADATA_ENTRY__VALUE_BINARY:
                    guard key.hasSuffix("-bin") else {
                        throw ProtobufError(
                            .invalidValue("a binary value needs a key ending in \"-bin\", not \"\(key)\""), field: "key")
                    }
                    metadata.addBinary(Unpacked.bytes(entry.binary), forKey: key)
                default:
                    throw ProtobufError(.invalidValue("the entry for \"\(key)\" has neither text nor binary"))
                }
            }
        }
        return metadata
    }
}
