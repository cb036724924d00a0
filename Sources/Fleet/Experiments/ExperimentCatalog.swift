import Store
import Vocabulary

/// The stored series of every experiment, found by name on any target and grouped by
/// experiment and variant (an experiment usually runs on several replicas; its series are summed
/// across them).
struct ExperimentCatalog {
    /// The series of one variant, by role.
    struct VariantSeries {
        var successes: [Int64] = []
        var failures: [Int64] = []
        var latency: [(id: Int64, bounds: [Double])] = []
        var cost: [Int64] = []
        var positive: [Int64] = []
        var negative: [Int64] = []
        var score: [(id: Int64, bounds: [Double])] = []
        /// Targets exporting the variant's requests, with the ids of their token counters (for
        /// pricing by the target's served model).
        var targets: Set<String> = []
        var tokensByTarget: [String: (prompt: [Int64], completion: [Int64])] = [:]

        var requests: [Int64] { successes + failures }

        /// Every token counter, prompt and completion.
        var tokens: [Int64] { tokensByTarget.values.flatMap { $0.prompt + $0.completion }.sorted() }
    }

    /// By experiment, then variant.
    var experiments: [String: [String: VariantSeries]] = [:]

    init(_ series: [(id: Int64, key: SeriesKey)], naming: ExperimentNaming) {
        for (id, key) in series {
            let labels = StoredLabels.parse(key.labels)
            guard let experiment = labels[naming.labels.experiment], let variant = labels[naming.labels.variant] else {
                continue
            }
            // In place: a copy of the entry would copy each of its arrays at every append.
            Self.update(&experiments[experiment, default: [:]][variant, default: VariantSeries()]) { entry in
                switch key.name {
                case naming.metrics.requests where key.kind == .counter:
                    let outcome = labels[naming.labels.outcome] ?? ""
                    if naming.successOutcomes.contains(outcome) {
                        entry.successes.append(id)
                    } else {
                        entry.failures.append(id)
                    }
                    entry.targets.insert(key.target)
                case naming.metrics.latency where key.kind == .histogram:
                    entry.latency.append((id, key.bucketBounds))
                case naming.metrics.tokens where key.kind == .counter:
                    let isPrompt = labels[naming.labels.direction] == "prompt"
                    var perTarget = entry.tokensByTarget[key.target, default: ([], [])]
                    if isPrompt { perTarget.prompt.append(id) } else { perTarget.completion.append(id) }
                    entry.tokensByTarget[key.target] = perTarget
                case naming.metrics.cost where key.kind == .counter:
                    entry.cost.append(id)
                case naming.metrics.feedback where key.kind == .counter:
                    if labels[naming.labels.feedback] == "positive" {
                        entry.positive.append(id)
                    } else if labels[naming.labels.feedback] == "negative" {
                        entry.negative.append(id)
                    }
                case naming.metrics.score where key.kind == .histogram:
                    entry.score.append((id, key.bucketBounds))
                default:
                    return
                }
            }
        }
        // An experiment is known by its requests; variants with only other series are dropped.
        for (name, variants) in experiments {
            let counted = variants.filter { !$0.value.requests.isEmpty }
            experiments[name] = counted.isEmpty ? nil : counted
        }
    }

    private static func update(_ entry: inout VariantSeries, _ change: (inout VariantSeries) -> Void) {
        change(&entry)
    }

    /// The bounds most of `series` share and their ids (series of another layout cannot be merged
    /// bucket by bucket and are left out); nil when empty.
    static func layout(_ series: [(id: Int64, bounds: [Double])]) -> HistogramLayout? {
        var groups: [[Double]: [Int64]] = [:]
        for entry in series where !entry.bounds.isEmpty { groups[entry.bounds, default: []].append(entry.id) }
        guard let best = groups.max(by: { ($0.value.count, $1.key.count) < ($1.value.count, $0.key.count) }) else {
            return nil
        }
        return HistogramLayout(bounds: best.key, ids: best.value.sorted())
    }
}
