import Analysis
import Config
import Store
import Vocabulary

/// Distribution drift per deployment, judged every quarter of the drift window (at most once a
/// minute: every minute with the default 15 m window): for each feature (prompt tokens,
/// generation tokens, end-to-end latency, TTFT) the current window against a baseline window as
/// long, ending when the current version was deployed (else the 24 hours before the current
/// window); the alert sees the worst feature's PSI.
struct DriftWatch {
    /// Longest time between drift judgements, milliseconds.
    static let every: Int64 = 60_000

    /// A feature and the histogram series it is read from.
    enum Feature: String, CaseIterable {
        case promptTokens = "prompt_tokens"
        case generationTokens = "generation_tokens"
        case e2eLatency = "e2e_latency"
        case ttft

        /// Raw histogram names of the token features, by server (their canonical forms are counters).
        var rawNames: [String] {
            switch self {
            case .promptTokens: ["vllm:request_prompt_tokens", "tgi_request_input_length"]
            case .generationTokens: ["vllm:request_generation_tokens", "tgi_request_generated_tokens"]
            case .e2eLatency, .ttft: []
            }
        }

        var canonical: CanonicalMetric? {
            switch self {
            case .e2eLatency: .e2eLatency
            case .ttft: .timeToFirstToken
            case .promptTokens, .generationTokens: nil
            }
        }
    }

    private var last: Int64?
    private var results: [String: (observation: AlertObservation, detail: DriftDetail?)] = [:]
    func observation(of target: String) -> AlertObservation { results[target]?.observation ?? .noData }
    func detail(of target: String) -> DriftDetail? { results[target]?.detail }

    mutating func refresh(
        _ targets: [TargetRecord],
        deploys: DeployTimes,
        config: DriftConfig,
        now: Int64,
        store: Store
    ) throws(StoreError) {
        let window = Int64((config.window * 1000).rounded())
        let every = min(Self.every, max(1_000, window / 4))
        guard last.map({ now - $0 >= every || now < $0 }) ?? true else { return }
        last = now
        let policy = DriftPolicy(
            moderatePSI: config.psiModerate,
            majorPSI: config.psiMajor,
            minimumCountPerWindow: Double(max(1, config.minimumCount))
        )
        let rawNames = Feature.allCases.flatMap(\.rawNames)
        var results = self.results
        try store.read { view in
            var raw: [String: [Feature: [(id: Int64, bounds: [Double])]]] = [:]
            for (id, key) in try view.series(named: rawNames) where key.kind == .histogram {
                guard let feature = Feature.allCases.first(where: { $0.rawNames.contains(key.name) }) else { continue }
                raw[key.target, default: [:]][feature, default: []].append((id, key.bucketBounds))
            }
            // The newest pin or reset per deployment (`:baseline pin`): a pin newer than the
            // deploy ends the baseline window; a reset, or a deploy after the pin, undoes it.
            var pins: [String: Int64] = [:]
            for event in try view.events(kinds: [DriftBaselineEvent.pin, DriftBaselineEvent.reset], from: 0) {
                guard let target = event.target else { continue }
                pins[target] = event.kind == DriftBaselineEvent.pin ? event.ts : nil
            }
            let canonical = try view.canonicalSeries(of: targets)
            for (target, series) in zip(targets, canonical) {
                let name = target.name
                var deployAt = deploys.deployedAt(name)
                let current = (now - window)...now
                if let pin = pins[name], pin > deployAt ?? .min { deployAt = pin }
                let baselineEnd = deployAt ?? now - window
                let baseline =
                    deployAt == nil ? (baselineEnd - 86_400_000)...baselineEnd : (baselineEnd - window)...baselineEnd
                var worst: (psi: Double, detail: DriftDetail)?
                var short = false
                for feature in Feature.allCases {
                    let layout: HistogramLayout? =
                        feature.canonical.flatMap { series.layout(of: $0) }
                        ?? raw[name]?[feature].flatMap { ExperimentCatalog.layout($0) }
                    guard let layout else { continue }
                    let earlier = try view.histogramTotals([layout], from: baseline.lowerBound, to: baseline.upperBound)
                    let recent = try view.histogramTotals([layout], from: current.lowerBound, to: current.upperBound)
                    guard let before = earlier.first ?? nil, let after = recent.first ?? nil else {
                        short = true
                        continue
                    }
                    let assessment = try? DriftAssessment(
                        upperBounds: layout.bounds,
                        baseline: Self.perBucket(before.cumulativeCounts),
                        current: Self.perBucket(after.cumulativeCounts),
                        policy: policy
                    )
                    guard let report = assessment?.report else {
                        short = true
                        continue
                    }
                    if worst.map({ report.psi > $0.psi }) ?? true {
                        worst = (
                            report.psi,
                            DriftDetail(
                                feature: feature.rawValue,
                                report: report,
                                baselineWindow: baseline,
                                currentWindow: current
                            )
                        )
                    }
                }
                if let worst {
                    results[name] = (.value(worst.psi), worst.detail)
                } else {
                    results[name] = (short ? .belowGate : .noData, nil)
                }
            }
        }
        self.results = results
    }

    /// Per-bucket counts from cumulative ones (a negative step, from rounding, is 0).
    static func perBucket(_ cumulative: [Double]) -> [Double] {
        var previous = 0.0
        return cumulative.map { value in
            defer { previous = value }
            return max(0, value - previous)
        }
    }
}
