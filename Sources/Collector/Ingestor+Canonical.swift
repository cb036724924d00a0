import Analysis
import Store
import Vocabulary

/// The canonical half of ingest: grouping a target's canonical samples into series (a plan kept
/// while the samples come in the same order) and their increments.
extension Ingestor {
    /// How the adapter's canonical samples of one target group into series, and the last
    /// cumulative value of each source, valid while the samples come in the same order.
    struct CanonicalPlan {
        var metrics: [CanonicalMetric] = []
        var labels: [String] = []
        var sources: [String] = []
        /// Sample positions of each series, in first-appearance order.
        var groups: [[Int]] = []
        /// Series id of each group; nil when the store refused it or could not be reached.
        var ids: [Int64?] = []
        /// Whether every group has an id (else the plan is made again next poll).
        var isComplete = true
        /// State slot of each sample: one per series and source.
        var slots: [Int] = []
        /// `"<id>|<source>"` of each slot, to carry values over to a new plan.
        var slotKeys: [String] = []
        var counters: [Double] = []
        var histograms: [HistogramState?] = []
        var retiredCounters: [String: Double] = [:]
        var retiredHistograms: [String: HistogramState] = [:]

        func fits(_ samples: [CanonicalSample]) -> Bool {
            guard isComplete, samples.count == metrics.count else { return false }
            // Through the buffer: the fields are compared in place, without copying each sample.
            return samples.withUnsafeBufferPointer { buffer in
                for position in buffer.indices
                where buffer[position].metric != metrics[position] || buffer[position].labels != labels[position]
                    || buffer[position].source != sources[position]
                {
                    return false
                }
                return true
            }
        }
    }

    static func addCanonical(
        _ observation: TargetObservation,
        _ state: inout TargetState,
        to batch: inout StoreBatch
    ) {
        let samples = observation.canonical
        let ts = observation.timestamp
        let primed = state.isPrimed
        for (group, members) in state.canonical.groups.enumerated() {
            guard let id = state.canonical.ids[group], let leader = members.first else { continue }
            switch samples[leader].value {
            case .gauge(let value):
                guard value.isFinite else { continue }
                batch.gaugeValues.append(PointRecord(seriesID: id, ts: ts, value: value))
            case .counter:
                var total: Double?
                for member in members {
                    guard case .counter(let current) = samples[member].value, current.isFinite else { continue }
                    let slot = state.canonical.slots[member]
                    let stored = state.canonical.counters[slot]
                    state.canonical.counters[slot] = current
                    let previous = stored.isNaN ? (primed ? 0 : nil) : stored
                    guard let increment = CounterMath.increment(previous: previous, current: current) else { continue }
                    total = (total ?? 0) + increment
                }
                if let total { batch.counterIncrements.append(PointRecord(seriesID: id, ts: ts, value: total)) }
            case .histogram(let bounds, _, _, _):
                var merged: HistogramState?
                for member in members {
                    guard case .histogram(let sampleBounds, let counts, let count, let sum) = samples[member].value,
                        sampleBounds == bounds,
                        let increment = histogramIncrement(
                            &state.canonical.histograms[state.canonical.slots[member]],
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

    /// Groups `samples` into canonical series (creating missing ones), and carries the remembered
    /// source values over from the previous plan.
    mutating func plan(_ samples: [CanonicalSample], target: String, slot: Int) {
        let old = states[slot].canonical
        var next = CanonicalPlan()
        next.metrics = samples.map(\.metric)
        next.labels = samples.map(\.labels)
        next.sources = samples.map(\.source)
        var groupOf: [String: Int] = [:]
        var names: [String] = []
        for (position, sample) in samples.enumerated() {
            let name = sample.metric.rawValue + "{" + sample.labels + "}"
            if let group = groupOf[name] {
                next.groups[group].append(position)
            } else {
                groupOf[name] = next.groups.count
                names.append(name)
                next.groups.append([position])
            }
        }
        let missing = names.indices.filter { states[slot].canonicalIDs[names[$0]] == nil }
        let keys = missing.map { group -> SeriesKey in
            let first = samples[next.groups[group][0]]
            var bounds: [Double] = []
            if case .histogram(let upperBounds, _, _, _) = first.value { bounds = upperBounds }
            return SeriesKey(
                target: target,
                name: first.metric.rawValue,
                labels: first.labels,
                kind: first.metric.kind,
                bucketBounds: bounds
            )
        }
        if !keys.isEmpty {
            for (group, id) in zip(missing, resolve(keys).ids) { states[slot].canonicalIDs[names[group]] = id }
        }
        next.ids = names.map { states[slot].canonicalIDs[$0] }
        next.isComplete = !next.ids.contains(nil)

        var counters = old.retiredCounters
        var histograms = old.retiredHistograms
        for (slot, key) in old.slotKeys.enumerated() where !key.isEmpty {
            if !old.counters[slot].isNaN { counters[key] = old.counters[slot] }
            if let histogram = old.histograms[slot] { histograms[key] = histogram }
        }
        var slotOf: [String: Int] = [:]
        next.slots = [Int](repeating: 0, count: samples.count)
        for (group, members) in next.groups.enumerated() {
            for member in members {
                let key = next.ids[group].map { String($0) + "|" + samples[member].source } ?? ""
                if !key.isEmpty, let slot = slotOf[key] {
                    next.slots[member] = slot
                    continue
                }
                if !key.isEmpty { slotOf[key] = next.slotKeys.count }
                next.slots[member] = next.slotKeys.count
                next.slotKeys.append(key)
                next.counters.append(key.isEmpty ? .nan : counters.removeValue(forKey: key) ?? .nan)
                next.histograms.append(key.isEmpty ? nil : histograms.removeValue(forKey: key))
            }
        }
        next.retiredCounters = counters
        next.retiredHistograms = histograms
        states[slot].canonical = next
    }
}
