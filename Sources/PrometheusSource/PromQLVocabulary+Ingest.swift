import Config
import Foundation
import Vocabulary

/// What one ingest query reads for every deployment of a fleet.
public enum IngestSubject: Sendable, Hashable {
    /// The source's `discover` expression per deployment: which deployments exist, and their health.
    case presence
    /// Every finished request, successes and failures, cumulative.
    case requests
    /// Failed finished requests, cumulative.
    case errors
    /// A canonical counter (prompt or generation tokens), cumulative.
    case counter(CanonicalMetric)
    /// A canonical gauge, summed (running, waiting) or averaged (KV-cache use) per deployment.
    case gauge(CanonicalMetric)
    /// A canonical histogram's cumulative `_bucket` and `_sum` series, told apart by `__name__`.
    case histogram(CanonicalMetric)
    /// A prompt-experiment figure (`llm_prompt_*`), cumulative, per deployment, experiment and variant.
    case experiment(ExperimentFigure)

    /// `fleet.requests`, `fleet.llmdeck:e2e_latency_seconds`: stable, for logs and benches.
    public var name: String {
        switch self {
        case .presence: "presence"
        case .requests: "requests"
        case .errors: "errors"
        case .counter(let metric), .gauge(let metric), .histogram(let metric): metric.rawValue
        case .experiment(let figure): "experiment." + figure.rawValue
        }
    }
}

/// One query of a tick, with what it reads.
public struct IngestQuery: Sendable, Equatable {
    public var subject: IngestSubject
    public var promql: String
}

/// The queries that carry a fleet from Prometheus into llmdeck's store: **cumulative** values summed per
/// deployment, one query per canonical series for the whole fleet.
///
/// Cumulative sums rather than `rate` and `histogram_quantile`, so that the collector turns them into
/// increments as it does for direct scrapes, and every window, quantile, alert, drift statistic and A/B
/// count is computed from the store the same way whichever source wrote it (DESIGN.md, "Store:
/// increments"). The source keeps each sum monotonic across a replica's restart (see
/// `CumulativeLedger` in Collector). ``query(_:kinds:)`` gives the equivalent dashboard queries.
extension PromQLVocabulary {
    /// Every query of one tick for a fleet whose deployments run `kinds`; `presence` is the source's
    /// `discover` expression. At most 12 fleet queries and 6 experiment queries, whatever the fleet's size.
    public func ingestQueries(kinds: [ServerKind], presence: String) -> [IngestQuery] {
        let by = groupingLabels.joined(separator: ", ")
        let present = (groupingLabels + identityLabels).joined(separator: ", ")
        var queries = [IngestQuery(subject: .presence, promql: "avg by (\(present)) (\(presence))")]
        // Kinds in precedence order: a deployment's row comes from the first kind that has one (Triton
        // serves vLLM's metrics beside its own; its own count its requests).
        let ranked = Self.signatures.map(\.kind).filter { kinds.contains($0) }
        let names = ranked.map(ServerMetricNames.of)
        func add(_ subject: IngestSubject, _ aggregation: String, _ selectors: (ServerMetricNames) -> [MetricSelector])
        {
            var parts: [String] = []
            for kind in names {
                let chosen = selectors(kind)
                guard !chosen.isEmpty else { continue }
                let part = "\(aggregation) by (\(by)) (\(union(chosen)))"
                if !parts.contains(part) { parts.append(part) }
            }
            guard !parts.isEmpty else { return }
            queries.append(IngestQuery(subject: subject, promql: parts.joined(separator: " or ")))
        }
        add(.requests, "sum", \.requests)
        add(.errors, "sum", \.errors)
        add(.counter(.promptTokens), "sum", \.promptTokens)
        add(.counter(.generationTokens), "sum", \.generationTokens)
        add(.gauge(.running), "sum", \.running)
        add(.gauge(.waiting), "sum", \.waiting)
        add(.gauge(.kvCacheUsage), "avg", \.kvCacheUsage)
        queries += Self.latencyMetrics.compactMap { histogramQuery($0, kinds: kinds) }
        queries += ExperimentFigure.allCases.map {
            IngestQuery(subject: .experiment($0), promql: experimentQuery($0, by: groupingLabels))
        }
        return queries
    }

    /// The canonical histograms a tick reads, in the order of its queries.
    public static let latencyMetrics: [CanonicalMetric] = [
        .e2eLatency, .timeToFirstToken, .interTokenLatency, .queueTime,
    ]

    /// The query reading `metric`'s cumulative `_bucket` and `_sum` series per deployment for servers of
    /// `kinds`; nil when none of them exports it, or `deployments` is empty. With `deployments`, only theirs: an alternation of
    /// exact values of the deployment label, which Prometheus answers from its index, reading only
    /// those deployments' series (a tick of a large fleet reads its histograms in turns).
    public func histogramQuery(
        _ metric: CanonicalMetric,
        kinds: [ServerKind],
        deployments: [String]? = nil
    ) -> IngestQuery? {
        let names = Self.signatures.map(\.kind).filter { kinds.contains($0) }.map(ServerMetricNames.of)
        let spelled = Self.spellings(of: names.flatMap { Self.histogramNames($0, metric) }.map(\.name))
        guard !spelled.isEmpty, deployments?.isEmpty != true else { return nil }
        let pattern = "(" + spelled.joined(separator: "|") + ")_(bucket|sum)"
        var matchers = [#"__name__=~""# + pattern + #"""#] + (filter.map { [$0] } ?? [])
        if let deployments {
            matchers.append(deploymentLabel + "=~" + Self.stringLiteral(Self.alternation(of: deployments)))
        }
        let by = groupingLabels.joined(separator: ", ")
        return IngestQuery(
            subject: .histogram(metric),
            promql: "sum by (__name__, le, \(by)) ({\(matchers.joined(separator: ","))})"
        )
    }

    /// A regular expression (RE2, as Prometheus anchors it) matching exactly `values`.
    static func alternation(of values: [String]) -> String {
        let special = Set(#"\.+*?()|[]{}^$"#)
        return values.map { value in
            var escaped = ""
            for character in value {
                if special.contains(character) { escaped.append("\\") }
                escaped.append(character)
            }
            return escaped
        }.joined(separator: "|")
    }

    /// `text` as a PromQL double-quoted string.
    public static func stringLiteral(_ text: String) -> String {
        var quoted = "\""
        for character in text {
            switch character {
            case "\\": quoted += "\\\\"
            case "\"": quoted += "\\\""
            case "\n": quoted += "\\n"
            default: quoted.append(character)
            }
        }
        return quoted + "\""
    }

    /// The query telling which kind of server each deployment runs: one series per deployment and
    /// signature metric found (`count by (deployment, __name__) ({__name__=~"…"})`).
    public func kindQuery() -> String {
        let names = Self.spellings(of: Self.signatures.map(\.name))
        let matchers = [#"__name__=~""# + names.joined(separator: "|") + #"""#] + (filter.map { [$0] } ?? [])
        return "count by (__name__, \(deploymentLabel)) ({\(matchers.joined(separator: ","))})"
    }

    /// Each deployment's kind in an answer to `kindQuery()`: that of the signature of highest
    /// precedence among its series.
    public func kinds(in series: [InstantSeries]) -> [String: ServerKind] {
        var best: [String: (kind: ServerKind, precedence: Int)] = [:]
        for item in series {
            guard let deployment = item.labels[deploymentLabel], let name = item.labels["__name__"],
                let found = Self.kind(ofSignature: name)
            else { continue }
            if let current = best[deployment], current.precedence <= found.precedence { continue }
            best[deployment] = found
        }
        return best.mapValues(\.kind)
    }

    /// The kind a signature metric (either spelling) marks, and its precedence: Triton serves vLLM's
    /// metrics beside its own, so its signature wins over vLLM's.
    public static func kind(ofSignature name: String) -> (kind: ServerKind, precedence: Int)? {
        for (precedence, signature) in signatures.enumerated()
        where name == signature.name || name == signature.name.replacingOccurrences(of: ":", with: "_") {
            return (signature.kind, precedence)
        }
        return nil
    }

    /// One gauge or counter every server of a kind exports, in order of precedence.
    static let signatures: [(kind: ServerKind, name: String)] = [
        (.triton, "nv_inference_request_success"),
        (.vllm, "vllm:num_requests_running"),
        (.sglang, "sglang:num_running_reqs"),
        (.tgi, "tgi_queue_size"),
        (.llamacpp, "llamacpp:requests_processing"),
        (.litellm, "litellm_proxy_total_requests_metric_total"),
    ]

    /// The canonical histogram a series of `name` (`…_bucket` or `…_sum`, either spelling) belongs
    /// to in `metric`'s family, with the divisor to seconds and the preference among several names
    /// (lower is preferred: the kinds in order of precedence, then each kind's own order); nil when it is not one of the names llmdeck reads.
    public static func histogramName(
        _ name: String,
        of metric: CanonicalMetric
    ) -> (base: String, divisor: Double, preference: Int)? {
        let base: String
        if name.hasSuffix("_bucket") {
            base = String(name.dropLast("_bucket".count))
        } else if name.hasSuffix("_sum") {
            base = String(name.dropLast("_sum".count))
        } else {
            return nil
        }
        var preference = 0
        for kind in signatures.map(\.kind) {
            for candidate in histogramNames(ServerMetricNames.of(kind), metric) {
                defer { preference += 1 }
                if candidate.name == base || candidate.name.replacingOccurrences(of: ":", with: "_") == base {
                    return (candidate.name, candidate.divisor, preference)
                }
            }
        }
        return nil
    }

    /// The histograms a kind exports for `metric`, preferred first.
    static func histogramNames(_ names: ServerMetricNames, _ metric: CanonicalMetric) -> [HistogramName] {
        switch metric {
        case .e2eLatency: names.e2eLatency.map { [$0] } ?? []
        case .timeToFirstToken: names.timeToFirstToken.map { [$0] } ?? []
        case .interTokenLatency: names.interTokenLatency
        case .queueTime: names.queueTime.map { [$0] } ?? []
        default: []
        }
    }

    /// Both spellings of each name, escaped for a `__name__=~` regex (only `.` needs it in metric names).
    static func spellings(of names: [String]) -> [String] {
        var out: [String] = []
        for name in names {
            for spelled in MetricSelector(name: name).spellings.map(\.name)
            where !out.contains(spelled) {
                out.append(spelled)
            }
        }
        return out
    }
}
