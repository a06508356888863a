import CProtobufC

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds a string field holding a NUL byte in encoded bytes, before protobuf-c unpacks them.
///
/// protobuf-c hands strings over as NUL-terminated `char *`, so a string sent with an embedded
/// NUL by another implementation would silently come back cut short. This walks the wire
/// format with the message's descriptor (recursing into sub-messages) and reports such a
/// string by its field path. Anything malformed is left for `protobuf_c_message_unpack` to
/// reject.
enum ProtobufNULScan {
    /// Throws ``ProtobufError`` with kind `.embeddedNUL` naming the first string field that
    /// holds a NUL byte.
    static func check(_ bytes: UnsafeRawBufferPointer, descriptor: UnsafePointer<ProtobufCMessageDescriptor>) throws {
        // Nearly every message holds zero bytes (an empty sub-message's length, a zero varint)
        // and almost none a NUL in a string: a first walk that counts and names nothing, then,
        // only when it finds one, the walk that builds the field's path.
        guard hasNUL(bytes), firstNUL(in: bytes, descriptor: descriptor, naming: false) != nil else { return }
        if let path = firstNUL(in: bytes, descriptor: descriptor, naming: true) {
            throw ProtobufError(.embeddedNUL, field: path)
        }
    }

    /// Whether `bytes` hold a zero byte anywhere (`memchr`).
    private static func hasNUL(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return false }
        return memchr(base, 0, bytes.count) != nil
    }

    /// The path of the first string field with a NUL byte (with `naming`; an empty string
    /// without, and no repeated field counted), or `nil`.
    private static func firstNUL(
        in bytes: UnsafeRawBufferPointer, descriptor: UnsafePointer<ProtobufCMessageDescriptor>, naming: Bool
    ) -> String? {
        var reader = Reader(bytes: bytes)
        var occurrences: [UInt32: Int] = [:]
        while !reader.atEnd {
            guard let tag = reader.varint(), tag >> 3 <= UInt64(UInt32.max) else { return nil }
            let number = UInt32(tag >> 3)
            switch tag & 7 {
            case 0: guard reader.varint() != nil else { return nil }
            case 1: guard reader.skip(8) else { return nil }
            case 5: guard reader.skip(4) else { return nil }
            case 2:
                guard let payload = reader.lengthDelimited() else { return nil }
                guard let field = protobuf_c_message_descriptor_get_field(descriptor, number)?.pointee else { continue }
                let index = naming && field.label == PROTOBUF_C_LABEL_REPEATED ? occurrences[number, default: 0] : nil
                if let index { occurrences[number] = index + 1 }
                guard hasNUL(payload) else { continue }
                // The field's path, built only when something is found.
                func path() -> String {
                    guard naming else { return "" }
                    let name = String(cString: field.name)
                    return index.map { "\(name)[\($0)]" } ?? name
                }
                switch field.type {
                case PROTOBUF_C_TYPE_STRING:
                    return path()
                case PROTOBUF_C_TYPE_MESSAGE:
                    guard let sub = field.descriptor?.assumingMemoryBound(to: ProtobufCMessageDescriptor.self) else { continue }
                    if let inner = firstNUL(in: payload, descriptor: sub, naming: naming) {
                        return naming ? "\(path()).\(inner)" : ""
                    }
                default:
                    continue
                }
            default:
                return nil
            }
        }
        return nil
    }

    /// Reads the protobuf wire format.
    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        var atEnd: Bool { offset >= bytes.count }

        mutating func varint() -> UInt64? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while offset < bytes.count, shift < 64 {
                let byte = bytes[offset]
                offset += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
            }
            return nil
        }

        mutating func skip(_ count: Int) -> Bool {
            guard bytes.count - offset >= count else { return false }
            offset += count
            return true
        }

        mutating func lengthDelimited() -> UnsafeRawBufferPointer? {
            guard let length = varint(), length <= UInt64(bytes.count - offset) else { return nil }
            let payload = UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + Int(length)])
            offset += Int(length)
            return payload
        }
    }
}
