import Analysis

/// `alerts:`: the rules in force and how an operator is told; the built-in rules, on, when the
/// section is absent.
public struct AlertsConfig: Sendable, Equatable {
    /// Rings the terminal bell when a critical alert starts firing (in tmux this marks the
    /// window); off by default, since a console left open should not beep at a room.
    public var bell: Bool
    /// The rules in force: the built-ins not turned off, tuned by `alerts.builtin` and (the drift
    /// rule) `alerts.drift`, in `AlertRuleSpec.builtIn` order; then the config's own rules in
    /// file order.
    public var rules: [AlertRuleSpec]
    /// Drift windows and tiers, which the drift statistics and the built-in drift rule share.
    public var drift: DriftConfig
    /// Seconds between evaluations of the rules (`alerts.interval`): 15 s, as a Prometheus
    /// `evaluation_interval` commonly is; a rule's `for` is counted in evaluations that held.
    public var interval: Double
    /// Where llmdeck's own alerts are also posted (`alerts.push_to:`): the name of an
    /// `alertmanager` source, or `alertmanager` for the first one; nil: kept in llmdeck only.
    public var pushTo: String?

    public init(
        bell: Bool = false,
        rules: [AlertRuleSpec] = AlertRuleSpec.builtIn,
        drift: DriftConfig = DriftConfig(),
        interval: Double = 15,
        pushTo: String? = nil
    ) {
        self.bell = bell
        self.rules = rules
        self.drift = drift
        self.interval = interval
        self.pushTo = pushTo
    }
}

/// How distribution drift is judged: the current window, the least evidence for a verdict and
/// the PSI tiers (none < moderate ≤ PSI < major ≤ PSI), reference llmops-methods.md §3.2.
public struct DriftConfig: Sendable, Equatable {
    /// Seconds in the current window, compared with a baseline window as long.
    public var window: Double
    /// Observations each window needs before any verdict: 1,000. Two windows of the same
    /// distribution on vLLM's latency buckets reach PSI 0.1 in 9 % of draws at 300 observations
    /// each and in none at 1,000 (`scripts/reference/drift_vectors.py --null-psi`), so fewer
    /// would page on noise.
    public var minimumCount: Int
    /// PSI from which drift is moderate (a warning): 0.1, the conventional "minor shift".
    public var psiModerate: Double
    /// PSI from which drift is major (critical): 0.25, the conventional "major shift".
    public var psiMajor: Double

    public init(window: Double = 900, minimumCount: Int = 1_000, psiModerate: Double = 0.1, psiMajor: Double = 0.25) {
        self.window = window
        self.minimumCount = minimumCount
        self.psiModerate = psiModerate
        self.psiMajor = psiMajor
    }

    /// `rule` judging over this window, gated at this count, warning and critical at these tiers.
    public func applied(to rule: AlertRuleSpec) -> AlertRuleSpec {
        var tuned = rule
        tuned.window = window
        tuned.minimumRequests = minimumCount
        tuned.thresholds.warning = psiModerate
        tuned.thresholds.critical = psiMajor
        return tuned
    }
}
