import Config
import Exposition
import PrometheusSource
import Vocabulary

/// A deployment as a Prometheus source names it: the value of its deployment label, in an environment.
struct FleetRowKey: Hashable, Sendable {
    var deployment: String
    var environment: String
}

/// Everything one tick of a Prometheus source read about one deployment, still as Prometheus summed it.
struct FleetRow {
    /// The `discover` expression's value: 1 for a deployment whose `up` series are all 1.
    var presence: Double
    var identity = ServedIdentity()
    var requests: Double?
    var errors: Double?
    var counters: [CanonicalMetric: Double] = [:]
    var gauges: [CanonicalMetric: Double] = [:]
    /// Per canonical histogram, its series by the base name they came under.
    var histograms: [CanonicalMetric: [String: HistogramRows]] = [:]
    /// False when this tick read other deployments' histograms (`histogram_batch`): `histograms` is
    /// not this deployment's state then.
    var histogramsRead = true
    /// Experiment series: counters by (figure, labels), histograms by (figure, labels without `le`).
    var experimentCounters: [ExperimentSeriesKey: Double] = [:]
    var experimentHistograms: [ExperimentSeriesKey: HistogramRows] = [:]
}

/// One experiment series of a deployment: its figure and its labels (experiment, variant, outcome…).
struct ExperimentSeriesKey: Hashable {
    var figure: ExperimentFigure
    /// Sorted by name; the deployment and environment labels removed.
    var labels: [Label]
}

/// A classic histogram as a query returned it: cumulative counts per `le`, its `_sum` and `_count`.
struct HistogramRows {
    var divisor: Double = 1
    /// Lower is preferred when a server exports several names for one figure.
    var preference = 0
    var buckets: [Double: Double] = [:]
    var sum: Double?
    var count: Double?

    mutating func add(name: String, labels: [String: String], value: Double) {
        if name.hasSuffix("_bucket") {
            guard let text = labels["le"], let bound = Self.bound(text) else { return }
            buckets[bound, default: 0] += value
        } else if name.hasSuffix("_sum") {
            sum = (sum ?? 0) + value
        } else if name.hasSuffix("_count") {
            count = (count ?? 0) + value
        }
    }

    /// Bounds (in seconds after `divisor`) ascending with +Inf last, and their cumulative counts;
    /// nil without a +Inf bucket (PromQL's `histogram_quantile` gives NaN then, too).
    var cumulative: (bounds: [Double], counts: [Double])? {
        let sorted = buckets.keys.sorted()
        guard sorted.last == .infinity, sorted.count >= 2 else { return nil }
        return (sorted.map { $0.isInfinite ? $0 : $0 / divisor }, sorted.map { buckets[$0] ?? 0 })
    }

    /// An `le` value as Prometheus writes it: `0.005`, `1e+06`, `+Inf`.
    static func bound(_ text: String) -> Double? {
        switch text {
        case "+Inf", "Inf", "inf", "+inf": return .infinity
        default: return Double(text)
        }
    }
}
