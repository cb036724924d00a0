import Config
import Store
import Vocabulary

/// Deployment statuses read from the store on demand: what `llmdeck status` and `status --json`
/// print, and the reference the console's remembered windows (`StatusWindows`) must equal.
public struct StatusReader: Sendable {
    public let store: Store
    /// Prices `costPerHour` (the configuration's `pricing:`).
    public let pricing: PriceTable

    public init(store: Store, pricing: PriceTable = PriceTable()) {
        self.store = store
        self.pricing = pricing
    }

    /// Status of every known deployment over the `window` milliseconds ending at `now`, by name.
    ///
    /// Fleet-wide: each canonical metric is read for all deployments at once (one grouped
    /// statement per tier and table), in one read transaction; the result equals
    /// `status(of:window:now:)` for each target.
    public func statuses(window: Int64, now: Int64) throws(StoreError) -> [DeploymentStatus] {
        let statuses = try store.read { view in
            try Self.statuses(of: try view.targets(), window: window, now: now, view)
        }
        return priced(statuses, at: now)
    }

    /// Status of `targets` (in that order), read fleet-wide as `statuses(window:now:)` does.
    public func statuses(
        of targets: [TargetRecord],
        window: Int64,
        now: Int64
    ) throws(StoreError)
        -> [DeploymentStatus]
    {
        if targets.isEmpty { return [] }
        return priced(
            try store.read { view in try Self.statuses(of: targets, window: window, now: now, view) },
            at: now
        )
    }

    /// `statuses` with their cost per hour at `now`.
    private func priced(_ statuses: [DeploymentStatus], at now: Int64) -> [DeploymentStatus] {
        statuses.map { status in
            var priced = status
            priced.price(with: pricing, at: now)
            return priced
        }
    }

    /// Status of one deployment: a handful of indexed window reads over its canonical series.
    public func status(of target: TargetRecord, window: Int64, now: Int64) throws(StoreError) -> DeploymentStatus {
        let from = windowStart(now: now, window: window)
        let latencyFrom = windowStart(now: now, window: latencyWindow(window, target))
        let store = self.store
        let series = try store.read { view in try view.canonicalSeries(of: [target]) }
        guard let canonical = series.first else {
            throw StoreError(operation: "read", path: store.path, message: "no canonical series read")
        }
        let inputs = StatusInputs(
            total: { ids in ids.isEmpty ? nil : try store.counterTotal(ids, from: from, to: now) },
            histogram: { layout in try store.histogramTotal(layout.ids, from: latencyFrom, to: now) },
            gauges: { ids in try store.latestGauges(ids, notBefore: from) },
            scrape: try store.lastScrape(target: target.name),
            identity: try store.latestVersion(target: target.name)
        )
        do {
            var status = try DeploymentStatus(target, canonical, window: window, inputs)
            status.price(with: pricing, at: now)
            return status
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(operation: "read", path: store.path, message: "\(error)")
        }
    }

    /// The fleet read in the open view: canonical series of every target, then one grouped read
    /// per metric kind (histograms: per latency window, one for most fleets).
    static func statuses(
        of targets: [TargetRecord],
        window: Int64,
        now: Int64,
        _ view: StoreView
    ) throws -> [DeploymentStatus] {
        let from = windowStart(now: now, window: window)
        let canonical = try view.canonicalSeries(of: targets)
        let sums = try view.counterSums(canonical.flatMap(DeploymentStatus.counterIDs), from: from, to: now)
        // The histograms to read, by the start of their latency window.
        var layouts: [Int64: [HistogramLayout]] = [:]
        var slot: [Int64: [HistogramLayout: Int]] = [:]
        let starts = targets.map { windowStart(now: now, window: latencyWindow(window, $0)) }
        for (start, series) in zip(starts, canonical) {
            for metric in DeploymentStatus.latencyMetrics {
                guard let layout = series.layout(of: metric), slot[start]?[layout] == nil else { continue }
                slot[start, default: [:]][layout] = layouts[start, default: []].count
                layouts[start, default: []].append(layout)
            }
        }
        var histograms: [Int64: [HistogramTotal?]] = [:]
        for (start, group) in layouts { histograms[start] = try view.histogramTotals(group, from: start, to: now) }
        let gauges = try view.latestGauges(canonical.flatMap(DeploymentStatus.gaugeIDs), notBefore: from)
        let names = targets.map(\.name)
        let scrapes = try view.newestScrapes(of: names)
        let identities = try view.newestVersions(of: names)
        return try zip(targets, canonical).enumerated().map { index, element in
            let (target, series) = element
            let start = starts[index]
            let inputs = StatusInputs(
                total: { ids in sums.total(ids) },
                histogram: { layout in slot[start]?[layout].flatMap { histograms[start]?[$0] } },
                gauges: { _ in gauges },
                scrape: scrapes[target.name],
                identity: identities[target.name]
            )
            return try DeploymentStatus(target, series, window: window, inputs)
        }
    }
}
