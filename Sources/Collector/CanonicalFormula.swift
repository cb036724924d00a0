import Exposition
import Synchronization

/// How one canonical value is computed from a page's sample values, as the adapter computed it.
///
/// The adapters map families onto the canonical vocabulary through a few `FamilyIndex` lookups
/// (a counter scaled, gauges summed or averaged, a histogram's buckets), so each canonical value
/// is a fixed function of fixed sample lines. A full parse records these (`FormulaLog`); a later
/// page with the same layout is then mapped by replaying them on its values, without rebuilding
/// families or running the adapter (`ScrapePlan`). Positions are lines while recording and
/// positions in the page's values once planned.
enum CanonicalFormula: Sendable, Equatable {
    case counter(Int, scale: Double)
    /// The sum of the finite values; no value when none is finite.
    case gaugeSum([Int])
    /// The mean of the finite values; no value when none is finite.
    case gaugeMean([Int])
    /// `CanonicalHistogram.make`'s result: bounds already scaled with +Inf last, one position per
    /// bucket (the `_count` line standing for a missing +Inf bucket).
    case histogram(upperBounds: [Double], buckets: [Int], count: Int?, sum: Int?, scale: Double)

    /// The same formula with every position mapped; nil when a position has no mapping.
    func mapped(_ position: (Int) -> Int?) -> CanonicalFormula? {
        switch self {
        case .counter(let at, let scale):
            return position(at).map { .counter($0, scale: scale) }
        case .gaugeSum(let lines):
            return Self.all(lines, position).map { .gaugeSum($0) }
        case .gaugeMean(let lines):
            return Self.all(lines, position).map { .gaugeMean($0) }
        case .histogram(let bounds, let buckets, let count, let sum, let scale):
            guard let mappedBuckets = Self.all(buckets, position) else { return nil }
            let mappedCount = count.map(position)
            let mappedSum = sum.map(position)
            if mappedCount == .some(nil) || mappedSum == .some(nil) { return nil }
            return .histogram(
                upperBounds: bounds,
                buckets: mappedBuckets,
                count: mappedCount ?? nil,
                sum: mappedSum ?? nil,
                scale: scale
            )
        }
    }

    /// The value on `values`, with the adapter's arithmetic in the adapter's order; nil for a gauge
    /// without a finite value (the adapter would then have looked elsewhere).
    func value(_ values: [Double]) -> CanonicalValue? {
        switch self {
        case .counter(let at, let scale):
            return .counter(values[at] * scale)
        case .gaugeSum(let positions):
            let finite = positions.map { values[$0] }.filter(\.isFinite)
            return finite.isEmpty ? nil : .gauge(finite.reduce(0, +))
        case .gaugeMean(let positions):
            let finite = positions.map { values[$0] }.filter(\.isFinite)
            return finite.isEmpty ? nil : .gauge(finite.reduce(0, +) / Double(finite.count))
        case .histogram(let bounds, let buckets, let count, let sum, let scale):
            let counts = buckets.map { values[$0] }
            return .histogram(
                upperBounds: bounds,
                cumulativeCounts: counts,
                count: count.map { values[$0] } ?? counts[counts.count - 1],
                sum: (sum.map { values[$0] } ?? 0) * scale
            )
        }
    }

    /// Every line of `lines` mapped, or nil when one has no mapping.
    static func all(_ lines: [Int], _ position: (Int) -> Int?) -> [Int]? {
        var mapped: [Int] = []
        mapped.reserveCapacity(lines.count)
        for line in lines {
            guard let at = position(line) else { return nil }
            mapped.append(at)
        }
        return mapped
    }
}

/// The formulas of the canonical samples an adapter produced on one index, and the gauge lookups
/// that found no finite value (a later page where they have one must run the adapter again: it
/// would take that gauge instead of its fallback).
final class FormulaLog: Sendable {
    struct Entry: Sendable {
        var sample: CanonicalSample
        var formula: CanonicalFormula
    }

    private let state = Mutex((entries: [Entry](), absent: [[Int]]()))

    func record(_ sample: CanonicalSample, _ formula: CanonicalFormula) {
        state.withLock { $0.entries.append(Entry(sample: sample, formula: formula)) }
    }

    func recordAbsent(_ lines: [Int]) {
        if lines.isEmpty { return }
        state.withLock { $0.absent.append(lines) }
    }

    func contents() -> (entries: [Entry], absent: [[Int]]) { state.withLock { $0 } }
}
