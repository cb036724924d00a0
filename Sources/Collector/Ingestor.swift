import Analysis
import Exposition
import Store

/// Turns observations into one `StoreBatch`: cumulative counters and histogram buckets become
/// increments since the previous poll (resets handled here, once), gauges are stored as values.
///
/// A target's first poll only primes. A series that first appears in a later poll of an already primed
/// target started from zero since that poll (servers create labelled series lazily, on their first
/// increment; TGI adds whole families that way), so its whole value is its increment. Raw families are stored under their own names; canonical values are
/// summed over their sources after each source's increment is taken.
struct Ingestor {
    let store: Store
    private var previousCounters: [String: Double] = [:]
    private var previousHistograms: [String: HistogramState] = [:]
    /// Targets whose series have been seen at least once.
    private var primedTargets: Set<String> = []
    /// Series the store refused (same name and labels stored with another kind or bucket layout);
    /// skipped from then on so one changed series never costs the rest of the scrape.
    private var rejected: Set<SeriesKey> = []
    /// Problems to log, drained by the writer.
    var warnings: [String] = []

    struct HistogramState {
        var buckets: [Double]
        var count: Double
        var sum: Double
    }

    init(store: Store) {
        self.store = store
    }

    /// Adds the series values of `observation` to `batch`.
    mutating func add(_ observation: TargetObservation, to batch: inout StoreBatch) {
        guard !observation.families.isEmpty || !observation.canonical.isEmpty else { return }
        defer { primedTargets.insert(observation.target) }
        let primed = primedTargets.contains(observation.target)
        let ts = observation.timestamp
        let raw = RawSeries.collect(observation.families, target: observation.target)
        for (value, id) in zip(raw, resolve(raw.map(\.key))) {
            guard let id else { continue }
            let state = String(id)
            switch value.reading {
            case .counter(let current):
                if let increment = counterIncrement(state, current, primed: primed) {
                    batch.counterIncrements.append(PointRecord(seriesID: id, ts: ts, value: increment))
                }
            case .gauge(let current):
                batch.gaugeValues.append(PointRecord(seriesID: id, ts: ts, value: current))
            case .histogram(_, let counts, let count, let sum):
                if let record = histogramIncrement(state, counts, count, sum, primed: primed) {
                    batch.histogramIncrements.append(
                        HistogramRecord(
                            seriesID: id,
                            ts: ts,
                            count: record.count,
                            sum: record.sum,
                            buckets: record.buckets
                        )
                    )
                }
            }
        }
        addCanonical(observation, primed: primed, to: &batch)
    }

    private mutating func addCanonical(
        _ observation: TargetObservation,
        primed: Bool,
        to batch: inout StoreBatch
    ) {
        let ts = observation.timestamp
        var groups: [String: [CanonicalSample]] = [:]
        var order: [String] = []
        for sample in observation.canonical {
            let group = sample.metric.rawValue + "{" + sample.labels + "}"
            if groups[group] == nil { order.append(group) }
            groups[group, default: []].append(sample)
        }
        let keys = order.compactMap { group -> SeriesKey? in
            guard let first = groups[group]?.first else { return nil }
            var bounds: [Double] = []
            if case .histogram(let upperBounds, _, _, _) = first.value { bounds = upperBounds }
            return SeriesKey(
                target: observation.target,
                name: first.metric.rawValue,
                labels: first.labels,
                kind: first.metric.kind,
                bucketBounds: bounds
            )
        }
        for (group, id) in zip(order, resolve(keys)) {
            guard let id, let samples = groups[group], let first = samples.first else { continue }
            switch first.value {
            case .gauge(let value):
                guard value.isFinite else { continue }
                batch.gaugeValues.append(PointRecord(seriesID: id, ts: ts, value: value))
            case .counter:
                var total: Double?
                for sample in samples {
                    guard case .counter(let current) = sample.value,
                        let increment = counterIncrement(String(id) + "|" + sample.source, current, primed: primed)
                    else { continue }
                    total = (total ?? 0) + increment
                }
                if let total { batch.counterIncrements.append(PointRecord(seriesID: id, ts: ts, value: total)) }
            case .histogram(let bounds, _, _, _):
                var merged: HistogramState?
                for sample in samples {
                    guard case .histogram(let sampleBounds, let counts, let count, let sum) = sample.value,
                        sampleBounds == bounds,
                        let increment = histogramIncrement(
                            String(id) + "|" + sample.source,
                            counts,
                            count,
                            sum,
                            primed: primed
                        )
                    else { continue }
                    if var sofar = merged {
                        sofar.buckets = zip(sofar.buckets, increment.buckets).map { $0 + $1 }
                        sofar.count += increment.count
                        sofar.sum += increment.sum
                        merged = sofar
                    } else {
                        merged = increment
                    }
                }
                if let merged {
                    batch.histogramIncrements.append(
                        HistogramRecord(
                            seriesID: id,
                            ts: ts,
                            count: merged.count,
                            sum: merged.sum,
                            buckets: merged.buckets
                        )
                    )
                }
            }
        }
    }

    /// Series ids for `keys`, creating missing series in one transaction; nil for a series the store
    /// refuses (logged once) or when the store cannot be reached (logged).
    private mutating func resolve(_ keys: [SeriesKey]) -> [Int64?] {
        let usable = keys.map { rejected.contains($0) ? nil : $0 }
        if let ids = try? store.seriesIDs(for: usable.compactMap { $0 }) {
            var next = ids.makeIterator()
            return usable.map { $0 == nil ? nil : next.next() }
        }
        var ids: [Int64?] = []
        for key in usable {
            guard let key else {
                ids.append(nil)
                continue
            }
            do {
                ids.append(try store.seriesID(for: key))
            } catch {
                if error.message.contains("already exists") { rejected.insert(key) }
                warnings.append("\(key.target): series \(key.name){\(key.labels)} not stored: \(error)")
                ids.append(nil)
            }
        }
        return ids
    }

    /// Increase of a cumulative counter since its previous poll; nil when it only primes, or on a NaN.
    private mutating func counterIncrement(_ state: String, _ current: Double, primed: Bool) -> Double? {
        guard current.isFinite else { return nil }
        let previous = previousCounters[state] ?? (primed ? 0 : nil)
        previousCounters[state] = current
        return CounterMath.increment(previous: previous, current: current)
    }

    /// Per-bucket, count and sum increases; a decrease of the count or any bucket is a reset, after
    /// which the current values are the increase.
    private mutating func histogramIncrement(
        _ state: String,
        _ counts: [Double],
        _ count: Double,
        _ sum: Double,
        primed: Bool
    ) -> HistogramState? {
        guard counts.allSatisfy(\.isFinite), count.isFinite else { return nil }
        let zero = HistogramState(buckets: counts.map { _ in 0 }, count: 0, sum: 0)
        let previous = previousHistograms[state] ?? (primed ? zero : nil)
        previousHistograms[state] = HistogramState(buckets: counts, count: count, sum: sum)
        guard let previous, previous.buckets.count == counts.count,
            let buckets = CounterMath.histogramIncrement(previous: previous.buckets, current: counts)
        else { return nil }
        let reset = count < previous.count || zip(previous.buckets, counts).contains { $1 < $0 }
        let sumIncrease = sum.isFinite ? (reset ? sum : sum - (previous.sum.isFinite ? previous.sum : 0)) : 0
        return HistogramState(
            buckets: buckets,
            count: reset ? count : count - previous.count,
            sum: sumIncrease
        )
    }
}
