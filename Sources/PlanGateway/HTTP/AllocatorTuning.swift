#if os(Linux) && canImport(Glibc)
import CMalloc
import Glibc
#endif

/// How the gateway asks glibc's allocator to keep large blocks: an answer of a few hundred
/// kilobytes (GET /v1/rows writes about 320 KB of JSON, then copies it into a buffer) is above
/// glibc's default mmap threshold (128 KiB, moving up as such blocks are freed) and its trim
/// threshold, so each such answer mapped fresh pages and faulted them in, then gave them back:
/// about 13 % of the gateway's CPU for that route (BENCHMARKS.md). With blocks up to
/// ``mmapThreshold`` taken from the heap and up to ``trimThreshold`` of free heap kept, the
/// pages are reused. The memory still goes back to the system once connections close
/// (``HTTPMemoryRelease`` calls `malloc_trim(0)`, which ignores the trim threshold).
public enum AllocatorTuning {
    /// Blocks below this come from the heap, not from `mmap`.
    public static let mmapThreshold = 4 * 1024 * 1024
    /// Free memory at the top of a heap beyond this goes back to the system on `free`.
    public static let trimThreshold = 32 * 1024 * 1024

    /// Sets both thresholds, unless `environment` has `GLIBC_TUNABLES` (an operator's own
    /// allocator settings win). Returns whether it set them; does nothing off glibc.
    @discardableResult
    public static func apply(environment: [String: String]) -> Bool {
        #if os(Linux) && canImport(Glibc)
        guard environment["GLIBC_TUNABLES"] == nil else { return false }
        return mallopt(M_MMAP_THRESHOLD, Int32(mmapThreshold)) == 1 && mallopt(M_TRIM_THRESHOLD, Int32(trimThreshold)) == 1
        #else
        return false
        #endif
    }
}
