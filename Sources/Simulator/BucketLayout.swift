/// A histogram's bounds with their `le` label texts, formatted once per process and shared by every server.
///
/// Formatting bounds dominated page rendering (TGI's `tgi_batch_next_size` alone has 1 025 buckets).
final class BucketLayout: Sendable {
    /// Finite upper bounds, ascending.
    let upperBounds: [Double]
    /// `le` texts per style, the `+Inf` bucket last.
    let prometheusClientLabels: [String]
    let rustLabels: [String]

    init(_ upperBounds: [Double]) {
        self.upperBounds = upperBounds
        prometheusClientLabels = upperBounds.map(ExpositionNumber.prometheusClient) + ["+Inf"]
        rustLabels = upperBounds.map(ExpositionNumber.rust) + ["+Inf"]
    }

    func labels(for style: ExpositionWriter.Style) -> [String] {
        style == .rustExporter ? rustLabels : prometheusClientLabels
    }

    static let vllmRequestLatency = BucketLayout(ServingBuckets.vllmRequestLatency)
    static let vllmTimeToFirstToken = BucketLayout(ServingBuckets.vllmTimeToFirstToken)
    static let vllmInterToken = BucketLayout(ServingBuckets.vllmInterToken)
    static let vllmIterationTokens = BucketLayout(ServingBuckets.vllmIterationTokens)
    static let vllmRequestTokens = BucketLayout(
        ServingBuckets.vllmRequestTokens(maxModelLength: ServerMetrics.maxModelLength)
    )
    static let tgiDuration = BucketLayout(ServingBuckets.tgiDuration)
    static let tgiInputLength = BucketLayout(ServingBuckets.tgiTokens(limit: ServerMetrics.tgiMaxInputTokens))
    static let tgiGeneratedTokens = BucketLayout(ServingBuckets.tgiTokens(limit: ServerMetrics.tgiMaxTotalTokens))
    static let tgiBatchSize = BucketLayout(ServingBuckets.tgiBatchSize)
    static let experimentLatency = BucketLayout(ServingBuckets.experimentLatency)
    static let experimentScore = BucketLayout(ServingBuckets.experimentScore)
}
