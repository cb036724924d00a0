import Analysis
import Config
import Foundation
import Store
import Vocabulary

/// An experiment's figures up to a time whose rows no longer change: its looks with the
/// cumulative counts at each, and its histogram, token and cost totals. Saved in the store by
/// the processes that collect, so `llmdeck ab` and the console read only the rows after it.
///
/// It fits only the same experiment read the same way: `fingerprint` covers its series, the
/// configured start, the raw retention and the prices; any change means it is ignored and the
/// figures are read from the start again. Looks once taken stay as they were taken, even after
/// the raw rows they were read from are gone (a reader without it reads those hours hourly).
struct ExperimentCheckpoint: Equatable {
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

    struct Counts: Equatable {
        var successes: Double
        var trials: Double

        init(_ sample: ProportionSample) {
            successes = sample.successes
            trials = sample.trials
        }

        var sample: ProportionSample { ProportionSample(successes: successes, trials: trials) }
    }

    /// A histogram's totals without its bounds (the layout's, and +Inf has no JSON form).
    struct Histogram: Equatable {
        var cumulativeCounts: [Double]
        var count: Double
        var sum: Double

        init(cumulativeCounts: [Double], count: Double, sum: Double) {
            self.cumulativeCounts = cumulativeCounts
            self.count = count
            self.sum = sum
        }

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
        // FNV-1a, 64 bits: stable across processes (Swift's `Hasher` is seeded per process).
        // Values are fed one by one: interpolating arrays and structs into a text asked the
        // runtime about each element's conformances, a millisecond or more per `llmdeck ab`.
        var hash = FNV1a()
        hash.add(Int64(format))
        hash.add(name)
        hash.add(configuredStart ?? Int64.min)
        hash.add(rawRetention)
        for entry in pricing.entries {
            hash.add(entry.model)
            hash.add(entry.promptPerMillion.bitPattern)
            hash.add(entry.completionPerMillion.bitPattern)
            hash.add(entry.effectiveFrom ?? Int64.min)
        }
        for (variant, series) in variants.sorted(by: { $0.key < $1.key }) {
            hash.add(variant)
            for ids in [series.successes, series.failures, series.positive, series.negative, series.cost] {
                hash.add(ids)
            }
            hash.add(series.latency.map(\.id))
            hash.add(series.score.map(\.id))
            for (target, ids) in series.tokensByTarget.sorted(by: { $0.key < $1.key }) {
                hash.add(target)
                hash.add(ids.prompt)
                hash.add(ids.completion)
            }
        }
        return String(hash.value, radix: 16)
    }

    /// The checkpoint in the store's bytes: a flat binary form (little-endian numbers,
    /// length-prefixed UTF-8 text), since a reader decodes twenty of these before every
    /// `llmdeck ab` and JSON decoding took longer than reading the rows after them.
    func encoded() -> Data {
        var out = CheckpointWriter()
        out.int(Int64(format))
        out.text(fingerprint)
        out.int(start)
        out.int(through)
        out.ints(looks)
        for table in [requests, feedback] {
            out.count(table.count)
            for (name, counts) in table.sorted(by: { $0.key < $1.key }) {
                out.text(name)
                out.doubles(counts.flatMap { [$0.successes, $0.trials] })
            }
        }
        for table in [latency, score] {
            out.count(table.count)
            for (name, histogram) in table.sorted(by: { $0.key < $1.key }) {
                out.text(name)
                out.doubles(histogram.cumulativeCounts + [histogram.count, histogram.sum])
            }
        }
        out.ints(counters.keys.sorted())
        out.doubles(counters.keys.sorted().map { counters[$0] ?? 0 })
        out.count(dollars.count)
        for (name, value) in dollars.sorted(by: { $0.key < $1.key }) {
            out.text(name)
            out.doubles([value])
        }
        out.count(unpriced.count)
        for name in unpriced.sorted() { out.text(name) }
        return Data(out.bytes)
    }

    /// The checkpoint in `stored`, when it decodes whole and has the current format.
    static func decode(_ stored: ReaderCheckpoint) -> ExperimentCheckpoint? {
        var reader = CheckpointReader(stored.payload)
        guard reader.int() == Int64(format), let fingerprint = reader.text(), let start = reader.int(),
            let through = reader.int(), through == stored.through, let looks = reader.ints()
        else { return nil }
        var checkpoint = ExperimentCheckpoint(
            fingerprint: fingerprint,
            start: start,
            through: through,
            looks: looks,
            requests: [:],
            feedback: [:],
            latency: [:],
            score: [:],
            counters: [:],
            dollars: [:],
            unpriced: []
        )
        for index in 0..<2 {
            guard let count = reader.count() else { return nil }
            for _ in 0..<count {
                guard let name = reader.text(), let values = reader.doubles(), values.count == 2 * looks.count else {
                    return nil
                }
                let counts = stride(from: 0, to: values.count, by: 2).map {
                    Counts(ProportionSample(successes: values[$0], trials: values[$0 + 1]))
                }
                if index == 0 { checkpoint.requests[name] = counts } else { checkpoint.feedback[name] = counts }
            }
        }
        for index in 0..<2 {
            guard let count = reader.count() else { return nil }
            for _ in 0..<count {
                guard let name = reader.text(), let values = reader.doubles(), values.count >= 2 else { return nil }
                let histogram = Histogram(
                    cumulativeCounts: Array(values.dropLast(2)),
                    count: values[values.count - 2],
                    sum: values[values.count - 1]
                )
                if index == 0 { checkpoint.latency[name] = histogram } else { checkpoint.score[name] = histogram }
            }
        }
        guard let ids = reader.ints(), let sums = reader.doubles(), ids.count == sums.count,
            let dollarCount = reader.count()
        else { return nil }
        checkpoint.counters = Dictionary(zip(ids, sums), uniquingKeysWith: { first, _ in first })
        for _ in 0..<dollarCount {
            guard let name = reader.text(), let value = reader.doubles()?.first else { return nil }
            checkpoint.dollars[name] = value
        }
        guard let unpricedCount = reader.count() else { return nil }
        for _ in 0..<unpricedCount {
            guard let name = reader.text() else { return nil }
            checkpoint.unpriced.insert(name)
        }
        return reader.isAtEnd ? checkpoint : nil
    }
}

/// Appends numbers and text in the checkpoint's binary form.
private struct CheckpointWriter {
    var bytes: [UInt8] = []

    mutating func int(_ value: Int64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func count(_ value: Int) { int(Int64(value)) }

    mutating func ints(_ values: [Int64]) {
        count(values.count)
        for value in values { int(value) }
    }

    mutating func doubles(_ values: [Double]) {
        count(values.count)
        for value in values { int(Int64(bitPattern: value.bitPattern)) }
    }

    mutating func text(_ value: String) {
        count(value.utf8.count)
        bytes.append(contentsOf: value.utf8)
    }
}

/// Reads what `CheckpointWriter` wrote; nil on anything short or out of range.
private struct CheckpointReader {
    let bytes: [UInt8]
    var offset = 0

    init(_ data: Data) { bytes = [UInt8](data) }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func int() -> Int64? {
        guard bytes.count - offset >= 8 else { return nil }
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
        offset += 8
        return Int64(bitPattern: value)
    }

    /// A length: at most what is left to read, so a corrupt one cannot ask for gigabytes.
    mutating func count() -> Int? {
        guard let value = int(), value >= 0, value <= Int64(bytes.count - offset) else { return nil }
        return Int(value)
    }

    mutating func ints() -> [Int64]? {
        guard let count = count() else { return nil }
        var values: [Int64] = []
        values.reserveCapacity(count)
        for _ in 0..<count {
            guard let value = int() else { return nil }
            values.append(value)
        }
        return values
    }

    mutating func doubles() -> [Double]? {
        ints()?.map { Double(bitPattern: UInt64(bitPattern: $0)) }
    }

    mutating func text() -> String? {
        guard let count = count() else { return nil }
        defer { offset += count }
        return String(decoding: bytes[offset..<offset + count], as: UTF8.self)
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
            guard let checkpoint = byExperiment[name] else { return nil }
            return ReaderCheckpoint(
                key: ExperimentCheckpoint.key(name),
                through: checkpoint.through,
                payload: checkpoint.encoded()
            )
        }
    }
}
