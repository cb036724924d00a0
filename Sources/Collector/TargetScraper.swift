import Config
import Exposition
import Foundation
import HTTP
import Vocabulary

/// Polls one target once: metrics, health and info endpoints concurrently, then classifies the answer
/// and maps it through the target's adapter. Never throws: every failure becomes a health and an error.
public struct TargetScraper: Sendable {
    let client: HTTPClient
    /// Response size cap per request, bytes; a bigger answer is cut off and reported as `bad_payload`.
    public var maxResponseBytes: Int

    public init(client: HTTPClient, maxResponseBytes: Int = 16 << 20) {
        self.client = client
        self.maxResponseBytes = maxResponseBytes
    }

    /// The `Accept` header every metrics request sends: 0.0.4 text keeps colon names (§1.4).
    static let exposition = "text/plain;version=0.0.4"

    /// One poll. `knownKind` is what an earlier poll detected, used when the config names no kind.
    /// `cachedInfo`, when given, stands in for the identity endpoints (`/v1/models`, `/info`, …),
    /// which are then not requested: the served model changes far less often than the metrics;
    /// `knownIdentity` is what those bodies gave last time (reused unless the adapter reads the
    /// metrics for it). `plan`, from the target's previous poll, reads a page of the same layout
    /// without parsing it (`ScrapePlan`).
    public func scrape(
        _ target: ScrapeTarget,
        knownKind: ServerKind?,
        cachedInfo: [String: Data]? = nil,
        knownIdentity: ServedIdentity? = nil,
        plan: ScrapePlan? = nil
    ) async -> TargetObservation {
        await withCheckedContinuation { continuation in
            scrape(
                target,
                knownKind: knownKind,
                cachedInfo: cachedInfo,
                knownIdentity: knownIdentity,
                plan: plan
            ) { continuation.resume(returning: $0) }
        }
    }

    /// One poll, as `scrape(_:knownKind:cachedInfo:knownIdentity:plan:)`; `completion` is called
    /// once with the observation, on the HTTP client's thread that owns the target's connections
    /// (reading the page and mapping it through the adapter happen there too, without a hand-off).
    public func scrape(
        _ target: ScrapeTarget,
        knownKind: ServerKind?,
        cachedInfo: [String: Data]? = nil,
        knownIdentity: ServedIdentity? = nil,
        plan: ScrapePlan? = nil,
        completion: @escaping @Sendable (TargetObservation) -> Void
    ) {
        let started = ContinuousClock.now
        if let known = target.kind ?? knownKind {
            let urls = requests(for: ServerAdapters.adapter(for: known), target, withInfo: cachedInfo == nil)
            fetch(urls, target) { [maxResponseBytes] answers in
                completion(
                    Self.observation(
                        of: target,
                        kind: known,
                        answers: answers,
                        plan: plan,
                        cachedInfo: cachedInfo,
                        knownIdentity: knownIdentity,
                        started: started,
                        maxResponseBytes: maxResponseBytes
                    )
                )
            }
            return
        }
        let poll = Poll(target: target, started: started, cachedInfo: cachedInfo, knownIdentity: knownIdentity)
        fetch(["metrics": target.metricsURL], target) { answers in
            let metrics = MetricsReading(answers["metrics"], cap: maxResponseBytes, target: target.name)
            if let detected = detect(metrics.index) {
                fetchRest(poll, kind: detected, answers: answers, metrics: metrics, completion: completion)
            } else if metrics.answered || metrics.problem?.health == .badPayload {
                let probeURLs = Dictionary(
                    KindDetector.probes.map { ($0.path, target.url($0.path)) },
                    uniquingKeysWith: { first, _ in first }
                )
                fetch(probeURLs, target) { probeAnswers in
                    var kind = KindDetector.kind(fromProbes: okBodies(probeAnswers))
                    if kind == nil, metrics.problem == nil, !metrics.index.isEmpty { kind = .prometheus }
                    if let kind {
                        fetchRest(poll, kind: kind, answers: answers, metrics: metrics, completion: completion)
                    } else {
                        completion(observe(poll, kind: nil, answers: answers, metrics: metrics))
                    }
                }
            } else {
                completion(observe(poll, kind: nil, answers: answers, metrics: metrics))
            }
        }
    }

    /// What a poll knew before its first request.
    struct Poll: Sendable {
        var target: ScrapeTarget
        var started: ContinuousClock.Instant
        var cachedInfo: [String: Data]?
        var knownIdentity: ServedIdentity?
    }

    /// After detecting `kind` from the metrics page: fetches the adapter's other endpoints, then
    /// observes.
    private func fetchRest(
        _ poll: Poll,
        kind: ServerKind,
        answers: [String: Result<HTTPResponse, HTTPError>],
        metrics: MetricsReading,
        completion: @escaping @Sendable (TargetObservation) -> Void
    ) {
        var rest = requests(for: ServerAdapters.adapter(for: kind), poll.target)
        rest["metrics"] = nil
        fetch(rest, poll.target) { more in
            let all = answers.merging(more) { _, new in new }
            completion(observe(poll, kind: kind, answers: all, metrics: metrics))
        }
    }

    /// What a poll of a target of known `kind` makes of its answers (keyed as `requests(for:)`
    /// names them: `metrics`, `health`, `info:<path>`): the page read through `plan`, the previous
    /// poll's, while it still fits, else parsed in full; then health, canonical values and identity
    /// (`cachedInfo` and `knownIdentity` as in `scrape`). Every poll of a known kind ends here, so
    /// answers recorded elsewhere (a fixture page) give the observation a live poll would; its
    /// `plan` is the one for the next poll. `started` is when the poll's first request went out.
    public static func observation(
        of target: ScrapeTarget,
        kind: ServerKind,
        answers: [String: Result<HTTPResponse, HTTPError>],
        plan: ScrapePlan?,
        cachedInfo: [String: Data]? = nil,
        knownIdentity: ServedIdentity? = nil,
        started: ContinuousClock.Instant = .now,
        maxResponseBytes: Int = 16 << 20
    ) -> TargetObservation {
        let metrics = MetricsReading(answers["metrics"], cap: maxResponseBytes, target: target.name, plan: plan)
        let poll = Poll(target: target, started: started, cachedInfo: cachedInfo, knownIdentity: knownIdentity)
        return observe(poll, kind: kind, answers: answers, metrics: metrics, cap: maxResponseBytes)
    }

    private func observe(
        _ poll: Poll,
        kind: ServerKind?,
        answers: [String: Result<HTTPResponse, HTTPError>],
        metrics: MetricsReading
    ) -> TargetObservation {
        Self.observe(poll, kind: kind, answers: answers, metrics: metrics, cap: maxResponseBytes)
    }

    /// Classifies the answers of a poll and maps them through the adapter of `kind`.
    private static func observe(
        _ poll: Poll,
        kind: ServerKind?,
        answers: [String: Result<HTTPResponse, HTTPError>],
        metrics reading: MetricsReading,
        cap: Int
    ) -> TargetObservation {
        let target = poll.target
        var metrics = reading
        let adapter = kind.map(ServerAdapters.adapter(for:))
        if adapter?.hasMetrics == false { metrics = MetricsReading(nil, cap: cap) }
        let canonical = metrics.canonical ?? adapter?.canonicalSamples(metrics.index) ?? []
        let verdict = judge(adapter: adapter, health: answers["health"], metrics: metrics, canonical: canonical)
        var fetchedInfo: [String: Data] = [:]
        for path in adapter?.infoPaths ?? [] {
            if case .success(let response) = answers["info:" + path], (200..<300).contains(response.status) {
                fetchedInfo[path] = Data(response.body)
            }
        }
        var identity: ServedIdentity
        if let knownIdentity = poll.knownIdentity, poll.cachedInfo != nil, fetchedInfo.isEmpty,
            adapter?.identityReadsMetrics == false
        {
            identity = knownIdentity  // nothing it depends on was read again
        } else {
            let info = (poll.cachedInfo ?? [:]).merging(fetchedInfo) { _, fetched in fetched }
            identity = adapter?.identity(info: info, index: metrics.index) ?? ServedIdentity()
        }
        identity.model = target.modelOverride ?? identity.model
        identity.version = target.versionOverride ?? identity.version
        let processStartTime =
            metrics.canonical != nil
            ? metrics.processStartTime : metrics.index.samples("process_start_time_seconds").first?.value
        var nextPlan = metrics.plan
        if nextPlan == nil, let page = metrics.page, let raw = metrics.raw {
            nextPlan = ScrapePlan(
                page: page,
                index: metrics.index,
                raw: raw,
                canonical: adapter == nil ? nil : canonical,
                keepFamilies: adapter?.identityReadsMetrics ?? true
            )
        }
        let elapsed = ContinuousClock.now - poll.started
        var observation = TargetObservation(
            target: target.name,
            url: target.baseURL,
            environment: target.environment,
            kind: kind,
            timestamp: Int64((Date().timeIntervalSince1970 * 1000).rounded()),
            health: verdict.health,
            error: verdict.error,
            durationSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
            bytes: metrics.bytes,
            index: metrics.index,
            canonical: canonical,
            identity: identity,
            info: fetchedInfo,
            processStartTime: processStartTime
        )
        observation.raw = metrics.raw
        observation.rawValues = metrics.rawValues
        observation.plan = nextPlan
        if metrics.raw != nil { observation.readByLayout = metrics.plan != nil }
        return observation
    }

    func detect(_ index: FamilyIndex) -> ServerKind? { KindDetector.kind(from: index) }

    /// Request keys: `metrics`, `health`, `info:<path>` (the last only `withInfo`).
    func requests(for adapter: any ServerAdapter, _ target: ScrapeTarget, withInfo: Bool = true) -> [String: String] {
        var urls: [String: String] = [:]
        if adapter.hasMetrics { urls["metrics"] = target.metricsURL }
        if let health = adapter.healthPath { urls["health"] = target.url(health) }
        guard withInfo else { return urls }
        for path in adapter.infoPaths { urls["info:" + path] = target.url(path) }
        return urls
    }

    /// Sends every request at once; `completion` gets every answer by key once the last one is in
    /// (each bounded by the target's timeout).
    func fetch(
        _ urls: [String: String],
        _ target: ScrapeTarget,
        completion: @escaping @Sendable ([String: Result<HTTPResponse, HTTPError>]) -> Void
    ) {
        let keys = Array(urls.keys)
        let requests = keys.map { key in
            var request = HTTPRequest(url: urls[key] ?? "")
            request.headers = target.headers
            if key == "metrics" { request.headers.append(HTTPHeader(name: "Accept", value: Self.exposition)) }
            request.timeout = target.timeout
            request.connectTimeout = min(target.timeout, 3)
            request.maxResponseBytes = maxResponseBytes
            return request
        }
        client.send(all: requests) { results in
            completion(Dictionary(zip(keys, results), uniquingKeysWith: { first, _ in first }))
        }
    }

    func okBodies(_ answers: [String: Result<HTTPResponse, HTTPError>]) -> [String: Data] {
        var out: [String: Data] = [:]
        for (key, answer) in answers {
            if case .success(let response) = answer, (200..<300).contains(response.status) {
                out[key] = Data(response.body)
            }
        }
        return out
    }

    /// Combines the health and metrics answers into one health and error.
    static func judge(
        adapter: (any ServerAdapter)?,
        health: Result<HTTPResponse, HTTPError>?,
        metrics: MetricsReading,
        canonical: [CanonicalSample]
    ) -> (health: Health, error: String?) {
        guard let adapter else {
            return (metrics.problem?.health ?? .down, metrics.problem?.message ?? "server kind not recognised")
        }
        var healthChecked = false
        if let health {
            switch health {
            case .failure(let error):
                return (.down, "health: \(error.message)")
            case .success(let response) where !adapter.isHealthy(status: response.status):
                return (.down, "health: HTTP \(response.status)")
            case .success:
                healthChecked = true
            }
        }
        if let problem = metrics.problem {
            if healthChecked && problem.health == .down {
                return (.degraded, problem.message + " (health endpoint is up)")
            }
            return (problem.health, problem.message)
        }
        if adapter.hasMetrics && adapter.kind != .prometheus && canonical.isEmpty {
            return (.degraded, "no \(adapter.kind.rawValue) metrics found in \(metrics.familyCount) families")
        }
        return (.up, nil)
    }
}
