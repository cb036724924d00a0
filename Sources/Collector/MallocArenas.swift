#if canImport(Glibc)
import Glibc
#endif

/// The number of heaps glibc's allocator keeps for this process.
///
/// glibc gives a thread that finds the heap busy an arena of its own, up to eight per core. A
/// poller's threads (libcurl event loops, the concurrency pool, the store's writer) then spread
/// over sixteen arenas on two cores, and memory freed in one arena is not reused by allocations in
/// another: at 1,000 targets the heap held about 140 MB for 117 MB in use. Two arenas kept the
/// collector's peak RSS about 10 MB lower at the same CPU share (`llmdeck-bench collector`).
public enum MallocArenas {
    /// glibc's `M_ARENA_MAX` option of `mallopt`.
    private static let arenaMaxOption: Int32 = -8

    /// Caps the arenas created from now on at `count` (the `MALLOC_ARENA_MAX` environment variable,
    /// when set, wins). Call it first thing in `main`, before threads start. Returns whether the
    /// allocator took the setting (false on a C library without `mallopt`).
    @discardableResult
    public static func limit(to count: Int32 = 2) -> Bool {
        #if canImport(Glibc)
        if getenv("MALLOC_ARENA_MAX") != nil { return false }
        // `mallopt` is in <malloc.h>, which the Glibc module does not export.
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
        let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
        return mallopt(arenaMaxOption, count) == 1
        #else
        return false
        #endif
    }
}
