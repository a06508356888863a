import CProtobufC

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The C memory behind one message being packed: every C struct, pointer array, string and
/// byte buffer the packer reads is bump-allocated here and freed all at once when the arena
/// goes away. Swift owns everything it packs; nothing here outlives the `pack` call.
public final class ProtobufArena {
    private var blocks: [UnsafeMutableRawPointer] = []
    private var cursor: UnsafeMutableRawPointer?
    private var remaining = 0
    private var nextBlockSize = 4096

    /// The largest block the arena grows to; bigger requests get a block of their own.
    private static let maxBlockSize = 1 << 20

    public init() {}

    deinit {
        for block in blocks { free(block) }
    }

    /// `byteCount` bytes aligned to `alignment` (a power of two), valid until the arena goes.
    public func allocate(byteCount: Int, alignment: Int) -> UnsafeMutableRawPointer {
        if let cursor {
            let padding = (alignment - Int(bitPattern: cursor) & (alignment - 1)) & (alignment - 1)
            if padding + byteCount <= remaining {
                let start = cursor + padding
                self.cursor = start + byteCount
                remaining -= padding + byteCount
                return start
            }
        }
        // malloc's result is aligned for every C type, so a new block needs no padding.
        let size = max(byteCount, nextBlockSize)
        guard let block = malloc(max(size, 1)) else { fatalError("ProtobufArena: out of memory (\(size) bytes)") }
        blocks.append(block)
        if size == nextBlockSize {
            nextBlockSize = min(nextBlockSize * 2, Self.maxBlockSize)
            cursor = block + byteCount
            remaining = size - byteCount
        }
        return block
    }

    /// Uninitialised room for `count` values of `T`.
    @inlinable
    public func allocate<T>(_ type: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        allocate(byteCount: MemoryLayout<T>.stride * max(count, 1), alignment: MemoryLayout<T>.alignment)
            .bindMemory(to: T.self, capacity: max(count, 1))
    }

    /// A fresh C message of type `M`, initialised by its generated `__init` function.
    @inlinable
    public func message<M: ProtobufCStruct>(_ type: M.Type) -> UnsafeMutablePointer<M> {
        let pointer = allocate(M.self, count: 1)
        M.cInit(pointer)
        return pointer
    }

    /// A NUL-terminated copy of `string`.
    ///
    /// - Throws: ``ProtobufError`` naming `field` when `string` holds a NUL byte, which would
    ///   silently cut the string short on the wire.
    public func cString(_ string: String, field: String) throws -> UnsafeMutablePointer<CChar> {
        var string = string
        return try string.withUTF8 { utf8 in
            if utf8.contains(0) { throw ProtobufError(.embeddedNUL, field: field) }
            let copy = allocate(byteCount: utf8.count + 1, alignment: 1)
            if let base = utf8.baseAddress { copy.copyMemory(from: base, byteCount: utf8.count) }
            copy.storeBytes(of: 0, toByteOffset: utf8.count, as: UInt8.self)
            return copy.bindMemory(to: CChar.self, capacity: utf8.count + 1)
        }
    }

    /// A C array of NUL-terminated copies of `strings` (`char **`), `nil` when empty.
    public func cStrings(_ strings: [String], field: String) throws -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        guard !strings.isEmpty else { return nil }
        let array = allocate(UnsafeMutablePointer<CChar>?.self, count: strings.count)
        for (index, string) in strings.enumerated() {
            (array + index).initialize(to: try ProtobufError.naming(field, index) { try cString(string, field: "") })
        }
        return array
    }

    /// A copy of `bytes` as protobuf-c binary data.
    public func binaryData(_ bytes: [UInt8]) -> ProtobufCBinaryData {
        guard !bytes.isEmpty else { return ProtobufCBinaryData(len: 0, data: nil) }
        let copy = allocate(UInt8.self, count: bytes.count)
        bytes.withUnsafeBufferPointer { copy.initialize(from: $0.baseAddress!, count: bytes.count) }
        return ProtobufCBinaryData(len: bytes.count, data: copy)
    }
}
