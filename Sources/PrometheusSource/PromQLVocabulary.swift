import Config
import Foundation
import Vocabulary

/// The PromQL llmdeck issues to read its canonical figures from Prometheus for a whole fleet: one query
/// per figure, grouped `by` the deployment label, never one per deployment.
///
/// Per server kind the metric names are those its adapter reads (Sources/Collector/Adapters); names with
/// colons are also asked for with underscores, since Prometheus may store either (serving-metrics.md
/// §1.4). Spellings and kinds are joined with `or` around each `rate` or selector rather than one
/// `__name__` regex: `rate` drops the name, and two spellings of one series would otherwise collide
/// ("vector cannot contain metrics with the same labelset").
public struct PromQLVocabulary: Sendable {
    /// The label that names a deployment on every series (`deployment`, `model_name`, `job`, `instance`).
    public let deploymentLabel: String
    /// A second grouping label kept in every row (`env`), or nil.
    public let environmentLabel: String?
    /// Labels of the discovered series that carry the served model and version (the source's
    /// `model_label`, `version_label`): kept by the presence query only, which has a row per version
    /// of a deployment while two are served.
    public let identityLabels: [String]
    /// Label matchers added to every selector (`job=~"vllm|tgi"`), or nil.
    public let filter: String?
    /// The range of every `rate`.
    public let rangeWindow: RangeWindow
    /// The experiment metrics' names and labels (the config's `experiments.metrics` / `.labels`).
    public let experimentMetrics: ExperimentMetricNames
    public let experimentLabels: ExperimentLabelNames

    /// - Throws: a ``PromQLVocabularyError`` when a label or metric name is not a valid Prometheus name.
    public init(
        deploymentLabel: String,
        environmentLabel: String? = nil,
        identityLabels: [String] = [],
        filter: String? = nil,
        rangeWindow: RangeWindow,
        experimentMetrics: ExperimentMetricNames = ExperimentMetricNames(),
        experimentLabels: ExperimentLabelNames = ExperimentLabelNames()
    ) throws(PromQLVocabularyError) {
        let labels =
            [("deployment label", deploymentLabel), ("environment label", environmentLabel ?? "env")]
            + [
                ("experiment label", experimentLabels.experiment), ("variant label", experimentLabels.variant),
                ("outcome label", experimentLabels.outcome), ("direction label", experimentLabels.direction),
                ("feedback label", experimentLabels.feedback),
            ] + identityLabels.map { ("model or version label", $0) }
        for (role, name) in labels where !LabelName.isValid(name) {
            throw PromQLVocabularyError(message: "the \(role) \"\(name)\" is not a label name ([a-zA-Z_][a-zA-Z0-9_]*)")
        }
        let metrics = [
            experimentMetrics.requests, experimentMetrics.latency, experimentMetrics.tokens, experimentMetrics.cost,
            experimentMetrics.feedback, experimentMetrics.score,
        ]
        for name in metrics where !LabelName.isValidMetricName(name) {
            throw PromQLVocabularyError(
                message: "the experiment metric \"\(name)\" is not a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)"
            )
        }
        self.deploymentLabel = deploymentLabel
        self.environmentLabel = environmentLabel
        var kept: [String] = []
        for label in identityLabels where label != deploymentLabel && label != environmentLabel {
            if !kept.contains(label) { kept.append(label) }
        }
        self.identityLabels = kept
        let trimmed = filter?.trimmingCharacters(in: .whitespaces)
        self.filter = trimmed?.isEmpty == false ? trimmed : nil
        self.rangeWindow = rangeWindow
        self.experimentMetrics = experimentMetrics
        self.experimentLabels = experimentLabels
    }

    /// The vocabulary of a configured Prometheus source: its labels, the matchers of its `discover`
    /// selector plus `extraMatchers` as the filter, rate windows for its scrape and query intervals.
    public init(
        source: PrometheusSourceConfig,
        experiments: ExperimentsConfig = ExperimentsConfig(),
        extraMatchers: [String] = [],
        queryInterval: Double? = nil
    ) throws(PromQLVocabularyError) {
        let matchers = [PrometheusFilter.matchers(of: source.discover)].compactMap { $0 } + extraMatchers
        try self.init(
            deploymentLabel: source.deploymentLabel,
            environmentLabel: source.environmentLabel,
            identityLabels: [source.modelLabel, source.versionLabel].compactMap { $0 },
            filter: matchers.isEmpty ? nil : matchers.joined(separator: ","),
            rangeWindow: RangeWindow(
                scrapeInterval: source.scrapeInterval,
                queryInterval: queryInterval ?? source.interval
            ),
            experimentMetrics: experiments.metrics,
            experimentLabels: experiments.labels
        )
    }

    /// The labels each fleet row keeps: the deployment label, then the environment label.
    public var groupingLabels: [String] { [deploymentLabel] + (environmentLabel.map { [$0] } ?? []) }

    /// Whether a server of `kind` exports what `figure` needs (TGI has no TTFT, llama.cpp no request
    /// counters or latency histograms, Ollama and plain OpenAI-compatible servers no metrics at all).
    public static func supports(_ figure: FleetFigure, on kind: ServerKind) -> Bool {
        let names = ServerMetricNames.of(kind)
        switch figure {
        case .requestRate: return !names.requests.isEmpty
        case .errorRatio: return !names.requests.isEmpty && !names.errors.isEmpty
        case .e2eLatencyP50, .e2eLatencyP95, .e2eLatencyP99: return names.e2eLatency != nil
        case .timeToFirstTokenP95: return names.timeToFirstToken != nil
        case .generationTokensPerSecond: return !names.generationTokens.isEmpty
        case .promptTokensPerSecond: return !names.promptTokens.isEmpty
        case .running: return !names.running.isEmpty
        case .waiting: return !names.waiting.isEmpty
        case .kvCacheUsage: return !names.kvCacheUsage.isEmpty
        }
    }

    /// The query of `figure` for the deployments of one kind; nil when the kind does not export it.
    /// What a user pastes into Grafana for that kind.
    public func query(_ figure: FleetFigure, kind: ServerKind) -> String? {
        guard Self.supports(figure, on: kind) else { return nil }
        let names = ServerMetricNames.of(kind)
        let by = "by (" + groupingLabels.joined(separator: ", ") + ")"
        switch figure {
        case .requestRate:
            return "sum \(by) (\(rates(names.requests)))"
        case .errorRatio:
            let total = "sum \(by) (\(rates(names.requests)))"
            // Failure counters may not exist before the first failure (TGI, Triton): 0, not a missing row.
            return "(sum \(by) (\(rates(names.errors))) or 0 * \(total)) / \(total)"
        case .e2eLatencyP50, .e2eLatencyP95, .e2eLatencyP99, .timeToFirstTokenP95:
            guard let quantile = figure.quantile else { return nil }
            return quantileQuery(figure == .timeToFirstTokenP95 ? .timeToFirstToken : .e2eLatency, quantile, kind: kind)
        case .generationTokensPerSecond:
            return "sum \(by) (\(rates(names.generationTokens)))"
        case .promptTokensPerSecond:
            return "sum \(by) (\(rates(names.promptTokens)))"
        case .running:
            return "sum \(by) (\(union(names.running)))"
        case .waiting:
            return "sum \(by) (\(union(names.waiting)))"
        case .kvCacheUsage:
            return "avg \(by) (\(union(names.kvCacheUsage)))"
        }
    }

    /// `histogram_quantile(φ, …)` of a canonical latency histogram on one kind of server (its preferred
    /// name), in seconds; nil when the kind does not export it.
    public func quantileQuery(_ metric: CanonicalMetric, _ quantile: Double, kind: ServerKind) -> String? {
        guard let histogram = Self.histogramNames(ServerMetricNames.of(kind), metric).first else { return nil }
        let buckets = "sum by (le, \(groupingLabels.joined(separator: ", "))) (\(rates([histogram.buckets])))"
        let seconds = histogram.divisor == 1 ? "" : " / \(Self.number(histogram.divisor))"
        return "histogram_quantile(\(Self.number(quantile)), \(buckets))\(seconds)"
    }

    /// The one query of `figure` for a fleet mixing `kinds`: each kind's query, joined with `or` (a
    /// deployment is one row, from the first kind that has it); nil when no kind exports the figure.
    public func query(_ figure: FleetFigure, kinds: [ServerKind]) -> String? {
        var parts: [String] = []
        for kind in ServerKind.allCases where kinds.contains(kind) {
            if let part = query(figure, kind: kind), !parts.contains(part) { parts.append(part) }
        }
        if parts.count <= 1 { return parts.first }
        return parts.map { "(\($0))" }.joined(separator: " or ")
    }

    /// Every query of one tick for a fleet of `kinds`: the fleet figures the kinds export, then the
    /// experiment figures. Their count is what a tick costs Prometheus, whatever the number of deployments.
    public func tickQueries(kinds: [ServerKind], includingExperiments: Bool = true) -> [PromQLQuery] {
        let fleet = FleetFigure.allCases.compactMap { figure in
            query(figure, kinds: kinds).map { PromQLQuery(subject: .fleet(figure), promql: $0) }
        }
        return fleet + (includingExperiments ? experimentQueries() : [])
    }

    // MARK: - Text

    /// `rate(a[w]) or rate(b[w])` over every spelling of every selector.
    func rates(_ selectors: [MetricSelector]) -> String {
        selectors.flatMap(\.spellings).map { "rate(\($0.text(filter: filter))[\(rangeWindow.promql)])" }
            .joined(separator: " or ")
    }

    /// `a or b` over every spelling of every selector.
    func union(_ selectors: [MetricSelector]) -> String {
        selectors.flatMap(\.spellings).map { $0.text(filter: filter) }.joined(separator: " or ")
    }

    /// A number as PromQL reads it: `0.95`, `1000`.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

/// A vocabulary that cannot be built: a name from the config is not a valid Prometheus name.
public struct PromQLVocabularyError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(message: String) {
        self.message = message
    }

    public var description: String { message }
}
