import Analysis
import Config
import Exposition
import Foundation
import Store
import TestSupport
import Testing

@testable import Collector

/// The write path stores exactly what the ingest rules say, row for row: fixture pages of the
/// three simulated kinds, advancing between polls (some series unchanged, one server restarting), read as the collector
/// reads them (full parse, then by layout) and written through `StoreWriter`, compared with rows
/// computed here from full parses of the same pages.
struct IngestEquivalenceTests {
    /// What one series stores at one time.
    enum Row: Equatable {
        case point(Double)
        case histogram(count: Double, sum: Double, buckets: [Double])
    }

    static let kinds: [(ServerKind, String)] = [
        (.vllm, "vllm_metrics.prom"), (.tgi, "tgi_metrics.prom"), (.llamacpp, "llamacpp_metrics.prom"),
    ]
    static let start: Int64 = 1_764_000_000_000

    @Test func storedRowsEqualIncrementsComputedFromThePages() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try Store(path: directory.path("ingest.sqlite"))
        let writer = StoreWriter(store: store) { _ in }
        var model = IngestModel()
        var plans: [String: ScrapePlan] = [:]
        var readByLayout = 0
        let targets = 6
        let polls = 6
        for poll in 0..<polls {
            var observations: [TargetObservation] = []
            for target in 0..<targets {
                let (kind, file) = Self.kinds[target % Self.kinds.count]
                let name = "t\(target)"
                let ts = Self.start + Int64(poll * 5_000 + target * 10)
                // Target 0 restarts before its fifth poll: every counter and bucket goes down (a reset).
                let served = target == 0 && poll >= 4 ? poll - 4 : poll
                let page = AdvancingFixture(try CollectorFixtures.metrics(file)).page(poll: served, target: target)
                let observation = try PagePoll.observation(
                    of: page,
                    target: name,
                    kind: kind,
                    timestamp: ts,
                    plan: plans[name]
                )
                plans[name] = observation.plan
                if observation.readByLayout == true { readByLayout += 1 }
                observations.append(observation)
                let families = try ExpositionParser.parse(page, format: .prometheusText)
                model.add(target: name, ts: ts, index: FamilyIndex(families), kind: kind)
            }
            await writer.write(observations, StoreBatch())
        }
        #expect(readByLayout == targets * (polls - 1))

        var stored: [SeriesKey: [Int64: Row]] = [:]
        for series in try store.series(target: nil) {
            let (id, key) = (series.id, series.key)
            let from = Self.start - 1
            let to = Self.start + Int64(polls * 5_000)
            var rows: [Int64: Row] = [:]
            switch key.kind {
            case .counter:
                for point in try store.counterSeries([id], from: from, to: to, step: 1) {
                    rows[point.ts] = .point(point.value)
                }
            case .gauge:
                for point in try store.gaugeSeries([id], from: from, to: to, step: 1) {
                    rows[point.ts] = .point(point.value)
                }
            case .histogram:
                for point in try store.histogramSeries([id], from: from, to: to, step: 1) {
                    rows[point.ts] = .histogram(
                        count: point.total.count,
                        sum: point.total.sum,
                        buckets: point.total.cumulativeCounts
                    )
                }
            }
            if !rows.isEmpty { stored[key] = rows }
        }
        let expected = model.rows.filter { !$0.value.isEmpty }
        #expect(stored.count == expected.count)
        for (key, rows) in expected {
            #expect(stored[key] == rows, "\(key.target) \(key.name){\(key.labels)}")
        }
        for key in stored.keys where expected[key] == nil {
            Issue.record("unexpected rows for \(key.target) \(key.name){\(key.labels)}")
        }
        // The data really exercise both rules: unchanged raw series skipped, canonical zeros kept.
        let rawCounters = model.rawCounterReadings
        #expect(model.skippedRawZeros > 0 && model.skippedRawZeros < rawCounters)
        #expect(model.canonicalZeros > 0)
        #expect(expected.values.contains { $0.values.contains { if case .histogram = $0 { true } else { false } } })
    }
}

/// The ingest rules restated over full parses: first poll of a target primes; counters and
/// histograms store increments (raw zeros skipped, canonical zeros kept, canonical series summed
/// over sources), gauges their values.
struct IngestModel {
    var rows: [SeriesKey: [Int64: IngestEquivalenceTests.Row]] = [:]
    var skippedRawZeros = 0
    var rawCounterReadings = 0
    var canonicalZeros = 0
    private var primed: Set<String> = []
    private var counters: [String: Double] = [:]
    private var histograms: [String: (buckets: [Double], count: Double, sum: Double)] = [:]

    mutating func add(target: String, ts: Int64, index: FamilyIndex, kind: ServerKind) {
        let isPrimed = primed.contains(target)
        defer { primed.insert(target) }
        for series in RawSeries.collect(index, target: target) {
            let state = "raw|\(series.key)"
            switch series.reading {
            case .counter(let value):
                guard let increment = counter(state, value, isPrimed) else { continue }
                rawCounterReadings += 1
                if increment == 0 { skippedRawZeros += 1 } else { put(series.key, ts, .point(increment)) }
            case .gauge(let value):
                put(series.key, ts, .point(value))
            case .histogram(_, let counts, let count, let sum):
                guard let increment = histogram(state, counts, count, sum, isPrimed) else { continue }
                if increment.count != 0 || increment.sum != 0 || increment.buckets.contains(where: { $0 != 0 }) {
                    put(
                        series.key,
                        ts,
                        .histogram(count: increment.count, sum: increment.sum, buckets: increment.buckets)
                    )
                }
            }
        }
        var order: [String] = []
        var groups: [String: [CanonicalSample]] = [:]
        for sample in ServerAdapters.adapter(for: kind).canonicalSamples(index) {
            let group = sample.metric.rawValue + "{" + sample.labels + "}"
            if groups[group] == nil { order.append(group) }
            groups[group, default: []].append(sample)
        }
        for group in order {
            guard let samples = groups[group], let first = samples.first else { continue }
            var bounds: [Double] = []
            if case .histogram(let upperBounds, _, _, _) = first.value { bounds = upperBounds }
            let key = SeriesKey(
                target: target,
                name: first.metric.rawValue,
                labels: first.labels,
                kind: first.metric.kind,
                bucketBounds: bounds
            )
            switch first.value {
            case .gauge(let value):
                if value.isFinite { put(key, ts, .point(value)) }
            case .counter:
                var total: Double?
                for sample in samples {
                    guard case .counter(let value) = sample.value,
                        let increment = counter("canonical|\(key)|\(sample.source)", value, isPrimed)
                    else { continue }
                    total = (total ?? 0) + increment
                }
                if let total {
                    if total == 0 { canonicalZeros += 1 }
                    put(key, ts, .point(total))
                }
            case .histogram:
                var merged: (buckets: [Double], count: Double, sum: Double)?
                for sample in samples {
                    guard case .histogram(let sampleBounds, let counts, let count, let sum) = sample.value,
                        sampleBounds == bounds,
                        let increment = histogram("canonical|\(key)|\(sample.source)", counts, count, sum, isPrimed)
                    else { continue }
                    if let sofar = merged {
                        merged = (
                            zip(sofar.buckets, increment.buckets).map { $0 + $1 }, sofar.count + increment.count,
                            sofar.sum + increment.sum
                        )
                    } else {
                        merged = increment
                    }
                }
                if let merged {
                    put(key, ts, .histogram(count: merged.count, sum: merged.sum, buckets: merged.buckets))
                }
            }
        }
    }

    private mutating func put(_ key: SeriesKey, _ ts: Int64, _ row: IngestEquivalenceTests.Row) {
        rows[key, default: [:]][ts] = row
    }

    private mutating func counter(_ state: String, _ value: Double, _ isPrimed: Bool) -> Double? {
        guard value.isFinite else { return nil }
        let previous = counters.updateValue(value, forKey: state) ?? (isPrimed ? 0 : nil)
        return CounterMath.increment(previous: previous, current: value)
    }

    private mutating func histogram(
        _ state: String,
        _ counts: [Double],
        _ count: Double,
        _ sum: Double,
        _ isPrimed: Bool
    ) -> (buckets: [Double], count: Double, sum: Double)? {
        guard counts.allSatisfy(\.isFinite), count.isFinite else { return nil }
        let previous =
            histograms.updateValue((counts, count, sum), forKey: state)
            ?? (isPrimed ? ([Double](repeating: 0, count: counts.count), 0, 0) : nil)
        guard let previous, previous.buckets.count == counts.count,
            let buckets = CounterMath.histogramIncrement(previous: previous.buckets, current: counts)
        else { return nil }
        let reset = count < previous.count || zip(previous.buckets, counts).contains { $1 < $0 }
        let sumIncrease = sum.isFinite ? (reset ? sum : sum - (previous.sum.isFinite ? previous.sum : 0)) : 0
        return (buckets, reset ? count : count - previous.count, sumIncrease)
    }
}

/// A fixture page whose counters and histograms advance per poll: each series gains 0–2 a poll (0
/// in a third of polls), a histogram's gain lands from its second bucket up in odd series, so
/// cumulative buckets stay consistent; gauges (not `_created`) move a little.
struct AdvancingFixture {
    let text: String

    init(_ bytes: [UInt8]) {
        text = String(decoding: bytes, as: UTF8.self)
    }

    func page(poll: Int, target: Int) -> [UInt8] {
        var types: [String: String] = [:]
        var bucketIndex: [String: Int] = [:]
        var out: [String] = []
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw)
            if line.hasPrefix("# TYPE ") {
                let words = line.split(separator: " ")
                if words.count >= 4 { types[String(words[2])] = String(words[3]) }
            }
            guard !line.isEmpty, !line.hasPrefix("#"), let space = line.lastIndex(of: " "),
                let value = Double(line[line.index(after: space)...]), value.isFinite
            else {
                out.append(line)
                continue
            }
            let head = String(line[..<space])
            let name = String(head.prefix { $0 != "{" })
            var gain: Double?
            if types[name] == "counter" {
                gain = Self.gain(seed: number + target, poll: poll)
            } else if types[name] == "gauge", !name.hasSuffix("_created") {
                gain = Double((poll + number) % 3) * 0.25
            } else if let base = ["_bucket", "_sum", "_count"].first(where: { name.hasSuffix($0) })
                .map({ String(name.dropLast($0.count)) }), types[base] == "histogram"
            {
                let series = base + Self.withoutBound(head)
                let seed = series.utf8.reduce(target) { ($0 &* 31 &+ Int($1)) & 0xFFFF }
                let total = Self.gain(seed: seed, poll: poll)
                if name.hasSuffix("_bucket") {
                    let index = bucketIndex[series, default: 0]
                    bucketIndex[series] = index + 1
                    gain = index == 0 && seed % 2 == 1 ? 0 : total
                } else {
                    gain = name.hasSuffix("_sum") ? total * 0.5 : total
                }
            }
            out.append(gain.map { head + " " + String(value + $0) } ?? line)
        }
        return Array(out.joined(separator: "\n").utf8)
    }

    /// Total gain after `poll` polls: 1 or 2 a poll, 0 when `(seed + poll) % 3 == 0`.
    static func gain(seed: Int, poll: Int) -> Double {
        var total = 0
        for step in stride(from: 1, through: poll, by: 1) where (seed + step) % 3 != 0 {
            total += 1 + (seed + step) % 2
        }
        return Double(total)
    }

    /// The label block without its `le` pair.
    static func withoutBound(_ head: String) -> String {
        guard let open = head.firstIndex(of: "{") else { return "" }
        let pairs = head[head.index(after: open)...].dropLast().split(separator: ",")
        return pairs.filter { !$0.hasPrefix("le=") }.joined(separator: ",")
    }
}
