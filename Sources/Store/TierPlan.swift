/// Splits a time range into pieces read from the coarsest tier that holds them completely.
///
/// Rollup rows are exact sums of raw rows, so adding the pieces gives the same total as reading
/// raw rows alone, whatever mix of tiers the watermarks allow.
enum TierPlan {
    /// Pieces covering raw timestamps `[start, end)` for a window total.
    ///
    /// Whole hours below the hour watermark come from 1-hour rows, whole minutes below the minute
    /// watermark from 1-minute rows, everything else from raw rows.
    static func window(start: Int64, end: Int64, watermarks: Watermarks) -> [TierSegment] {
        guard end > start else { return [] }
        let hour = RollupTier.hour.resolution
        let hourStart = alignUp(start, hour)
        let hourEnd = min(alignDown(end, hour), watermarks.hour)
        guard hourEnd > hourStart else {
            return minutes(start: start, end: end, watermarks: watermarks)
        }
        return minutes(start: start, end: hourStart, watermarks: watermarks)
            + [TierSegment(tier: .hour, start: hourStart, end: hourEnd)]
            + minutes(start: hourEnd, end: end, watermarks: watermarks)
    }

    private static func minutes(start: Int64, end: Int64, watermarks: Watermarks) -> [TierSegment] {
        guard end > start else { return [] }
        let minute = RollupTier.minute.resolution
        let minuteStart = alignUp(start, minute)
        let minuteEnd = min(alignDown(end, minute), watermarks.minute)
        guard minuteEnd > minuteStart else { return [TierSegment(tier: .raw, start: start, end: end)] }
        return [
            TierSegment(tier: .raw, start: start, end: minuteStart),
            TierSegment(tier: .minute, start: minuteStart, end: minuteEnd),
            TierSegment(tier: .raw, start: minuteEnd, end: end),
        ]
        .filter { $0.end > $0.start }
    }

    /// Pieces covering `[start, end)` (both multiples of `step`) for a per-step series.
    ///
    /// Only tiers whose resolution divides `step` are used, so every step is made of whole rows;
    /// the watermarks are multiples of their tier, so a step split between two tiers stays exact.
    static func steps(start: Int64, end: Int64, step: Int64, watermarks: Watermarks) -> [TierSegment] {
        guard end > start else { return [] }
        var segments: [TierSegment] = []
        var cursor = start
        for tier in [RollupTier.hour, .minute] where step % tier.resolution == 0 {
            let tierEnd = min(end, watermarks.watermark(of: tier))
            if tierEnd > cursor {
                segments.append(TierSegment(tier: tier, start: cursor, end: tierEnd))
                cursor = tierEnd
            }
        }
        if end > cursor {
            segments.append(TierSegment(tier: .raw, start: cursor, end: end))
        }
        return segments
    }
}
