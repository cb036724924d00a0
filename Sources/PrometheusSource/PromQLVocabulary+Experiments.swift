/// The prompt experiments' metrics (`llm_prompt_*`, the README's metric contract), summed over the whole
/// fleet by experiment and variant, so the A/B pane reads the same totals as from direct scrapes.
///
/// The sums are of cumulative counters and histograms, not rates: A/B statistics count requests since the
/// experiment started. A server restart lowers such a sum; see notes/prometheus.md for what the wiring does.
extension PromQLVocabulary {
    /// One query per experiment figure.
    public func experimentQueries() -> [PromQLQuery] {
        ExperimentFigure.allCases.map { PromQLQuery(subject: .experiment($0), promql: experimentQuery($0)) }
    }

    /// The query of one experiment figure, grouped also by `extra` labels (the deployment label, when
    /// the sums are kept per deployment).
    public func experimentQuery(_ figure: ExperimentFigure, by extra: [String] = []) -> String {
        let metrics = experimentMetrics
        let labels = experimentLabels
        let variant = extra + [labels.experiment, labels.variant]
        switch figure {
        case .requests:
            return counterSum(metrics.requests, by: variant + [labels.outcome])
        case .tokens:
            return counterSum(metrics.tokens, by: variant + [labels.direction])
        case .cost:
            return counterSum(metrics.cost, by: variant)
        case .feedback:
            return counterSum(metrics.feedback, by: variant + [labels.feedback])
        case .latency:
            return histogramSum(metrics.latency, by: variant)
        case .score:
            return histogramSum(metrics.score, by: variant)
        }
    }

    private func counterSum(_ name: String, by labels: [String]) -> String {
        "sum by (\(labels.joined(separator: ", "))) (\(union([MetricSelector(name: name)])))"
    }

    /// `_bucket`, `_sum` and `_count` in one query, told apart by `__name__` (kept by the grouping).
    private func histogramSum(_ name: String, by labels: [String]) -> String {
        let names = MetricSelector(name: name).spellings.map(\.name)
        let pattern = (names.count == 1 ? names[0] : "(" + names.joined(separator: "|") + ")") + "_(bucket|sum|count)"
        let matchers = [#"__name__=~""# + pattern + #"""#] + (filter.map { [$0] } ?? [])
        return "sum by (__name__, le, \(labels.joined(separator: ", "))) ({\(matchers.joined(separator: ","))})"
    }
}
