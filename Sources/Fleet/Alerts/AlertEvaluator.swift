import Analysis
import Config
import Foundation
import Store
import Synchronization
import Vocabulary

/// Evaluates the alert rules on the collecting process's ticks (`llmdeck`, `llmdeck demo`,
/// `llmdeck collect`): each rule on each deployment, through the `AlertState` machine, with every
/// transition written to the store as an event and the open alerts' states saved, so a restarted
/// llmdeck keeps them.
///
/// Threshold rules read the deployments' status over their window from in-memory windows
/// (`StatusWindows`: only rows new since the last tick are read); drift is judged once a minute
/// (`DriftWatch`); the latency rules' baselines are read every five minutes. An evaluation is due
/// every `interval` (15 s by default); ticks in between return at once.
public final class AlertEvaluator: Sendable {
    public let store: Store
    public let config: AlertsConfig
    /// Milliseconds between evaluations.
    public let interval: Int64
    private let memory = Mutex(Memory())

    /// `interval` defaults to the configuration's (`alerts.interval`).
    public init(store: Store, config: AlertsConfig = AlertsConfig(), interval: Int64? = nil) {
        self.store = store
        self.config = config
        self.interval = interval ?? max(1_000, Int64((config.interval * 1000).rounded()))
    }

    struct Key: Hashable {
        var ruleID: String
        var deployment: String
    }

    struct Memory {
        var loaded = false
        var states: [Key: AlertSnapshot] = [:]
        var last: Int64?
        var windows: [Int64: StatusWindows] = [:]
        var baselines = LatencyBaselines()
        var queue = QueueTrend()
        var drift = DriftWatch()
        var deploys = DeployTimes()
        var shifts = ChangePointWatch()
        /// The change points' minute windows, latency never widened (see `shiftStatuses`).
        var shiftWindows = StatusWindows()
        /// Rule evaluations made so far (rules × deployments × ticks).
        var evaluations = 0
    }

    /// Rule evaluations made since this evaluator started.
    public var evaluations: Int { memory.withLock { $0.evaluations } }

    /// Evaluates every rule on every deployment when an evaluation is due at `now` (milliseconds
    /// since the Unix epoch); the transitions it made, or nil when none was due.
    @discardableResult
    public func evaluate(now: Int64) throws(StoreError) -> [AlertTransition]? {
        let due = memory.withLock { memory -> Bool in
            guard memory.last.map({ now - $0 >= interval || now < $0 }) ?? true else { return false }
            memory.last = now
            return true
        }
        guard due else { return nil }
        try loadStates()
        let rules = config.rules
        let statusRules = rules.filter {
            if case .metric(let metric) = $0.measure { !Self.ownWindows.contains(metric) } else { false }
        }
        // One status window per length the rules need; a rule on a latest value (target down,
        // KV-cache use) reads the longest window's status, whose latest poll and gauge are the same.
        var windows = Set(statusRules.filter { !Self.isLatestValue($0) }.map { Int64(($0.window * 1000).rounded()) })
        if windows.isEmpty, !statusRules.isEmpty { windows.insert(60_000) }
        let watchesShifts = rules.contains {
            $0.measure == .metric(.latencyShift) || $0.measure == .metric(.errorShift)
        }
        // The change points' minute window is read only when they take their minute's look.
        // They read their own exact minute (`shiftStatuses`), not one of the rules' windows.
        let feedsShifts = watchesShifts && memory.withLock { $0.shifts.isDue(now) }
        var shiftStatuses: [String: DeploymentStatus] = [:]
        let reading = try store.read { view throws -> Reading in
            let targets = try view.targets()
            var statuses: [Int64: [String: DeploymentStatus]] = [:]
            for window in windows {
                let held = memory.withLock { memory in
                    if let held = memory.windows[window] { return held }
                    let made = StatusWindows()
                    memory.windows[window] = made
                    return made
                }
                let read = try held.statuses(of: targets, window: window, now: now, in: view)
                statuses[window] = Dictionary(read.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            }
            if feedsShifts { shiftStatuses = try self.shiftStatuses(of: targets, now: now, view) }
            let seriesValues = try SeriesRuleValues.read(rules, targets: targets.map(\.name), now: now, view)
            let versions = try view.newestVersions(of: targets.map(\.name))
            var deploys = memory.withLock { $0.deploys }
            try deploys.update(versions, view)
            memory.withLock { $0.deploys = deploys }
            return Reading(targets: targets, statuses: statuses, series: seriesValues, versions: versions, now: now)
        }
        try refreshBaselines(reading, rules: statusRules, now: now)
        if feedsShifts {
            memory.withLock {
                $0.shifts.feed(shiftStatuses, versions: reading.versions, now: now)
            }
        }
        if rules.contains(where: { $0.measure == .metric(.drift) }) {
            try refreshDrift(reading, now: now)
        }
        return try judge(reading, rules: rules, now: now)
    }

    /// The minute statuses the change points take their look at. Each minute must be its own
    /// observation, so a deployment whose latency is read in turns is not widened to its turn here
    /// (two minutes would then share a turn's histogram): its turn counts in the minute it lands
    /// in, and a minute without one has no latency.
    private func shiftStatuses(
        of targets: [TargetRecord],
        now: Int64,
        _ view: StoreView
    ) throws -> [String: DeploymentStatus] {
        let exact = targets.map { target in
            var exact = target
            exact.latencyEvery = nil
            return exact
        }
        let held = memory.withLock { $0.shiftWindows }
        let read = try held.statuses(of: exact, window: ChangePointWatch.every, now: now, in: view)
        return Dictionary(read.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// What one evaluation read from the store.
    struct Reading {
        var targets: [TargetRecord]
        /// By window (milliseconds), then deployment.
        var statuses: [Int64: [String: DeploymentStatus]]
        /// Raw-series rules' values, by rule id then deployment.
        var series: [String: [String: AlertObservation]]
        var versions: [String: VersionRecord]
        var now: Int64

        /// The longest window's statuses: where latest values (health, gauges) are read.
        var latest: [String: DeploymentStatus] { statuses[statuses.keys.max() ?? 0] ?? [:] }
    }

    /// Whether `rule` judges a latest value (the latest poll's health, the latest gauge), the
    /// same in a status window of any length.
    static func isLatestValue(_ rule: AlertRuleSpec) -> Bool {
        switch rule.measure {
        case .metric(.targetDown), .metric(.kvCacheUsage): true
        case .metric(.queueWaiting): rule.aggregation == .value
        default: false
        }
    }

    /// Metrics judged from their own readings rather than a status window of the rule's length.
    static let ownWindows: Set<AlertMetric> = [.drift, .latencyShift, .errorShift]

    /// The open alerts saved by an earlier run, once.
    private func loadStates() throws(StoreError) {
        guard !memory.withLock({ $0.loaded }) else { return }
        let stored = try store.read { view in try view.alerts() }
        memory.withLock { memory in
            for alert in stored {
                guard let snapshot = AlertSnapshot(alert) else { continue }
                memory.states[Key(ruleID: alert.ruleID, deployment: alert.deployment)] = snapshot
            }
            memory.loaded = true
        }
    }

    private func refreshBaselines(_ reading: Reading, rules: [AlertRuleSpec], now: Int64) throws(StoreError) {
        let wanted = rules.contains { $0.thresholds.baselineFactor != nil }
        guard wanted else { return }
        let window = Int64(((rules.map(\.window).max() ?? 300) * 1000).rounded())
        var baselines = memory.withLock { $0.baselines }
        let deploys = memory.withLock { $0.deploys }
        try baselines.refresh(
            reading.targets,
            versions: reading.versions,
            deploys: deploys,
            window: window,
            now: now,
            store: store
        )
        memory.withLock { $0.baselines = baselines }
    }

    private func refreshDrift(_ reading: Reading, now: Int64) throws(StoreError) {
        var drift = memory.withLock { $0.drift }
        let deploys = memory.withLock { $0.deploys }
        try drift.refresh(reading.targets, deploys: deploys, config: config.drift, now: now, store: store)
        memory.withLock { $0.drift = drift }
    }

    /// Runs every rule on every deployment through its state machine; saves what changed.
    private func judge(_ reading: Reading, rules: [AlertRuleSpec], now: Int64) throws(StoreError) -> [AlertTransition] {
        var saved: [StoredAlert] = []
        var removed: [(ruleID: String, deployment: String)] = []
        var events: [EventRecord] = []
        var transitions: [AlertTransition] = []
        memory.withLock { memory in
            let names = reading.targets.map(\.name)
            for target in names {
                memory.queue.note(target, waiting: reading.latest[target]?.waiting, at: now)
            }
            for rule in rules {
                for target in names {
                    let key = Key(ruleID: rule.id, deployment: target)
                    let previous =
                        memory.states[key] ?? AlertSnapshot(state: AlertState(ruleID: rule.id, deployment: target))
                    let observation = self.observation(rule, target, reading, memory)
                    let evaluation = previous.state.evaluated(observation, at: now, rule: rule)
                    memory.evaluations += 1
                    var next = AlertSnapshot(state: evaluation.state)
                    if rule.measure == .metric(.drift) {
                        next.drift = memory.drift.detail(of: target) ?? previous.drift
                    }
                    transitions += evaluation.transitions
                    for transition in evaluation.transitions {
                        events.append(Self.event(transition, rule: rule, state: evaluation.state, now: now))
                    }
                    if next.state.phase == .inactive {
                        // Inactive alerts are not kept: nothing to show, nothing to resume.
                        if memory.states.removeValue(forKey: key) != nil { removed.append((rule.id, target)) }
                        continue
                    }
                    if next != previous || !evaluation.transitions.isEmpty, let row = next.stored(at: now) {
                        saved.append(row)
                    }
                    memory.states[key] = next
                }
            }
        }
        if !saved.isEmpty || !removed.isEmpty || !events.isEmpty {
            try store.saveAlerts(saved, removed: removed, events: events)
        }
        return transitions
    }

    /// The event of a transition: `latency_p95 pending → firing critical: p95 latency 12 s > 10 s for 1m`.
    static func event(_ transition: AlertTransition, rule: AlertRuleSpec, state: AlertState, now: Int64) -> EventRecord
    {
        let severity = transition.severity.map { " \($0.rawValue)" } ?? ""
        let detail =
            "\(rule.id) \(transition.from.rawValue) → \(transition.to.rawValue)\(severity): "
            + rule.summaryText(for: state, at: now)
        return EventRecord(ts: transition.at, kind: "alert", target: transition.deployment, detail: detail)
    }

    /// What `rule` sees on `target` in this reading.
    private func observation(
        _ rule: AlertRuleSpec,
        _ target: String,
        _ reading: Reading,
        _ memory: Memory
    )
        -> AlertObservation
    {
        switch rule.measure {
        case .series:
            return reading.series[rule.id]?[target] ?? .noData
        case .metric(.drift):
            return memory.drift.observation(of: target)
        case .metric(.latencyShift), .metric(.errorShift):
            guard case .metric(let metric) = rule.measure else { return .noData }
            return memory.shifts.observation(metric, of: target, now: reading.now)
        case .metric(let metric):
            let window = Int64((rule.window * 1000).rounded())
            let statuses =
                Self.isLatestValue(rule) ? reading.latest : reading.statuses[window]
            guard let status = statuses?[target] else { return .noData }
            return Self.observation(
                metric,
                rule,
                status,
                baseline: memory.baselines.value(metric, of: target, aggregation: rule.aggregation),
                trend: memory.queue.slope(of: target, over: window)
            )
        }
    }

    /// A vocabulary metric's observation from a deployment's status over the rule's window.
    static func observation(
        _ metric: AlertMetric,
        _ rule: AlertRuleSpec,
        _ status: DeploymentStatus,
        baseline: Double?,
        trend: Double?
    ) -> AlertObservation {
        func present(_ value: Double?) -> AlertObservation { value.map { .value($0) } ?? .noData }
        let requests = (status.requestsPerSecond ?? 0) * rule.window
        let gated = rule.minimumRequests > 0 && requests < Double(rule.minimumRequests)
        switch metric {
        case .targetDown:
            guard let health = status.health else { return .noData }
            return .value(health == .down ? 1 : 0)
        case .errorRatio:
            if status.health == .down { return .noData }
            return gated ? .belowGate : present(status.errorRatio)
        case .e2eLatency, .ttft:
            if status.health == .down { return .noData }
            if gated { return .belowGate }
            let quantiles = metric == .ttft ? status.ttftSeconds : status.latencySeconds
            guard case .quantile(let q) = rule.aggregation, let value = quantiles.value(at: q) else { return .noData }
            return .value(value, baseline: baseline)
        case .kvCacheUsage:
            return status.health == .down ? .noData : present(status.kvCacheUsage)
        case .queueWaiting:
            if status.health == .down { return .noData }
            return rule.aggregation == .rate ? present(trend) : present(status.waiting)
        case .drift, .latencyShift, .errorShift:
            return .noData
        }
    }
}

extension LatencyQuantiles {
    /// The quantile the status holds for `q` (p50, p95, p99); nil for another `q`.
    func value(at q: Double) -> Double? {
        switch q {
        case 0.5: return p50
        case 0.95: return p95
        case 0.99: return p99
        default: return nil
        }
    }
}
