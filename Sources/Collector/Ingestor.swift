import Analysis
import Exposition
import Store

/// Turns observations into one `StoreBatch`: cumulative counters and histogram buckets become
/// increments since the previous poll (resets handled here, once), gauges are stored as values.
/// A raw counter or histogram that did not change writes no row; canonical series always do.
///
/// A target's first poll only primes. A series that first appears in a later poll of an already primed
/// target started from zero since that poll (servers create labelled series lazily, on their first
/// increment; TGI adds whole families that way), so its whole value is its increment. Raw families are stored under their own names; canonical values are
/// summed over their sources after each source's increment is taken.
struct Ingestor {
    let store: Store
    /// Last cumulative values of raw series, by series id.
    private var previousCounters: [Int64: Double] = [:]
    private var previousHistograms: [Int64: HistogramState] = [:]
    /// Last cumulative values of each source of a canonical series (`"<id>|<source>"`).
    private var previousSourceCounters: [String: Double] = [:]
    private var previousSourceHistograms: [String: HistogramState] = [:]
    /// Targets whose series have been seen at least once.
    private var primedTargets: Set<String> = []
    /// Series the store refused (same name and labels stored with another kind or bucket layout);
    /// skipped from then on so one changed series never costs the rest of the scrape.
    private var rejected: Set<SeriesKey> = []
    /// Canonical series ids per target, by `"<metric>{<labels>}"`: the store keeps only recent keys.
    private var canonicalIDs: [String: [String: Int64]] = [:]
    /// Raw series ids per target for the layout they were resolved for.
    private var resolvedLayouts: [String: (generation: UInt64, ids: [Int64?])] = [:]
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
        guard observation.raw != nil || !observation.families.isEmpty || !observation.canonical.isEmpty else { return }
        defer { primedTargets.insert(observation.target) }
        let primed = primedTargets.contains(observation.target)
        let ts = observation.timestamp
        var layout = observation.raw
        var values = observation.rawValues
        if layout == nil { (layout, values) = RawLayout.withValues(of: observation.index, target: observation.target) }
        guard let layout else { return }
        let ids = rawSeriesIDs(layout, target: observation.target)
        for (entry, id) in zip(layout.entries, ids) {
            guard let id, let reading = layout.reading(entry, values) else { continue }
            switch reading {
            case .counter(let current):
                // A raw series that did not move writes no row (a missing row reads as no
                // increase); canonical series below keep their zero rows, so `status` shows 0.
                if let increment = counterIncrement(&previousCounters, id, current, primed: primed), increment != 0 {
                    batch.counterIncrements.append(PointRecord(seriesID: id, ts: ts, value: increment))
                }
            case .gauge(let current):
                batch.gaugeValues.append(PointRecord(seriesID: id, ts: ts, value: current))
            case .histogram(_, let counts, let count, let sum):
                if let record = histogramIncrement(&previousHistograms, id, counts, count, sum, primed: primed),
                    record.count != 0 || record.sum != 0 || record.buckets.contains(where: { $0 != 0 })
                {
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
        var known = canonicalIDs[observation.target] ?? [:]
        let missing = order.filter { known[$0] == nil }
        let keys = missing.compactMap { group -> SeriesKey? in
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
        if !keys.isEmpty {
            for (group, id) in zip(missing, resolve(keys).ids) { known[group] = id }
            canonicalIDs[observation.target] = known
        }
        for group in order {
            guard let id = known[group], let samples = groups[group], let first = samples.first else { continue }
            switch first.value {
            case .gauge(let value):
                guard value.isFinite else { continue }
                batch.gaugeValues.append(PointRecord(seriesID: id, ts: ts, value: value))
            case .counter:
                var total: Double?
                for sample in samples {
                    guard case .counter(let current) = sample.value,
                        let increment = counterIncrement(
                            &previousSourceCounters,
                            String(id) + "|" + sample.source,
                            current,
                            primed: primed
                        )
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
                            &previousSourceHistograms,
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

    /// Series ids of a layout's entries, resolved once per layout and target while it holds.
    private mutating func rawSeriesIDs(_ layout: RawLayout, target: String) -> [Int64?] {
        if let known = resolvedLayouts[target], known.generation == layout.generation { return known.ids }
        let (ids, complete) = resolve(layout.entries.map(\.key))
        if complete { resolvedLayouts[target] = (layout.generation, ids) }
        return ids
    }

    /// Series ids for `keys`, creating missing series in one transaction; nil for a series the store
    /// refuses (logged once) or when the store cannot be reached (logged). `complete` is false when
    /// some were looked up one by one after the batch failed (worth trying again next time).
    private mutating func resolve(_ keys: [SeriesKey]) -> (ids: [Int64?], complete: Bool) {
        let usable = keys.map { rejected.contains($0) ? nil : $0 }
        if let ids = try? store.seriesIDs(for: usable.compactMap { $0 }) {
            var next = ids.makeIterator()
            return (usable.map { $0 == nil ? nil : next.next() }, true)
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
        return (ids, false)
    }

    /// Increase of a cumulative counter since its previous poll; nil when it only primes, or on a NaN.
    private func counterIncrement<Key: Hashable>(
        _ memory: inout [Key: Double],
        _ state: Key,
        _ current: Double,
        primed: Bool
    ) -> Double? {
        guard current.isFinite else { return nil }
        let previous = memory.updateValue(current, forKey: state) ?? (primed ? 0 : nil)
        return CounterMath.increment(previous: previous, current: current)
    }

    /// Per-bucket, count and sum increases; a decrease of the count or any bucket is a reset, after
    /// which the current values are the increase.
    private func histogramIncrement<Key: Hashable>(
        _ memory: inout [Key: HistogramState],
        _ state: Key,
        _ counts: [Double],
        _ count: Double,
        _ sum: Double,
        primed: Bool
    ) -> HistogramState? {
        guard counts.allSatisfy(\.isFinite), count.isFinite else { return nil }
        let previous =
            memory.updateValue(HistogramState(buckets: counts, count: count, sum: sum), forKey: state)
            ?? (primed ? HistogramState(buckets: Array(repeating: 0, count: counts.count), count: 0, sum: 0) : nil)
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
