/// How a series' values are stored and combined.
public enum SeriesKind: Int, Sendable, CaseIterable {
    /// Increments since the previous scrape; windows add them.
    case counter = 0
    /// Values as observed; windows take the latest, mean, min or max.
    case gauge = 1
    /// Per-bucket increments of a classic histogram; windows add them bucket by bucket.
    case histogram = 2
}
