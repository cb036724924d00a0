import Store

/// When an experiment's always-valid test looks: every step of its store counters since the
/// start, the step growing with how long the experiment had run at that moment (5 s for the
/// first 20 minutes, … 1 d after 60 days).
///
/// A look's time depends only on the start, never on now, so the looks taken so far stay the
/// same as the experiment ages: the running minimum p-value can only fall and the always-valid
/// band only narrow, whenever and however often it is read. Each segment's bounds are multiples
/// of its step (and of the step before), so the store reads whole steps of one tier.
struct LookSchedule {
    /// Segments: how long the experiment has run when each ends (milliseconds), and its step;
    /// each has at most 240 looks.
    static let segments: [(until: Int64, step: Int64)] = [
        (20 * 60_000, 5_000), (40 * 60_000, 10_000), (2 * 3_600_000, 30_000), (4 * 3_600_000, 60_000),
        (20 * 3_600_000, 300_000), (60 * 3_600_000, 900_000), (10 * 86_400_000, 3_600_000),
        (60 * 86_400_000, 21_600_000), (Int64.max / 4, 86_400_000),
    ]

    let start: Int64
    let now: Int64
    /// Milliseconds raw rows are kept (the store's raw retention): looks over older time are
    /// taken hourly, from the hour tier, since finer rows are gone (and reading a week of minutes
    /// for every look would not be cheap either).
    let rawRetention: Int64

    init(start: Int64, now: Int64, rawRetention: Int64 = 48 * 3_600_000) {
        self.start = start
        self.now = now
        self.rawRetention = rawRetention
    }

    /// The step looks are taken at now.
    var currentStep: Int64 { ranges.last?.step ?? Self.segments[0].step }

    /// The segments from the start to now: `[from, to)` and the step; time older than the raw
    /// retention is one hourly segment.
    var ranges: [(from: Int64, to: Int64, step: Int64)] {
        var scheduled: [(from: Int64, to: Int64, step: Int64)] = []
        var from = start
        for (index, segment) in Self.segments.enumerated() where from <= now {
            let next = index + 1 < Self.segments.count ? Self.segments[index + 1].step : segment.step
            let (sum, overflow) = start.addingReportingOverflow(segment.until)
            let to = overflow ? Int64.max / 2 : alignUp(sum, next)
            if to > from { scheduled.append((from, to, segment.step)) }
            from = to
        }
        let horizon = now - rawRetention
        guard let index = scheduled.firstIndex(where: { $0.to > horizon }), horizon > start else { return scheduled }
        // The cut is a multiple of the step of the segment it falls in (and so of an hour when
        // that step is shorter), so both sides read whole steps.
        let segment = scheduled[index]
        let cut = max(segment.from, alignDown(horizon, max(segment.step, Self.hour)))
        guard cut > start else { return scheduled }
        var out: [(from: Int64, to: Int64, step: Int64)] = [(start, cut, Self.hour)]
        if segment.to > cut { out.append((cut, segment.to, segment.step)) }
        out += scheduled[(index + 1)...]
        return out
    }

    static let hour: Int64 = 3_600_000

    /// The latest look time at or before `time` that ends a whole step (a look every later
    /// schedule keeps), after the start; nil when there is none yet.
    func lastLook(atOrBefore time: Int64) -> Int64? {
        guard time > start else { return nil }
        for range in ranges.reversed() where range.from < time {
            let look = alignDown(min(time, range.to), range.step)
            if look > max(range.from, start) { return look }
            if range.from > start { return range.from }
        }
        return nil
    }

    /// Every counter row of `ids` per look: the look's time (the end of its step, at most now),
    /// the time its step starts (at least the start), the series and the sum of its increments.
    /// The first step, when the start falls inside it, is read exactly from the start; with
    /// `after`, only rows after it are read, and a step it falls inside is read exactly from it.
    func forEachStep(
        _ ids: [Int64],
        in view: StoreView,
        after: Int64? = nil,
        _ body: (_ look: Int64, _ stepStart: Int64, _ seriesID: Int64, _ sum: Double) throws -> Void
    ) throws {
        if ids.isEmpty { return }
        let begin = max(start, after ?? start)
        for range in ranges where range.to > begin {
            var from = max(range.from, begin)
            if from % range.step != 0 {
                // The start (or `after`) falls inside a step: that part is read exactly, as one look.
                let aligned = alignUp(from, range.step)
                let sums = try view.counterSums(ids, from: from - 1, to: min(aligned, now + 1) - 1)
                for id in ids {
                    if let sum = sums.total([id]) { try body(min(aligned, now), from, id, sum) }
                }
                from = aligned
            }
            guard from <= now, from < range.to else { continue }
            for row in try view.counterSteps(ids, from: from - 1, to: min(range.to - 1, now), step: range.step) {
                try body(min(row.ts + range.step, now), max(row.ts, start), row.seriesID, row.sum)
            }
        }
    }
}
