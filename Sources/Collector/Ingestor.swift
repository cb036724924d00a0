import Analysis
import Exposition
import Store

/// Turns observations into one `StoreBatch`: cumulative counters and histogram buckets become
/// increments since the previous poll (resets handled here, once), gauges are stored as values.
/// A raw counter or histogram that did not change writes no row; canonical series always do.
///
/// A target's first poll only primes. A series that first appears in a later poll of an already primed
/// target started from zero since that poll (servers create labelled series lazily, on their first
/// increment; TGI adds whole families that way), so its whole value is its increment. Raw families
/// are stored under their own names; canonical values are summed over their sources after each
/// source's increment is taken.
///
/// Runs on every poll of every target (about 200 a second at 1,000 targets), so what is remembered
/// between polls is kept per target in arrays aligned with the target's raw layout and canonical
/// sample order: while a page keeps its layout (the usual case), a poll costs no dictionary lookup
/// or string building per series. A layout or sample order change moves the remembered values
/// over by series id (raw) or by `"<id>|<source>"` (canonical), as if they were kept in maps.
struct Ingestor {
    let store: Store
    /// Each target's state, by position in `states` (kept in place: mutated through `&states[slot]`).
    private var slots: [String: Int] = [:]
    var states: [TargetState] = []
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

    /// What is remembered of one target between polls.
    struct TargetState {
        var isPrimed = false
        /// The layout generation `ids` were resolved for; nil when some failed (resolve again).
        var generation: UInt64?
        /// Series id of each raw layout entry; nil when the store refused it.
        var ids: [Int64?] = []
        /// Last cumulative value of each entry's counter; NaN when there is none.
        var counters: [Double] = []
        var histograms: [HistogramState?] = []
        /// Last values of raw series that left the layout, by id, in case they come back.
        var retiredCounters: [Int64: Double] = [:]
        var retiredHistograms: [Int64: HistogramState] = [:]
        var canonical = CanonicalPlan()
        /// Canonical series ids by `"<metric>{<labels>}"`: the store keeps only recent keys.
        var canonicalIDs: [String: Int64] = [:]
    }

    init(store: Store) {
        self.store = store
    }

    /// Adds the series values of `observation` to `batch`.
    mutating func add(_ observation: TargetObservation, to batch: inout StoreBatch) {
        guard observation.raw != nil || !observation.families.isEmpty || !observation.canonical.isEmpty else { return }
        let slot: Int
        if let known = slots[observation.target] {
            slot = known
        } else {
            slot = states.count
            slots[observation.target] = slot
            states.append(TargetState())
        }
        defer { states[slot].isPrimed = true }
        var layout = observation.raw
        var values = observation.rawValues
        if layout == nil { (layout, values) = RawLayout.withValues(of: observation.index, target: observation.target) }
        guard let layout else { return }
        if states[slot].generation != layout.generation {
            let (ids, complete) = resolve(layout.entries.map(\.key))
            Self.adopt(ids, generation: complete ? layout.generation : nil, in: &states[slot])
        }
        Self.addRaw(layout, values, observation.timestamp, &states[slot], to: &batch)
        if !states[slot].canonical.fits(observation.canonical) {
            plan(observation.canonical, target: observation.target, slot: slot)
        }
        Self.addCanonical(observation, &states[slot], to: &batch)
    }

    /// Moves the remembered raw values over to a layout whose entries have `ids`.
    private static func adopt(_ ids: [Int64?], generation: UInt64?, in state: inout TargetState) {
        var counters = state.retiredCounters
        var histograms = state.retiredHistograms
        for (id, value) in zip(state.ids, state.counters) where !value.isNaN {
            if let id { counters[id] = value }
        }
        for (id, histogram) in zip(state.ids, state.histograms) {
            if let id, let histogram { histograms[id] = histogram }
        }
        state.counters = ids.map { id in id.flatMap { counters.removeValue(forKey: $0) } ?? .nan }
        state.histograms = ids.map { id in id.flatMap { histograms.removeValue(forKey: $0) } }
        state.retiredCounters = counters
        state.retiredHistograms = histograms
        state.ids = ids
        state.generation = generation
    }

    private static func addRaw(
        _ layout: RawLayout,
        _ values: [Double],
        _ ts: Int64,
        _ state: inout TargetState,
        to batch: inout StoreBatch
    ) {
        let primed = state.isPrimed
        for index in layout.entries.indices {
            guard let id = state.ids[index] else { continue }
            switch layout.entries[index].shape {
            case .counter(let at):
                let current = values[at]
                guard current.isFinite else { continue }
                let stored = state.counters[index]
                state.counters[index] = current
                // A raw series that did not move writes no row (a missing row reads as no
                // increase); canonical series keep their zero rows, so `status` shows 0.
                let previous = stored.isNaN ? (primed ? 0 : nil) : stored
                if let increment = CounterMath.increment(previous: previous, current: current), increment != 0 {
                    batch.counterIncrements.append(PointRecord(seriesID: id, ts: ts, value: increment))
                }
            case .gauge(let at):
                let current = values[at]
                if current.isFinite { batch.gaugeValues.append(PointRecord(seriesID: id, ts: ts, value: current)) }
            case .histogram(_, let positions, let sum, let count):
                if let record = rawHistogram(
                    positions,
                    sum: sum,
                    count: count,
                    values,
                    &state.histograms[index],
                    id: id,
                    ts: ts,
                    primed: primed
                ) {
                    batch.histogramIncrements.append(record)
                }
            }
        }
    }

    /// The increment record of a raw histogram read straight from the page's values, updating the
    /// remembered buckets in place; nil when it only primes or nothing moved. Same rules as
    /// `histogramIncrement`; buckets on consecutive lines (nearly always) are checked and
    /// subtracted in two passes without building the reading's arrays.
    private static func rawHistogram(
        _ positions: RawLayout.BucketPositions,
        sum sumAt: Int?,
        count countAt: Int?,
        _ values: [Double],
        _ memory: inout HistogramState?,
        id: Int64,
        ts: Int64,
        primed: Bool
    ) -> HistogramRecord? {
        guard case .run(let first, let bucketCount) = positions, var previous = memory,
            previous.buckets.count == bucketCount, bucketCount > 0, first >= 0, first + bucketCount <= values.count
        else {
            // First sighting, a changed bucket count or scattered bucket lines: the general rules.
            let counts = positions.values(values)
            guard let last = counts.last else { return nil }
            let count = countAt.map { values[$0] } ?? last
            guard
                let increment = histogramIncrement(
                    &memory,
                    counts,
                    count,
                    sumAt.map { values[$0] } ?? 0,
                    primed: primed
                )
            else { return nil }
            return Self.record(increment, id: id, ts: ts)
        }
        let count = countAt.map { values[$0] } ?? values[first + bucketCount - 1]
        let sum = sumAt.map { values[$0] } ?? 0
        guard count.isFinite else { return nil }
        var decreased = false
        var moved = false
        var nonZero = false
        let isFinite = values.withUnsafeBufferPointer { page in
            previous.buckets.withUnsafeBufferPointer { before in
                for bucket in 0..<bucketCount {
                    let current = page[first + bucket]
                    guard current.isFinite else { return false }
                    decreased = decreased || current < before[bucket]
                    moved = moved || current != before[bucket]
                    nonZero = nonZero || current != 0
                }
                return true
            }
        }
        guard isFinite else { return nil }
        memory = nil  // `previous` is now the buckets' only owner: updated in place below
        let reset = count < previous.count || decreased
        let countIncrease = reset ? count : count - previous.count
        let sumIncrease = sum.isFinite ? (reset ? sum : sum - (previous.sum.isFinite ? previous.sum : 0)) : 0
        // A bucket's increment is nonzero when it moved, or, after a decrease, when it is not zero.
        let writes = countIncrease != 0 || sumIncrease != 0 || (decreased ? nonZero : moved)
        var record: HistogramRecord?
        values.withUnsafeBufferPointer { page in
            previous.buckets.withUnsafeMutableBufferPointer { before in
                guard writes else {
                    for bucket in 0..<bucketCount { before[bucket] = page[first + bucket] }
                    return
                }
                let buckets = [Double](unsafeUninitializedCapacity: bucketCount) { increments, initialized in
                    for bucket in 0..<bucketCount {
                        let current = page[first + bucket]
                        increments[bucket] = decreased ? current : current - before[bucket]
                        before[bucket] = current
                    }
                    initialized = bucketCount
                }
                record = HistogramRecord(seriesID: id, ts: ts, count: countIncrease, sum: sumIncrease, buckets: buckets)
            }
        }
        previous.count = count
        previous.sum = sum
        memory = previous
        return record
    }

    /// A raw histogram's increment as a record, unless nothing moved.
    private static func record(_ increment: HistogramState, id: Int64, ts: Int64) -> HistogramRecord? {
        guard increment.count != 0 || increment.sum != 0 || increment.buckets.contains(where: { $0 != 0 }) else {
            return nil
        }
        return HistogramRecord(
            seriesID: id,
            ts: ts,
            count: increment.count,
            sum: increment.sum,
            buckets: increment.buckets
        )
    }

    /// Series ids for `keys`, creating missing series in one transaction; nil for a series the store
    /// refuses (logged once) or when the store cannot be reached (logged). `complete` is false when
    /// some were looked up one by one after the batch failed (worth trying again next time).
    mutating func resolve(_ keys: [SeriesKey]) -> (ids: [Int64?], complete: Bool) {
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

    /// Per-bucket, count and sum increases; a decrease of the count or any bucket is a reset, after
    /// which the current values are the increase. `memory` holds the previous reading (nil: none;
    /// a primed target's new series counts from zero) and is replaced by this one.
    static func histogramIncrement(
        _ memory: inout HistogramState?,
        _ counts: [Double],
        _ count: Double,
        _ sum: Double,
        primed: Bool
    ) -> HistogramState? {
        guard counts.allSatisfy(\.isFinite), count.isFinite else { return nil }
        let stored = memory
        memory = HistogramState(buckets: counts, count: count, sum: sum)
        let previous =
            stored
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
