extension AlertRuleSpec {
    /// The rules every deployment gets unless the config turns them off, in the order the alerts
    /// pane lists ties.
    ///
    /// Thresholds are those of the fleet table's colours where the issue gives none, so the
    /// colours and the alerts agree; windows of 5 minutes for request figures, `keep_firing_for`
    /// of 2 minutes (4–8 ticks at 15–30 s) so a flapping signal neither resolves nor re-fires.
    public static let builtIn: [AlertRuleSpec] = [
        targetDown, errorRatio, latencyP95, ttftP95, kvCacheFull, queueGrowing, drift, latencyShift, errorShift,
    ]

    /// A change point in per-minute p95 latency (CUSUM with the reference defaults: 30 minutes of
    /// warm-up, slack 0.5 σ, decision interval 5 σ, upward only, baseline frozen after warm-up
    /// and learnt again at every deploy or rollback) that also matters: a warning when the
    /// minute's p95 is at least 1.5 × the baseline mean, critical at 3 ×. It stays firing for
    /// 15 minutes after the shift is found, then resolves unless found again.
    public static let latencyShift = AlertRuleSpec(
        id: "latency_shift",
        name: "p95 latency shift",
        measure: .metric(.latencyShift),
        aggregation: .value,
        window: 900,
        thresholds: AlertThresholds(warning: 1.5, critical: 3),
        holdDuration: 0,
        keepFiringFor: 300,
        summary: "p95 latency shifted to {{value}} × its baseline"
    )

    /// A change point in the per-minute error ratio (CUSUM as `latencyShift`) that also
    /// matters: a warning when the minute's ratio is at least 2 points over the baseline mean,
    /// critical at 10 points.
    public static let errorShift = AlertRuleSpec(
        id: "error_shift",
        name: "Error ratio shift",
        measure: .metric(.errorShift),
        aggregation: .value,
        window: 900,
        thresholds: AlertThresholds(warning: 0.02, critical: 0.10),
        holdDuration: 0,
        keepFiringFor: 300,
        summary: "error ratio up {{value}} on its baseline"
    )

    /// The ids of `builtIn`, which custom rules may not reuse.
    public static var builtInIDs: [String] { builtIn.map(\.id) }

    /// The latest poll failed for 1 minute (4 polls at the default 15 s): critical. One missed
    /// scrape is not an outage; Prometheus's `up == 0` alerts use the same `for`.
    public static let targetDown = AlertRuleSpec(
        id: "target_down",
        name: "Target down",
        measure: .metric(.targetDown),
        aggregation: .value,
        window: 60,
        thresholds: AlertThresholds(warning: nil, critical: 1),
        holdDuration: 60,
        keepFiringFor: 120,
        summary: "target down for {{for}}"
    )

    /// Error ratio over 5 minutes: warning at 5 % (the figure, the low end of Helicone's
    /// 5–10 % advice), critical at 10 % (its high end), for 2 minutes. Gated at 100 requests: at a
    /// healthy 1 % error rate, reaching 5 % by chance has a binomial tail of 0.3 % on 100 requests
    /// but 18 % on 20 (where one error is 5 %).
    public static let errorRatio = AlertRuleSpec(
        id: "error_ratio",
        name: "Error ratio",
        measure: .metric(.errorRatio),
        aggregation: .ratio,
        window: 300,
        thresholds: AlertThresholds(warning: 0.05, critical: 0.10),
        holdDuration: 120,
        keepFiringFor: 120,
        minimumRequests: 100
    )

    /// End-to-end p95 over 5 minutes at or above 5 s (warning) or 10 s (critical) and at least
    /// 1.5 × the deployment's own baseline p95, for 1 minute. End-to-end latency grows with the
    /// answer's length, so the absolute figure is only a floor and the factor does the judging;
    /// the window already averages, so `for` needs only outlast a tick or two. Gated at 20
    /// requests (below that the p95 is the slowest request).
    public static let latencyP95 = slowerThanItsBaseline(
        id: "latency_p95",
        name: "p95 latency",
        metric: .e2eLatency,
        warning: 5,
        critical: 10
    )

    /// Time to first token p95, as `latencyP95` with 1 s (warning) and 3 s (critical): the delay
    /// before a streaming user sees anything, independent of the answer's length.
    public static let ttftP95 = slowerThanItsBaseline(
        id: "ttft_p95",
        name: "p95 TTFT",
        metric: .ttft,
        warning: 1,
        critical: 3
    )

    /// KV-cache use at or above 90 % (warning) or 95 % (critical, the figure) for
    /// 5 minutes. A busy vLLM server runs its cache high on purpose; sustained use at the top
    /// means requests are being preempted and recomputed.
    public static let kvCacheFull = AlertRuleSpec(
        id: "kv_cache_full",
        name: "KV cache nearly full",
        measure: .metric(.kvCacheUsage),
        aggregation: .value,
        window: 60,
        thresholds: AlertThresholds(warning: 0.90, critical: 0.95),
        holdDuration: 300,
        keepFiringFor: 120
    )

    /// The waiting queue growing by 0.05 requests a second (warning, +15 over the 5-minute
    /// window) or 0.2 a second (critical, +60), for 2 minutes: arrivals outpace the server. A
    /// queue that is long but steady does not alert; its latency does.
    public static let queueGrowing = AlertRuleSpec(
        id: "queue_growing",
        name: "Waiting queue growing",
        measure: .metric(.queueWaiting),
        aggregation: .rate,
        window: 300,
        thresholds: AlertThresholds(warning: 0.05, critical: 0.2),
        holdDuration: 120,
        keepFiringFor: 120
    )

    /// Distribution drift, PSI of a 15-minute window against the baseline: moderate (≥ 0.1) is a
    /// warning, major (≥ 0.25) critical (reference §3.2 tiers), for 5 minutes; at least 1,000
    /// observations in each window before any verdict (fewer reach PSI 0.1 by chance). `alerts.drift` tunes it.
    public static let drift = AlertRuleSpec(
        id: "drift",
        name: "Traffic drift",
        measure: .metric(.drift),
        aggregation: .value,
        window: 900,
        thresholds: AlertThresholds(warning: 0.1, critical: 0.25),
        holdDuration: 300,
        keepFiringFor: 300,
        minimumRequests: 1_000
    )

    /// A p95 over 5 minutes at or above a threshold and 1.5 × its baseline, for 1 minute, gated
    /// at 20 requests: `latencyP95` and `ttftP95`.
    private static func slowerThanItsBaseline(
        id: String,
        name: String,
        metric: AlertMetric,
        warning: Double,
        critical: Double
    ) -> AlertRuleSpec {
        AlertRuleSpec(
            id: id,
            name: name,
            measure: .metric(metric),
            aggregation: .quantile(0.95),
            window: 300,
            thresholds: AlertThresholds(warning: warning, critical: critical, baselineFactor: 1.5),
            holdDuration: 60,
            keepFiringFor: 120,
            minimumRequests: 20
        )
    }
}
