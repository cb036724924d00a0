import Vocabulary

/// The identity of one stored series: a target's metric with one label set.
///
/// `(target, name, labels)` is unique in the store; `kind` and `bucketBounds` must stay the
/// same for the life of the series.
public struct SeriesKey: Sendable, Hashable {
    /// Deployment name.
    public var target: String
    /// Raw server metric name, or a canonical `llmdeck:…` name.
    public var name: String
    /// Canonical text: pairs sorted by name, `name="escaped value"`, joined by `,`.
    public var labels: String
    public var kind: SeriesKind
    /// Histograms: ascending upper bounds including `+Inf` last; empty otherwise.
    public var bucketBounds: [Double]

    public init(target: String, name: String, labels: String, kind: SeriesKind, bucketBounds: [Double] = []) {
        self.target = target
        self.name = name
        self.labels = labels
        self.kind = kind
        self.bucketBounds = bucketBounds
    }
}
