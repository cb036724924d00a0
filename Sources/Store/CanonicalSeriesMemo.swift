import GRDB
import Synchronization

/// Deployments' canonical series kept between fleet status reads.
///
/// Series rows are only ever added (never deleted or changed), each with a larger id than any
/// before it, so a deployment's remembered series are current unless a series with an id above
/// the largest one seen at the last read belongs to it: one `MAX(id)` lookup per read, and when
/// it moved, one range read of the new rows' targets, replace an index read and bounds decode
/// per deployment. A collector keeps adding series for a while (an error outcome seen for the
/// first time), so only the deployments that gained one are read again.
final class CanonicalSeriesMemo: Sendable {
    private struct Remembered {
        /// The store's largest series id at the last read.
        var newestID: Int64?
        var series: [String: CanonicalSeries] = [:]
    }

    private let remembered = Mutex(Remembered())

    init() {}

    /// The canonical series of `targets` (in that order) in the open read `db`.
    func series(of targets: [TargetRecord], _ db: Database) throws -> [CanonicalSeries] {
        try remembered.withLock { memory throws -> [CanonicalSeries] in
            let newest = try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(id) FROM series"))
            if newest != memory.newestID {
                if let seen = memory.newestID, let newest, newest > seen {
                    let statement = try db.cachedStatement(sql: "SELECT target FROM series WHERE id > ?")
                    for target in try String.fetchAll(statement, arguments: [seen]) {
                        memory.series[target] = nil
                    }
                } else {
                    memory.series = [:]
                }
                memory.newestID = newest
            }
            return try targets.map { target in
                if let series = memory.series[target.name] { return series }
                let series = try CanonicalSeries(target: target.name, db)
                memory.series[target.name] = series
                return series
            }
        }
    }
}
