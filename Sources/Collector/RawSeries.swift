import Exposition
import Store

/// The raw series of one scrape, one value per series key (a series exposed twice keeps the last).
struct RawSeries: Equatable {
    enum Reading: Equatable {
        case counter(Double)
        case gauge(Double)
        case histogram(upperBounds: [Double], cumulativeCounts: [Double], count: Double, sum: Double)
    }

    var key: SeriesKey
    var reading: Reading

    /// Every raw series of `index` with its value (see `RawLayout` for the rules).
    static func collect(_ index: FamilyIndex, target: String) -> [RawSeries] {
        let (layout, values) = RawLayout.withValues(of: index, target: target)
        return layout.entries.compactMap { entry in
            layout.reading(entry, values).map { RawSeries(key: entry.key, reading: $0) }
        }
    }
}
