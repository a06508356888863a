import CZlib

/// Message encodings the transport speaks: "identity" and "deflate" (zlib format, RFC 1950),
/// the names gRPC uses.
enum MessageEncoding: String, Sendable, CaseIterable {
    case identity
    case deflate

    /// The encoding named `name`; an empty name is identity.
    init?(name: String) {
        if name.isEmpty { self = .identity } else if let encoding = MessageEncoding(rawValue: name) { self = encoding } else { return nil }
    }
}

/// Why a compressed message could not be read.
enum DecompressionError: Error, Equatable, CustomStringConvertible {
    /// The bytes are not a valid zlib stream.
    case corrupt(String)
    /// The message inflates past the limit (a decompression bomb, or just too large).
    case tooLarge(limit: Int)

    var description: String {
        switch self {
        case .corrupt(let detail): "corrupt compressed message: \(detail)"
        case .tooLarge(let limit): "compressed message inflates past the limit of \(limit) bytes"
        }
    }
}

/// zlib compression of single messages.
enum Zlib {
    /// Compresses `bytes` (zlib format) at `level` (1 fastest … 9 smallest).
    static func compress(_ bytes: [UInt8], level: Int32 = 1) -> [UInt8] {
        var stream = z_stream()
        guard deflateInit_(&stream, level, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            fatalError("zlib deflateInit failed")
        }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))))
        let produced = bytes.withUnsafeBufferPointer { input -> Int in
            output.withUnsafeMutableBufferPointer { out -> Int in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = UInt32(input.count)
                stream.next_out = out.baseAddress
                stream.avail_out = UInt32(out.count)
                let result = deflate(&stream, Z_FINISH)
                precondition(result == Z_STREAM_END, "deflate with a bound-sized buffer must finish")
                return out.count - Int(stream.avail_out)
            }
        }
        output.removeSubrange(produced...)
        return output
    }

    /// Decompresses a zlib stream, refusing to produce more than `limit` bytes.
    static func decompress(_ bytes: some Collection<UInt8>, limit: Int) throws(DecompressionError) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .corrupt("inflateInit failed")
        }
        defer { inflateEnd(&stream) }
        let input = Array(bytes)
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let result: Result<Void, DecompressionError> = input.withUnsafeBufferPointer { inputBuffer in
            stream.next_in = UnsafeMutablePointer(mutating: inputBuffer.baseAddress)
            stream.avail_in = UInt32(inputBuffer.count)
            while true {
                let (status, produced) = chunk.withUnsafeMutableBufferPointer { out -> (Int32, Int) in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(out.count)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    return (status, out.count - Int(stream.avail_out))
                }
                if output.count + produced > limit { return .failure(.tooLarge(limit: limit)) }
                output.append(contentsOf: chunk[..<produced])
                switch status {
                case Z_STREAM_END:
                    return stream.avail_in == 0 ? .success(()) : .failure(.corrupt("trailing bytes after the zlib stream"))
                case Z_OK:
                    continue
                case Z_BUF_ERROR where stream.avail_in == 0:
                    return .failure(.corrupt("truncated zlib stream"))
                default:
                    let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                    return .failure(.corrupt(message))
                }
            }
        }
        try result.get()
        return output
    }
}
