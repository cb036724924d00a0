import Analysis

/// One alert as every reader shows it (the Alerts pane, `llmdeck alerts`, the Fleet marks and the
/// header counts): a rule on a deployment, its phase and severity, in words, with who acted on it.
///
/// Alerts read from an Alertmanager are records too (``Origin/alertmanager``): `ruleID` is their
/// `alertname`, `deployment` the value of the source's `deployment_label` ("" without one).
public struct AlertRecord: Sendable, Equatable {
    /// Which kind of alert it is: one of llmdeck's own rules, or one an Alertmanager holds.
    public enum Origin: String, Sendable {
        case llmdeck
        case alertmanager
    }

    /// How `a`, `s` and `llmdeck alerts` name it: `<rule>/<deployment>`, or an Alertmanager alert's
    /// fingerprint.
    public var id: String { fingerprint ?? "\(ruleID)/\(deployment)" }
    public var ruleID: String
    public var ruleName: String
    public var deployment: String
    public var phase: AlertPhase
    public var severity: AlertSeverity?
    /// Milliseconds since the Unix epoch: since when it fires (firing), holds (pending) or since
    /// it resolved (resolved).
    public var since: Int64?
    /// Milliseconds until a pending alert fires if the condition keeps holding.
    public var firesIn: Int64?
    /// The last value judged, in the rule's unit.
    public var value: Double?
    /// The threshold of its severity (the warning one while it has none).
    public var threshold: Double?
    /// In words: `p95 latency 2.9 s > 2.0 s for 3m`.
    public var summary: String
    public var acknowledgedBy: String?
    public var acknowledgedAt: Int64?
    /// The silence muting it now, if any.
    public var silence: AlertSilence?
    /// Baseline against current distributions, for a drift alert.
    public var drift: DriftDetail?
    /// Where it comes from: `llmdeck` (its own rules), or the name of the `alertmanager` source.
    public var source: String = "llmdeck"
    public var origin: Origin = .llmdeck
    /// Alertmanager's identity of its label set; nil for llmdeck's own alerts.
    public var fingerprint: String?
    /// Its labels, for an Alertmanager alert (what a silence of it matches).
    public var labels: [String: String] = [:]
    /// Ids of the Alertmanager silences muting it.
    public var silencedBy: [String] = []

    public init(
        ruleID: String,
        ruleName: String,
        deployment: String,
        phase: AlertPhase,
        severity: AlertSeverity?,
        since: Int64?,
        firesIn: Int64?,
        value: Double?,
        threshold: Double?,
        summary: String
    ) {
        self.ruleID = ruleID
        self.ruleName = ruleName
        self.deployment = deployment
        self.phase = phase
        self.severity = severity
        self.since = since
        self.firesIn = firesIn
        self.value = value
        self.threshold = threshold
        self.summary = summary
    }

    public var isAcknowledged: Bool { acknowledgedBy != nil }
    /// Muted by a silence: llmdeck's, or one Alertmanager reports.
    public var isSilenced: Bool { silence != nil || !silencedBy.isEmpty }
    /// Firing or pending.
    public var isOpen: Bool { phase.isOpen }
}

/// What a drift alert compares: one feature's baseline and current windows, bin by bin.
public struct DriftDetail: Sendable, Equatable, Codable {
    /// `prompt_tokens`, `generation_tokens`, `e2e_latency` or `ttft`.
    public var feature: String
    public var psi: Double
    public var ks: Double
    public var ksPValue: Double?
    public var js: Double
    /// Milliseconds since the Unix epoch, `(from, to]`.
    public var baselineWindow: ClosedRange<Int64>
    public var currentWindow: ClosedRange<Int64>
    public var bins: [DriftBin]

    public init(
        feature: String,
        report: DriftReport,
        baselineWindow: ClosedRange<Int64>,
        currentWindow: ClosedRange<Int64>
    ) {
        self.feature = feature
        psi = report.psi
        ks = report.ksStatistic
        ksPValue = report.ksPValue
        js = report.jensenShannonDistance
        self.baselineWindow = baselineWindow
        self.currentWindow = currentWindow
        bins = report.bins
    }
}

/// Open alerts counted for the header and the Fleet marks.
public struct AlertCounts: Sendable, Equatable {
    public var firingCritical = 0
    public var firingWarning = 0
    public var pending = 0
    /// Deployments with a firing or pending alert, with the worst severity among them.
    public var byDeployment: [String: AlertSeverity] = [:]

    public init() {}

    public init(_ alerts: [AlertRecord]) {
        for alert in alerts where alert.isOpen {
            if alert.phase == .firing {
                if alert.severity == .critical { firingCritical += 1 } else { firingWarning += 1 }
            } else {
                pending += 1
            }
            let severity = alert.severity ?? .warning
            if alert.deployment.isEmpty { continue }
            byDeployment[alert.deployment] = max(byDeployment[alert.deployment] ?? severity, severity)
        }
    }
}
