/// A resolution at which points are kept: raw scrapes, 1-minute or 1-hour rollups.
///
/// A rollup row with timestamp `t` summarises the raw rows with `t <= ts < t + resolution`.
enum RollupTier: CaseIterable, Sendable {
    case raw
    case minute
    case hour

    /// Milliseconds one row covers.
    var resolution: Int64 {
        switch self {
        case .raw: return 1
        case .minute: return 60_000
        case .hour: return 3_600_000
        }
    }

    var pointsTable: String {
        switch self {
        case .raw: return "points"
        case .minute: return "points_1m"
        case .hour: return "points_1h"
        }
    }

    var histogramTable: String {
        switch self {
        case .raw: return "histogram_points"
        case .minute: return "histogram_points_1m"
        case .hour: return "histogram_points_1h"
        }
    }

    /// The key of this tier's watermark in `rollup_state`.
    var stateKey: String {
        switch self {
        case .raw: return "raw"
        case .minute: return "1m"
        case .hour: return "1h"
        }
    }
}

/// How far each rollup tier is complete: every raw row with `ts < minute` is in the 1-minute
/// tier and every one with `ts < hour` is in the 1-hour tier. Both are aligned to their tier.
struct Watermarks: Sendable, Equatable {
    var minute: Int64
    var hour: Int64

    func watermark(of tier: RollupTier) -> Int64 {
        switch tier {
        case .raw: return Int64.max
        case .minute: return minute
        case .hour: return hour
        }
    }
}

/// A half-open time range `[start, end)` read from one tier.
struct TierSegment: Sendable, Equatable {
    var tier: RollupTier
    var start: Int64
    var end: Int64
}

/// Rounds down to a multiple of `unit` (floor, also for negative times).
public func alignDown(_ value: Int64, _ unit: Int64) -> Int64 {
    let remainder = value % unit
    return remainder < 0 ? value - remainder - unit : value - remainder
}

/// Rounds up to a multiple of `unit`.
public func alignUp(_ value: Int64, _ unit: Int64) -> Int64 {
    let down = alignDown(value, unit)
    return down == value ? value : down + unit
}

/// Times outside ±2^62 ms (±146 million years) are clamped, so window and step arithmetic on
/// whatever a caller passes can never overflow.
public func clampTime(_ value: Int64) -> Int64 {
    min(max(value, -(1 << 62)), 1 << 62)
}
