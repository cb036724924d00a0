/// The prompt experiments, as the application's own `prometheus_client` registry renders them on the same
/// page: counters with `_total` and `_created`, histograms with buckets, `_count`, `_sum` and `_created`.
///
/// Every family the application declares appears on a server serving any experiment, with series only for
/// the experiments that use it (cost and score are per plan), as a labeled metric without children prints
/// its HELP and TYPE lines alone.
extension VLLMExposition {
    /// Labels and totals of one variant of one served experiment.
    private struct VariantRow {
        var labels: [(String, String)]
        var totals: ExperimentTotals.Variant
        var plan: ExperimentPlan
    }

    /// Counter series split by one more label: per row, one series per (value, total) pair.
    private static func series(
        _ rows: [VariantRow],
        _ label: String,
        _ values: [(String, KeyPath<ExperimentTotals.Variant, Double>)]
    ) -> [([(String, String)], Double)] {
        rows.flatMap { row in
            values.map { value, total in (row.labels + [(label, value)], row.totals[keyPath: total]) }
        }
    }

    static func renderExperiments(_ page: inout Page, _ metrics: ServerMetrics) {
        guard !metrics.experiments.isEmpty else { return }
        let rows = metrics.experiments.flatMap { experiment in
            zip(experiment.plan.variants, experiment.variants).map { variant, totals in
                VariantRow(
                    labels: [("experiment", experiment.plan.name), ("variant", variant.name)],
                    totals: totals,
                    plan: experiment.plan
                )
            }
        }
        page.counter(
            "llm_prompt_requests",
            "Requests served per prompt variant and outcome.",
            series(rows, "outcome", [("success", \.success), ("failure", \.failure)]),
            engineLabels: false
        )
        page.histograms(
            "llm_prompt_latency_seconds",
            "End-to-end latency per prompt variant in seconds.",
            rows.map { ($0.labels, $0.totals.latency) }
        )
        page.counter(
            "llm_prompt_tokens",
            "Tokens per prompt variant and direction.",
            series(rows, "direction", [("prompt", \.promptTokens), ("completion", \.completionTokens)]),
            engineLabels: false
        )
        page.counter(
            "llm_prompt_cost_dollars",
            "Cost per prompt variant in dollars.",
            rows.filter { $0.plan.pricing != nil }.map { ($0.labels, $0.totals.costDollars) },
            engineLabels: false
        )
        page.counter(
            "llm_prompt_feedback",
            "User feedback per prompt variant.",
            series(rows, "feedback", [("positive", \.positiveFeedback), ("negative", \.negativeFeedback)]),
            engineLabels: false
        )
        page.histograms(
            "llm_prompt_score",
            "Quality score (0 to 1) per prompt variant.",
            rows.filter(\.plan.exportsScore).map { ($0.labels, $0.totals.score) }
        )
    }
}
