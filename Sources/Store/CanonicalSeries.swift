import Foundation
import GRDB
import Vocabulary

/// One deployment's canonical (`llmdeck:`) series: ids per `name|labels` in id order, with the
/// kind and bucket bounds the histogram layout rule needs.
public struct CanonicalSeries: Sendable {
    private var ids: [String: [Int64]] = [:]
    private var descriptions: [Int64: (kind: SeriesKind, bounds: [Double])] = [:]

    /// From `(id, key)` pairs in id order; non-canonical names are ignored.
    init(_ series: [(id: Int64, key: SeriesKey)]) {
        for (id, key) in series where key.name.hasPrefix(CanonicalMetric.namePrefix) {
            ids[key.name + "|" + key.labels, default: []].append(id)
            descriptions[id] = (key.kind, key.bucketBounds)
        }
    }

    /// Reads `target`'s canonical series in an open read: a seek of the `(target, name, labels)`
    /// index over the names starting with the prefix.
    init(target: String, _ db: Database) throws {
        let statement = try db.cachedStatement(
            sql:
                "SELECT id, name, labels, kind, bucket_bounds FROM series WHERE target = ? AND name >= ? AND name < ? ORDER BY id"
        )
        let rows = try Row.fetchAll(statement, arguments: [target, Self.nameRange.lower, Self.nameRange.upper])
        self.init(
            rows.map { row in
                let kind: Int = row[3]
                let bounds: Data = row[4]
                let key = SeriesKey(
                    target: target,
                    name: row[1],
                    labels: row[2],
                    kind: SeriesKind(rawValue: kind) ?? .gauge,
                    bucketBounds: BucketCodec.decode(bounds)
                )
                return (id: row[0], key: key)
            }
        )
    }

    /// Names with the canonical prefix sort in `[lower, upper)` (byte order): the prefix, and
    /// the prefix with its last byte incremented (`llmdeck:` → `llmdeck;`).
    static let nameRange: (lower: String, upper: String) = {
        var bytes = Array(CanonicalMetric.namePrefix.utf8)
        if let last = bytes.popLast() { bytes.append(last &+ 1) }
        return (CanonicalMetric.namePrefix, String(decoding: bytes, as: UTF8.self))
    }()

    /// Ids of `metric` with exactly `labels`, in id order.
    public func ids(_ metric: CanonicalMetric, _ labels: String = "") -> [Int64] {
        ids[metric.rawValue + "|" + labels] ?? []
    }

    /// The layout `metric`'s window histogram merges: the bounds of its first histogram series and
    /// the series with exactly those bounds; nil when it has none.
    public func layout(of metric: CanonicalMetric, _ labels: String = "") -> HistogramLayout? {
        Store.histogramLayout(ids(metric, labels), describe: describe).map {
            HistogramLayout(bounds: $0.bounds, ids: $0.ids)
        }
    }

    /// Kind and bounds of a canonical series of this deployment.
    func describe(_ id: Int64) -> (kind: SeriesKind, bounds: [Double])? {
        descriptions[id]
    }
}
