/// Everything one collector tick writes; `Store.write(_:)` commits it in one transaction.
public struct StoreBatch: Sendable {
    /// Upserted by name.
    public var targets: [TargetRecord]
    public var counterIncrements: [PointRecord]
    public var gaugeValues: [PointRecord]
    public var histogramIncrements: [HistogramRecord]
    public var scrapes: [ScrapeRecord]
    public var versions: [VersionRecord]
    public var events: [EventRecord]

    public init(
        targets: [TargetRecord] = [],
        counterIncrements: [PointRecord] = [],
        gaugeValues: [PointRecord] = [],
        histogramIncrements: [HistogramRecord] = [],
        scrapes: [ScrapeRecord] = [],
        versions: [VersionRecord] = [],
        events: [EventRecord] = []
    ) {
        self.targets = targets
        self.counterIncrements = counterIncrements
        self.gaugeValues = gaugeValues
        self.histogramIncrements = histogramIncrements
        self.scrapes = scrapes
        self.versions = versions
        self.events = events
    }

    /// True when committing the batch would change nothing.
    public var isEmpty: Bool {
        targets.isEmpty && counterIncrements.isEmpty && gaugeValues.isEmpty && histogramIncrements.isEmpty
            && scrapes.isEmpty && versions.isEmpty && events.isEmpty
    }
}
