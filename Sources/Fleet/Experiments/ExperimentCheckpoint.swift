import Analysis
import Config
import Foundation
import Store

/// An experiment's figures up to a time whose rows no longer change: its looks with the
/// cumulative counts at each, and its histogram, token and cost totals. Saved in the store by
/// the processes that collect, so `llmdeck ab` and the console read only the rows after it.
///
/// It fits only the same experiment read the same way: `fingerprint` covers its series, the
/// configured start, the raw retention and the prices; any change means it is ignored and the
/// figures are read from the start again. Looks once taken stay as they were taken, even after
/// the raw rows they were read from are gone (a reader without it reads those hours hourly).
struct ExperimentCheckpoint: Codable, Equatable {
    /// Bumped whenever the payload or the way figures are read changes.
    static let format = 1

    var format = Self.format
    var fingerprint: String
    var start: Int64
    /// A look time: rows before it (`ts < through`) are in the checkpoint, later ones are not.
    var through: Int64
    var looks: [Int64]
    /// Per variant, cumulative successes and trials at each look.
    var requests: [String: [Counts]]
    /// Per variant with feedback series, cumulative positive and rated feedback at each look.
    var feedback: [String: [Counts]]
    /// Per variant, the merged latency and score histograms through `through`.
    var latency: [String: Histogram]
    var score: [String: Histogram]
    /// Token and cost counter totals through `through`, by series id.
    var counters: [Int64: Double]
    /// Per variant, dollars of its tokens through `through` at the prices of their day; absent
    /// when a token's model had no price.
    var dollars: [String: Double]
    /// Variants whose tokens could not all be priced through `through`.
    var unpriced: Set<String>

    struct Counts: Codable, Equatable {
        var successes: Double
        var trials: Double

        init(_ sample: ProportionSample) {
            successes = sample.successes
            trials = sample.trials
        }

        var sample: ProportionSample { ProportionSample(successes: successes, trials: trials) }
    }

    /// A histogram's totals without its bounds (the layout's, and +Inf has no JSON form).
    struct Histogram: Codable, Equatable {
        var cumulativeCounts: [Double]
        var count: Double
        var sum: Double

        init(_ total: HistogramTotal) {
            cumulativeCounts = total.cumulativeCounts
            count = total.count
            sum = total.sum
        }

        func total(bounds: [Double]) -> HistogramTotal? {
            guard bounds.count == cumulativeCounts.count else { return nil }
            return HistogramTotal(upperBounds: bounds, cumulativeCounts: cumulativeCounts, count: count, sum: sum)
        }
    }

    /// The store key of an experiment's checkpoint.
    static func key(_ experiment: String) -> String { keyPrefix + experiment }
    static let keyPrefix = "experiment:"

    /// What the checkpoint must have been read with to be used: a digest of the experiment's
    /// series by role, its configured start, the raw retention and the price table.
    static func fingerprint(
        name: String,
        variants: [String: ExperimentCatalog.VariantSeries],
        configuredStart: Int64?,
        rawRetention: Int64,
        pricing: PriceTable
    ) -> String {
        var text = "\(format)|\(name)|\(configuredStart.map(String.init) ?? "-")|\(rawRetention)|\(pricing.entries)"
        for (variant, series) in variants.sorted(by: { $0.key < $1.key }) {
            text += "|\(variant):\(series.successes):\(series.failures):\(series.positive):\(series.negative)"
            text += ":\(series.latency.map(\.id)):\(series.score.map(\.id)):\(series.cost)"
            for (target, ids) in series.tokensByTarget.sorted(by: { $0.key < $1.key }) {
                text += ":\(target)=\(ids.prompt),\(ids.completion)"
            }
        }
        // FNV-1a, 64 bits: stable across processes (Swift's `Hasher` is seeded per process).
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    func encoded() -> Data? { try? JSONEncoder().encode(self) }

    /// The checkpoint in `stored`, when it decodes and has the current format.
    static func decode(_ stored: ReaderCheckpoint) -> ExperimentCheckpoint? {
        guard let checkpoint = try? JSONDecoder().decode(Self.self, from: stored.payload),
            checkpoint.format == format, checkpoint.through == stored.through
        else { return nil }
        return checkpoint
    }
}

/// The experiments' checkpoints a read resumed from and left: by experiment, with which of them
/// moved on since they were loaded from the store.
public struct ExperimentCheckpoints: Sendable {
    var byExperiment: [String: ExperimentCheckpoint] = [:]
    /// Experiments whose checkpoint is newer than the store's.
    private var moved: Set<String> = []

    public init() {}

    /// The decodable checkpoints among those stored under `ExperimentCheckpoint.keyPrefix`.
    init(stored: [String: ReaderCheckpoint]) {
        for (key, checkpoint) in stored where key.hasPrefix(ExperimentCheckpoint.keyPrefix) {
            if let decoded = ExperimentCheckpoint.decode(checkpoint) {
                byExperiment[String(key.dropFirst(ExperimentCheckpoint.keyPrefix.count))] = decoded
            }
        }
    }

    /// Takes `other`'s checkpoints that are further on than these.
    mutating func adopt(_ other: ExperimentCheckpoints) {
        for (name, checkpoint) in other.byExperiment where checkpoint.through > byExperiment[name]?.through ?? .min {
            byExperiment[name] = checkpoint
            if other.moved.contains(name) { moved.insert(name) }
        }
    }

    /// Keeps `checkpoint` for `name` when it differs from the one held.
    mutating func update(_ name: String, _ checkpoint: ExperimentCheckpoint) {
        guard byExperiment[name] != checkpoint else { return }
        byExperiment[name] = checkpoint
        moved.insert(name)
    }

    /// The checkpoints that moved on, as the store saves them.
    var changed: [ReaderCheckpoint] {
        moved.sorted().compactMap { name in
            guard let checkpoint = byExperiment[name], let payload = checkpoint.encoded() else { return nil }
            return ReaderCheckpoint(key: ExperimentCheckpoint.key(name), through: checkpoint.through, payload: payload)
        }
    }
}
