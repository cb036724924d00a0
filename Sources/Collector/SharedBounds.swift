import Synchronization

/// One copy of each histogram bucket layout for the whole process.
///
/// Every target of a kind exposes the same bounds (a vLLM latency histogram has 20 to 40 of
/// them, some TGI histograms more than 100), and the layouts, the store's series keys and the
/// ingest state would otherwise each keep their own copy per target. Arrays are copy-on-write,
/// so handing out the first array seen shares its storage.
enum SharedBounds {
    private static let known = Mutex<Set<[Double]>>([])
    /// Distinct layouts kept at most; past it, bounds are returned unshared (a fleet has a few dozen).
    static let capacity = 4096

    /// `bounds`, or an equal array seen before.
    static func shared(_ bounds: [Double]) -> [Double] {
        known.withLock { known in
            if let existing = known.firstIndex(of: bounds) { return known[existing] }
            if known.count < capacity { known.insert(bounds) }
            return bounds
        }
    }
}
