import CProtobufC
import GRPCCore

/// Serializes messages for GRPCCore with protobuf-c.
///
/// A message that cannot be encoded (a string with a NUL byte, a number out of range) fails
/// the call with an ``RPCError`` of `failureCode`, its message the ``ProtobufError``'s text.
public struct ProtobufSerializer<Message: ProtobufCodable>: MessageSerializer {
    /// The status a failed encoding ends the call with.
    public var failureCode: RPCError.Code

    /// A serializer; servers keep the default `.internalError` (their own response is at
    /// fault), clients may pass `.invalidArgument` (the caller's request is).
    public init(failureCode: RPCError.Code = .internalError) {
        self.failureCode = failureCode
    }

    public func serialize<Bytes: GRPCContiguousBytes>(_ message: Message) throws -> Bytes {
        do {
            return try message.withPackedMessage { packed, size in
                var bytes = Bytes(repeating: 0, count: size)
                if size > 0 {
                    let written = bytes.withUnsafeMutableBytes {
                        protobuf_c_message_pack(packed, $0.baseAddress!.assumingMemoryBound(to: UInt8.self))
                    }
                    precondition(written == size, "protobuf-c packed \(written) bytes, announced \(size)")
                }
                return bytes
            }
        } catch let error as ProtobufError {
            throw RPCError(code: failureCode, message: "cannot encode the message: \(error)", cause: error)
        }
    }
}

/// Deserializes messages for GRPCCore with protobuf-c.
///
/// Bytes that do not decode (malformed, invalid UTF-8, unknown enum values, missing required
/// sub-messages) fail the call with an ``RPCError`` of `failureCode`, its message the
/// ``ProtobufError``'s text naming the message and field.
public struct ProtobufDeserializer<Message: ProtobufCodable>: MessageDeserializer {
    /// The status a failed decoding ends the call with.
    public var failureCode: RPCError.Code

    /// A deserializer; servers keep the default `.invalidArgument` (the client sent bad
    /// bytes), clients may pass `.internalError` (the server did).
    public init(failureCode: RPCError.Code = .invalidArgument) {
        self.failureCode = failureCode
    }

    public func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> Message {
        do {
            return try serializedMessageBytes.withUnsafeBytes { try Message(unpacking: $0) }
        } catch let error as ProtobufError {
            throw RPCError(code: failureCode, message: "cannot decode the message: \(error)", cause: error)
        }
    }
}
