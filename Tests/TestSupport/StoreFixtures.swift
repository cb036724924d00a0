/// Deterministic data for store tests and benchmarks: the same seed gives the same series.
public enum StoreFixtures {
    /// A fixed origin for test timelines, deliberately not aligned to a minute or an hour:
    /// 2025-11-24 16:00:12.345 UTC, in milliseconds since the Unix epoch.
    public static let origin: Int64 = 1_764_000_012_345

    /// Upper bounds of a latency histogram as vLLM exports them (seconds), `+Inf` last.
    public static let latencyBounds: [Double] = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, .infinity]
}

/// SplitMix64: a tiny seeded generator, so "random" test data is the same on every run.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
