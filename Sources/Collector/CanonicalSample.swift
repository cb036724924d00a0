import Store
import Vocabulary

/// One canonical value an adapter found in a scrape, still cumulative for counters and histograms.
///
/// `source` names the raw series the value came from, so increments are computed per source and
/// summed afterwards: a label set that appears mid-run then adds only what it gained, never its total.
public struct CanonicalSample: Sendable, Equatable {
    public var metric: CanonicalMetric
    /// Canonical label text (`outcome="error"`), empty for unlabelled metrics.
    public var labels: String
    /// Raw series identity (name and labels) the value was derived from.
    public var source: String
    public var value: CanonicalValue

    public init(metric: CanonicalMetric, labels: String = "", source: String, value: CanonicalValue) {
        self.metric = metric
        self.labels = labels
        self.source = source
        self.value = value
    }
}

/// A canonical value as the server exposes it: cumulative counter, gauge, or cumulative histogram.
public enum CanonicalValue: Sendable, Equatable {
    case counter(Double)
    case gauge(Double)
    /// Ascending upper bounds in seconds with +Inf last, cumulative counts per bound, count and sum.
    case histogram(upperBounds: [Double], cumulativeCounts: [Double], count: Double, sum: Double)
}

extension CanonicalSample {
    /// Equal, with NaN equal to NaN (a server may export NaN; the replay must give it back).
    func sameValue(as other: CanonicalSample) -> Bool {
        guard metric == other.metric, labels == other.labels, source == other.source else { return false }
        func same(_ a: Double, _ b: Double) -> Bool { a == b || (a.isNaN && b.isNaN) }
        switch (value, other.value) {
        case (.counter(let a), .counter(let b)), (.gauge(let a), .gauge(let b)):
            return same(a, b)
        case (
            .histogram(let bounds, let counts, let count, let sum),
            .histogram(let bounds2, let counts2, let count2, let sum2)
        ):
            return bounds == bounds2 && counts.count == counts2.count && zip(counts, counts2).allSatisfy(same)
                && same(count, count2) && same(sum, sum2)
        default:
            return false
        }
    }
}
