import CProtobufC

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The memory of one `protobuf_c_message_unpack`: a bump allocator handed to protobuf-c as its
/// `ProtobufCAllocator`, so that the C structs, strings and arrays of a message come from a few
/// large blocks instead of one `malloc` each, and go all at once when the arena goes, with no
/// `protobuf_c_message_free_unpacked` walk. (GET /v1/rows unpacks 927 rows of about ten
/// strings each: malloc and free were 17 % of the gateway's CPU for it.)
final class UnpackArena {
    /// The blocks taken so far, freed with the arena.
    private var blocks: [UnsafeMutableRawPointer] = []
    private var next: UnsafeMutableRawPointer?
    private var remaining = 0
    /// The size of the next block; it doubles with each one.
    private var blockSize: Int

    /// An arena whose first block holds `expected` bytes (at least 4 KiB, at most 1 MiB).
    init(expected: Int) {
        blockSize = min(max(4096, expected), 1 << 20)
    }

    deinit {
        for block in blocks { free(block) }
    }

    /// `size` bytes aligned to 16 (as `malloc`'s), or `nil` when no memory is left.
    func allocate(_ size: Int) -> UnsafeMutableRawPointer? {
        let rounded = (max(size, 1) + 15) & ~15
        if rounded > remaining {
            let capacity = max(blockSize, rounded)
            guard let block = malloc(capacity) else { return nil }
            blocks.append(block)
            next = block
            remaining = capacity
            blockSize = min(blockSize * 2, 1 << 24)
        }
        let pointer = next!
        next = pointer + rounded
        remaining -= rounded
        return pointer
    }

    /// Runs `body` with a protobuf-c allocator that takes its memory from this arena (and frees
    /// nothing: the arena frees everything when it goes).
    func withAllocator<T>(_ body: (UnsafeMutablePointer<ProtobufCAllocator>) throws -> T) rethrows -> T {
        var allocator = ProtobufCAllocator(
            alloc: { data, size in Unmanaged<UnpackArena>.fromOpaque(data!).takeUnretainedValue().allocate(size) },
            free: { _, _ in },
            allocator_data: Unmanaged.passUnretained(self).toOpaque())
        return try withExtendedLifetime(self) { try body(&allocator) }
    }
}
