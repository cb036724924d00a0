import Config
import Exposition
import Foundation
import HTTP
import PrometheusSource
import Store
import Synchronization
import Vocabulary

/// What one tick of a Prometheus source produced.
public struct PrometheusTick: Sendable {
    /// One per deployment: discovered this tick, or known before and gone (down), or known and not
    /// read because Prometheus failed (degraded, with the reason).
    public var observations: [TargetObservation]
    /// Queries sent to Prometheus.
    public var queries: Int
    /// Errors and warnings, one line each, in Prometheus' words with llmdeck's advice.
    public var problems: [String]
}

/// Reads a fleet from a Prometheus-compatible query API (Prometheus, Thanos, Mimir, VictoriaMetrics)
/// instead of scraping it: the second `MetricSource`.
///
/// Each tick sends one batch of queries for the whole fleet (`PromQLVocabulary.ingestQueries`: at most
/// 19 whatever its size): which deployments the `discover` expression finds and their health, and
/// every canonical counter, gauge and histogram as cumulative sums per deployment. The sums pass a
/// `CumulativeLedger` (a replica's restart never counts as traffic) and arrive at the collector as
/// `TargetObservation`s like a scrape's, so the store, the read model, alerts, drift, A/B and every pane
/// work unchanged. The kind of server behind each deployment is told by its signature metric, asked
/// every 20 ticks and whenever a deployment appears.
public final class PrometheusFleetSource: MetricSource {
    public let config: PrometheusSourceConfig
    let api: PrometheusAPI
    let vocabulary: PromQLVocabulary
    /// Every tick's queries, the presence query first; fixed by the config, so made once.
    let queries: [IngestQuery]
    /// The query telling each deployment's kind, sent with some ticks.
    let kindQuery: String
    /// Deployments the config polls directly: a discovered deployment of the same name is skipped.
    let excluded: Set<String>
    let log: @Sendable (String) -> Void
    /// The URL as shown and stored: without `user:password@`.
    let displayURL: String
    private let state = Mutex(SourceState())

    struct SourceState {
        var ledger = CumulativeLedger()
        var kinds: [String: ServerKind] = [:]
        var names: [FleetRowKey: String] = [:]
        /// The deployment label values `names` holds: a value named again in another environment
        /// becomes `value/environment`.
        var namedDeployments: Set<String> = []
        var known: [String: FleetRowKey] = [:]
        var ticks = 0
        var askKinds = true
        var lastProblem: String?
        var warnedExcluded: Set<String> = []
        /// Ticks that read the histograms of a turn of the fleet (`histogram_batch`).
        var histogramTurns = 0
        /// Each deployment's latest histogram samples, sent again while its turn has not come.
        var lastHistograms: [String: [CanonicalSample]] = [:]
        /// With turns: at most how many milliseconds pass between two reads of a deployment's
        /// histograms (`TargetRecord.latencyEvery`); nil when every tick reads them.
        var latencyEvery: Int64?
    }

    /// - Throws: a `PromQLVocabularyError` when a label name of the config is not a Prometheus label name.
    public init(
        config: PrometheusSourceConfig,
        experiments: ExperimentsConfig = ExperimentsConfig(),
        client: HTTPClient,
        bearerToken: String? = nil,
        excluding excluded: Set<String> = [],
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) throws(PromQLVocabularyError) {
        self.config = config
        api = PrometheusAPI(url: config.url, client: client, bearerToken: bearerToken, timeout: config.timeout)
        vocabulary = try PromQLVocabulary(source: config, experiments: experiments)
        queries = vocabulary.ingestQueries(kinds: ServerKind.allCases, presence: config.discover)
        kindQuery = vocabulary.kindQuery()
        self.excluded = excluded
        self.log = log
        displayURL = config.targetURL
    }

    /// Known deployments only appear as they are discovered: none at start.
    public var targets: [TargetRecord] { [] }

    /// Ticks every `interval` until the calling task is cancelled.
    public func run(deliver: @escaping @Sendable (TargetObservation) -> Void) async {
        while !Task.isCancelled {
            let started = ContinuousClock.now
            let tick = await tick()
            for observation in tick.observations { deliver(observation) }
            let elapsed = ContinuousClock.now - started
            let wait = Duration.seconds(config.interval) - elapsed
            do { try await Task.sleep(for: max(wait, .milliseconds(50))) } catch { return }
        }
    }

    /// The deployments the `discover` expression finds now.
    public func discover() async -> Result<[TargetRecord], PrometheusError> {
        do {
            let response = try await api.query(presenceQuery)
            let keys = response.value.instantSeries.compactMap { rowKey($0.labels) }
            let records = state.withLock { state in
                keys.map { key in
                    TargetRecord(
                        name: Self.name(for: key, in: &state),
                        url: displayURL,
                        kind: (state.kinds[key.deployment] ?? .prometheus).rawValue,
                        environment: key.environment
                    )
                }
            }
            return .success(records)
        } catch {
            return .failure(error)
        }
    }

    /// Which deployments the `discover` expression finds, and their health: the first query of a tick.
    var presenceQuery: String { queries[0].promql }

    /// One batch of queries for the whole fleet and the observations it gives.
    public func tick() async -> PrometheusTick {
        let started = ContinuousClock.now
        let askKinds = state.withLock { state in
            defer { state.ticks += 1 }
            return state.askKinds || state.ticks % 20 == 0
        }
        let turn = histogramTurn()
        let sent = turn.map(queries(readingHistogramsOf:)) ?? queries
        var texts = sent.map(\.promql)
        if askKinds { texts.append(kindQuery) }
        // Each answer is decoded and read in its own task as it arrives, the histograms into their
        // tables there: the tick waits for Prometheus, not for its own reading.
        let subjects = sent.map(\.subject)
        let results = await api.queries(texts) { [self] position, response in
            TickAnswer(response, subject: position < subjects.count ? subjects[position] : nil, source: self)
        }
        let timestamp = Int64((Date().timeIntervalSince1970 * 1000).rounded())
        let seconds = Self.seconds(ContinuousClock.now - started)
        var problems: [String] = []
        for (position, result) in results.enumerated() {
            switch result {
            case .failure(let error): problems.append(error.message)
            case .success(let answer):
                if let warning = answer.warning {
                    let subject = position < sent.count ? sent[position].subject.name : "kinds"
                    problems.append("Prometheus \(config.name) (\(subject)): \(warning)")
                }
            }
        }
        guard case .success(let presence) = results[0] else {
            let observations = notRead(problems.first ?? "no answer", timestamp: timestamp, seconds: seconds)
            report(problems.first)
            return PrometheusTick(observations: observations, queries: texts.count, problems: problems)
        }
        var rows: [FleetRowKey: FleetRow] = [:]
        readPresence(presence.series, into: &rows)
        if let turn {
            for key in rows.keys where !turn.contains(key.deployment) { rows[key]?.histogramsRead = false }
        }
        for (query, result) in zip(sent.dropFirst(), results.dropFirst()) {
            guard case .success(let answer) = result else { continue }
            read(query.subject, answer, into: &rows)
        }
        if askKinds, case .success(let answer) = results[sent.count] { readKinds(answer.series) }
        let problem = problems.isEmpty ? nil : problems.joined(separator: "; ")
        report(problem)
        let observations = state.withLock { state in
            observe(rows, problem: problem, timestamp: timestamp, seconds: seconds, state: &state)
        }
        return PrometheusTick(observations: observations, queries: texts.count, problems: problems)
    }

    /// With `histogram_batch` smaller than the fleet: the deployments (values of the deployment label,
    /// known from earlier ticks) whose histograms this tick reads. A deployment's turn is fixed by a
    /// hash of its name, so each is read once every ⌈deployments / batch⌉ ticks; nil when every
    /// deployment's histograms are read (the fleet fits the batch, or no batch is set).
    private func histogramTurn() -> Set<String>? {
        guard let batch = config.histogramBatch else { return nil }
        return state.withLock { state in
            let deployments = Set(state.known.values.map(\.deployment))
            let turns = (deployments.count + batch - 1) / batch
            guard turns > 1 else { return nil }
            defer { state.histogramTurns += 1 }
            let turn = UInt64(state.histogramTurns % turns)
            return deployments.filter { Self.stableHash($0) % UInt64(turns) == turn }
        }
    }

    /// The tick's queries with the histogram queries restricted to `deployments` (none when it is empty).
    private func queries(readingHistogramsOf deployments: Set<String>) -> [IngestQuery] {
        let kinds = ServerKind.allCases
        let members = deployments.sorted()
        return queries.compactMap { query in
            guard case .histogram(let metric) = query.subject else { return query }
            return vocabulary.histogramQuery(metric, kinds: kinds, deployments: members)
        }
    }

    /// At most how long between two reads of a deployment's histograms when they are read in
    /// turns over the deployments `state` knows, ticks `interval` seconds apart: a turn, and one
    /// tick more for the ticks' own jitter (a tick's time is taken when its answers are in); nil
    /// for a single turn.
    private func latencyEvery(_ state: SourceState) -> Int64? {
        guard let batch = config.histogramBatch else { return nil }
        let turns = (Set(state.known.values.map(\.deployment)).count + batch - 1) / batch
        guard turns > 1 else { return nil }
        return Int64((Double(turns + 1) * config.interval * 1000).rounded(.up))
    }

    /// FNV-1a of the name's UTF-8 bytes: the same on every run and platform (unlike `Hasher`).
    static func stableHash(_ text: String) -> UInt64 {
        var hash = FNV1a()
        hash.add(bytes: text.utf8)
        return hash.value
    }

    private func report(_ problem: String?) {
        let changed = state.withLock { state in
            defer { state.lastProblem = problem }
            return state.lastProblem != problem
        }
        guard changed else { return }
        log(problem.map { "prometheus \(config.name): \($0)" } ?? "prometheus \(config.name): answering")
    }

    private static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    // MARK: - Reading answers

    fileprivate func rowKey(_ labels: [String: String]) -> FleetRowKey? {
        guard let deployment = labels[config.deploymentLabel], !deployment.isEmpty else { return nil }
        let environment = config.environmentLabel.flatMap { labels[$0] }.flatMap { $0.isEmpty ? nil : $0 }
        return FleetRowKey(deployment: deployment, environment: environment ?? config.environment)
    }

    /// Each deployment's presence and served identity. With `model_label` or `version_label` the
    /// presence query keeps them, so a deployment serving two versions (a rollout) has a row per
    /// version: its presence is their mean (1 only when all are, 0 only when none is), its identity
    /// that of the most present one, the greater version on a tie, so it does not flap between ticks.
    private func readPresence(_ series: [InstantSeries], into rows: inout [FleetRowKey: FleetRow]) {
        var groups: [FleetRowKey: [(presence: Double, identity: ServedIdentity)]] = [:]
        for item in series {
            guard let key = rowKey(item.labels) else { continue }
            let identity = ServedIdentity(
                model: config.modelLabel.flatMap { item.labels[$0] },
                version: config.versionLabel.flatMap { item.labels[$0] }
            )
            groups[key, default: []].append((item.sample.value.isNaN ? 0 : item.sample.value, identity))
        }
        for (key, found) in groups {
            let chosen = found.max { left, right in
                (left.presence, left.identity.version ?? "", left.identity.model ?? "")
                    < (right.presence, right.identity.version ?? "", right.identity.model ?? "")
            }
            var row = FleetRow(presence: found.map(\.presence).reduce(0, +) / Double(found.count))
            row.identity = chosen?.identity ?? ServedIdentity()
            rows[key] = row
        }
    }

    private func read(_ subject: IngestSubject, _ answer: TickAnswer, into rows: inout [FleetRowKey: FleetRow]) {
        if case .histogram(let metric) = subject {
            for (key, histograms) in answer.histograms where rows[key] != nil {
                rows[key]?.histograms[metric] = histograms
            }
            return
        }
        for item in answer.series {
            guard let key = rowKey(item.labels), rows[key] != nil else { continue }
            let value = item.sample.value
            switch subject {
            case .presence, .histogram: break
            case .requests: rows[key]?.requests = value
            case .errors: rows[key]?.errors = value
            case .counter(let metric): rows[key]?.counters[metric] = value
            case .gauge(let metric): rows[key]?.gauges[metric] = value
            case .experiment(let figure):
                readExperiment(figure, item, key: key, into: &rows)
            }
        }
    }

    /// A histogram query's rows (one per bucket per deployment, over 100,000 at 5,000 deployments)
    /// as each deployment's histograms by base name: gathered in one flat table, each histogram
    /// changed in place, names looked up once per answer.
    fileprivate func histogramTable(
        _ metric: CanonicalMetric,
        _ series: [InstantSeries]
    ) -> [FleetRowKey: [String: HistogramRows]] {
        struct Slot: Hashable {
            var row: FleetRowKey
            var base: String
        }
        var names: [String: (base: String, divisor: Double, preference: Int)?] = [:]
        var histograms: [Slot: HistogramRows] = [:]
        for item in series {
            guard let name = item.labels["__name__"], let key = rowKey(item.labels) else { continue }
            let found: (base: String, divisor: Double, preference: Int)?
            if let known = names[name] {
                found = known
            } else {
                found = PromQLVocabulary.histogramName(name, of: metric)
                names[name] = found
            }
            guard let found else { continue }
            histograms[
                Slot(row: key, base: found.base),
                default: HistogramRows(divisor: found.divisor, preference: found.preference)
            ].add(name: name, labels: item.labels, value: item.sample.value)
        }
        var table: [FleetRowKey: [String: HistogramRows]] = [:]
        for (slot, histogram) in histograms { table[slot.row, default: [:]][slot.base] = histogram }
        return table
    }

    private func readExperiment(
        _ figure: ExperimentFigure,
        _ item: InstantSeries,
        key: FleetRowKey,
        into rows: inout [FleetRowKey: FleetRow]
    ) {
        let dropped: Set<String> = ["__name__", "le", config.deploymentLabel, config.environmentLabel ?? ""]
        let labels = item.labels.filter { !dropped.contains($0.key) }.sorted { $0.key < $1.key }
            .map { Label(name: $0.key, value: $0.value) }
        let seriesKey = ExperimentSeriesKey(figure: figure, labels: labels)
        switch figure {
        case .requests, .tokens, .cost, .feedback:
            rows[key]?.experimentCounters[seriesKey] = item.sample.value
        case .latency, .score:
            guard let name = item.labels["__name__"] else { return }
            rows[key]?.experimentHistograms[seriesKey, default: HistogramRows()]
                .add(name: name, labels: item.labels, value: item.sample.value)
        }
    }

    private func readKinds(_ series: [InstantSeries]) {
        let found = vocabulary.kinds(in: series)
        state.withLock { state in
            state.kinds.merge(found) { _, new in new }
            state.askKinds = false
        }
    }

    // MARK: - Observations

    /// A target name per deployment, stable for the life of the source: the deployment label's value, or
    /// `value/environment` when the value also names a deployment in another environment.
    private static func name(for key: FleetRowKey, in state: inout SourceState) -> String {
        if let name = state.names[key] { return name }
        let taken = !state.namedDeployments.insert(key.deployment).inserted
        let name = taken ? key.deployment + "/" + key.environment : key.deployment
        state.names[key] = name
        return name
    }

    private func observe(
        _ rows: [FleetRowKey: FleetRow],
        problem: String?,
        timestamp: Int64,
        seconds: Double,
        state: inout SourceState
    ) -> [TargetObservation] {
        var observations: [TargetObservation] = []
        var seen: Set<String> = []
        for key in rows.keys.sorted(by: { ($0.deployment, $0.environment) < ($1.deployment, $1.environment) }) {
            guard let row = rows[key] else { continue }
            let name = Self.name(for: key, in: &state)
            if excluded.contains(name) {
                if state.warnedExcluded.insert(name).inserted {
                    log(
                        "deployment \(name) is both in deployments: and discovered by the Prometheus source "
                            + "\(config.name); it is read from its direct scrape only"
                    )
                }
                continue
            }
            seen.insert(name)
            state.known[name] = key
            if state.kinds[key.deployment] == nil { state.askKinds = true }
            let health: Health =
                row.presence >= 1 ? .up : row.presence <= 0 || row.presence.isNaN ? .down : .degraded
            var observation = observation(
                name,
                key,
                health,
                error: health == .up ? problem : problem ?? "\(config.discover) is \(row.presence) in Prometheus",
                timestamp: timestamp,
                seconds: seconds,
                state: state
            )
            observation.index = FamilyIndex(experimentFamilies(row, name: name, ledger: &state.ledger))
            observation.canonical = canonical(row, name: name, state: &state)
            observation.identity = row.identity
            observations.append(observation)
        }
        // Known once this tick's deployments are: the first tick, which reads every histogram,
        // already says it, so a restarted collector does not store "every tick" for one tick.
        state.latencyEvery = latencyEvery(state)
        for index in observations.indices { observations[index].latencyEvery = state.latencyEvery }
        for (name, key) in state.known where !seen.contains(name) {
            observations.append(
                observation(
                    name,
                    key,
                    .down,
                    error: "no longer found by \(config.discover) in Prometheus \(config.name)",
                    timestamp: timestamp,
                    seconds: seconds,
                    state: state
                )
            )
        }
        return observations
    }

    /// Known deployments when the tick could not be read: degraded (their servers' state is unknown,
    /// not down), with Prometheus' error.
    private func notRead(_ problem: String, timestamp: Int64, seconds: Double) -> [TargetObservation] {
        state.withLock { state in
            state.known.sorted { $0.key < $1.key }.map { name, key in
                observation(
                    name,
                    key,
                    .degraded,
                    error: "not read: " + problem,
                    timestamp: timestamp,
                    seconds: seconds,
                    state: state
                )
            }
        }
    }

    /// An observation of deployment `name` without values (health, kind and error only).
    private func observation(
        _ name: String,
        _ key: FleetRowKey,
        _ health: Health,
        error: String?,
        timestamp: Int64,
        seconds: Double,
        state: SourceState
    ) -> TargetObservation {
        var observation = TargetObservation(
            target: name,
            url: displayURL,
            environment: key.environment,
            kind: state.kinds[key.deployment] ?? .prometheus,
            timestamp: timestamp,
            health: health,
            error: error,
            durationSeconds: seconds
        )
        observation.latencyEvery = state.latencyEvery
        return observation
    }

    private func canonical(_ row: FleetRow, name: String, state: inout SourceState) -> [CanonicalSample] {
        var samples = counterSamples(row, name: name, ledger: &state.ledger)
        if row.histogramsRead {
            let histograms = histogramSamples(row, name: name, ledger: &state.ledger)
            state.lastHistograms[name] = histograms
            samples += histograms
        } else {
            // Not this deployment's turn: its last read again, so the collector adds nothing until
            // the next read brings everything since.
            samples += state.lastHistograms[name] ?? []
        }
        for metric in [CanonicalMetric.running, .waiting, .kvCacheUsage] {
            guard let value = row.gauges[metric], value.isFinite else { continue }
            samples.append(
                CanonicalSample(metric: metric, source: "prometheus:" + metric.rawValue, value: .gauge(value))
            )
        }
        return samples
    }

    private func counterSamples(_ row: FleetRow, name: String, ledger: inout CumulativeLedger) -> [CanonicalSample] {
        var samples: [CanonicalSample] = []
        let prefix = name + "\u{1}"
        if let all = row.requests {
            let errors = min(all, row.errors ?? 0)
            let totals = ledger.advance(prefix + "requests", [all - errors, errors])
            for (outcome, total) in zip([RequestOutcome.success, .error], totals) {
                samples.append(
                    CanonicalSample(
                        metric: .requests,
                        labels: outcome.labelText,
                        source: "prometheus:requests{outcome=\"\(outcome.rawValue)\"}",
                        value: .counter(total)
                    )
                )
            }
        }
        for metric in [CanonicalMetric.promptTokens, .generationTokens] {
            guard let value = row.counters[metric] else { continue }
            let total = ledger.advance(prefix + metric.rawValue, [value])[0]
            samples.append(
                CanonicalSample(metric: metric, source: "prometheus:" + metric.rawValue, value: .counter(total))
            )
        }
        return samples
    }

    private func histogramSamples(_ row: FleetRow, name: String, ledger: inout CumulativeLedger) -> [CanonicalSample] {
        var samples: [CanonicalSample] = []
        let prefix = name + "\u{1}"
        for metric in PromQLVocabulary.latencyMetrics {
            let candidates = (row.histograms[metric] ?? [:]).values.sorted { $0.preference < $1.preference }
            guard let histogram = candidates.first(where: { $0.cumulative != nil }),
                let (bounds, counts) = histogram.cumulative
            else { continue }
            let sum = (histogram.sum ?? 0) / histogram.divisor
            // The layout in the key: a histogram whose buckets change starts a new running total.
            var layout = Hasher()
            for bound in bounds { layout.combine(bound) }
            let key = prefix + metric.rawValue + "|\(bounds.count)|\(layout.finalize())"
            let totals = ledger.advance(key, counts + [sum])
            samples.append(
                CanonicalSample(
                    metric: metric,
                    source: "prometheus:" + metric.rawValue,
                    value: .histogram(
                        upperBounds: bounds,
                        cumulativeCounts: Array(totals.dropLast()),
                        count: totals[totals.count - 2],
                        sum: totals[totals.count - 1]
                    )
                )
            )
        }
        return samples
    }

    /// The experiment series as metric families, as a scrape of the deployment would give them, with
    /// the ledger's running totals.
    private func experimentFamilies(_ row: FleetRow, name: String, ledger: inout CumulativeLedger) -> [MetricFamily] {
        let metrics = vocabulary.experimentMetrics
        var families: [String: MetricFamily] = [:]
        func family(_ figure: ExperimentFigure) -> (name: String, type: MetricType) {
            switch figure {
            case .requests: (metrics.requests, .counter)
            case .tokens: (metrics.tokens, .counter)
            case .cost: (metrics.cost, .counter)
            case .feedback: (metrics.feedback, .counter)
            case .latency: (metrics.latency, .histogram)
            case .score: (metrics.score, .histogram)
            }
        }
        let prefix = name + "\u{1}experiment|"
        for (key, value) in row.experimentCounters.sorted(by: { Self.order($0.key, $1.key) }) {
            let (metric, type) = family(key.figure)
            let total = ledger.advance(prefix + metric + Self.text(key.labels), [value])[0]
            families[metric, default: MetricFamily(name: metric, type: type)].samples.append(
                Sample(name: metric, labels: key.labels, value: total)
            )
        }
        for (key, histogram) in row.experimentHistograms.sorted(by: { Self.order($0.key, $1.key) }) {
            guard let (bounds, counts) = histogram.cumulative else { continue }
            let (metric, type) = family(key.figure)
            let values = counts + [histogram.sum ?? 0, histogram.count ?? counts[counts.count - 1]]
            let totals = ledger.advance(prefix + metric + Self.text(key.labels), values)
            var samples: [Sample] = []
            for (bound, count) in zip(bounds, totals) {
                let le = bound.isInfinite ? "+Inf" : String(bound)
                samples.append(
                    Sample(name: metric + "_bucket", labels: key.labels + [Label(name: "le", value: le)], value: count)
                )
            }
            samples.append(Sample(name: metric + "_sum", labels: key.labels, value: totals[counts.count]))
            samples.append(Sample(name: metric + "_count", labels: key.labels, value: totals[counts.count + 1]))
            families[metric, default: MetricFamily(name: metric, type: type)].samples += samples
        }
        return families.keys.sorted().compactMap { families[$0] }
    }

    private static func text(_ labels: [Label]) -> String {
        "{" + labels.map { $0.name + "=" + $0.value }.joined(separator: ",") + "}"
    }

    private static func order(_ left: ExperimentSeriesKey, _ right: ExperimentSeriesKey) -> Bool {
        (left.figure.rawValue, text(left.labels)) < (right.figure.rawValue, text(right.labels))
    }
}

/// One answer of a tick as the task that decoded it read it: a histogram query's rows already
/// gathered into each deployment's histograms, any other query's series as they came.
private struct TickAnswer: Sendable {
    var series: [InstantSeries] = []
    var histograms: [FleetRowKey: [String: HistogramRows]] = [:]
    var warning: String?

    init(_ response: QueryResponse, subject: IngestSubject?, source: PrometheusFleetSource) {
        warning = response.warningSummary
        if case .histogram(let metric) = subject {
            histograms = source.histogramTable(metric, response.value.instantSeries)
        } else {
            series = response.value.instantSeries
        }
    }
}
