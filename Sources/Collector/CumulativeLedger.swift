/// Keeps sums of cumulative values monotonic across the restart of one of their members.
///
/// A Prometheus source reads a deployment's counters and histogram buckets summed over its replicas.
/// When one replica restarts, its counters start again from zero and the sum drops; the collector would
/// read the drop as a counter reset and count the whole new sum as one interval's increase. The ledger
/// hands the collector a running total instead: each read adds what the sum gained since the previous
/// read, and a read where any member of a group fell adds nothing (that interval's traffic is unknown,
/// and it is never invented). A group is one counter, or one histogram's buckets and sum together, so a
/// histogram's increments stay consistent across its buckets.
struct CumulativeLedger {
    private var last: [String: [Double]] = [:]
    private var totals: [String: [Double]] = [:]
    /// Reads where a group fell, since the ledger was made.
    private(set) var drops = 0

    /// The running totals of the group `key` after a read of its current sums `values`.
    mutating func advance(_ key: String, _ values: [Double]) -> [Double] {
        guard let previous = last[key], var total = totals[key], previous.count == values.count else {
            last[key] = values
            totals[key] = values
            return values
        }
        last[key] = values
        var fell = false
        for (now, before) in zip(values, previous) where now.isFinite && before.isFinite {
            // Float noise of a sum over replicas is not a drop.
            if now < before - max(1e-9, abs(before) * 1e-12) { fell = true }
        }
        if fell {
            drops += 1
            return total
        }
        for position in values.indices where values[position].isFinite && previous[position].isFinite {
            total[position] += max(0, values[position] - previous[position])
        }
        totals[key] = total
        return total
    }
}
