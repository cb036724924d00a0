import Config
import Foundation
import HTTP
import Store

/// The single owner of ingest state and store writes, apart from the collector's bookkeeping so that
/// observations keep arriving while a batch is being built and committed.
///
/// Public so that `llmdeck-bench store --collector-ticks` drives the collector's exact write path
/// (ingest state, series-id resolution, one transaction per tick) without polling a network.
public actor StoreWriter {
    let store: Store
    let log: @Sendable (String) -> Void
    private var ingestor: Ingestor
    public private(set) var batchesWritten = 0

    public init(store: Store, log: @escaping @Sendable (String) -> Void) {
        self.store = store
        self.log = log
        ingestor = Ingestor(store: store)
    }

    /// Adds the series of `observations` to `batch` and commits it in one transaction.
    public func write(_ observations: [TargetObservation], _ batch: StoreBatch) {
        var batch = batch
        for observation in observations {
            ingestor.add(observation, to: &batch)
        }
        for warning in ingestor.warnings { log("store: " + warning) }
        ingestor.warnings.removeAll()
        do {
            try store.write(batch)
            batchesWritten += 1
        } catch {
            log("store: write failed, \(batch.scrapes.count) polls lost: \(error)")
        }
    }

    /// Rolls complete minutes and hours up and drops what is older than each tier's retention.
    func maintain(retention: RetentionConfig) {
        let now = Int64((Date().timeIntervalSince1970 * 1000).rounded())
        do {
            try store.rollUp(now: now)
            try store.applyRetention(
                now: now,
                raw: Int64(retention.raw * 1000),
                minute: Int64(retention.minute * 1000),
                hour: Int64(retention.hour * 1000)
            )
        } catch {
            log("store: maintenance failed: \(error)")
        }
    }
}

extension StoreWriter {
    /// One successful poll of `page` as `TargetScraper.scrape` reads it after the HTTP answers
    /// arrived: through `plan` (the previous poll's) when the page still fits it, else parsed in
    /// full (and a new plan made); canonical samples from `kind`'s adapter. The returned
    /// observation's `nextPlan` is what the collector would pass to the target's next poll.
    ///
    /// For benchmarks and tests that feed the writer realistic observations without a network;
    /// identity endpoints are not read (identity stays empty), health is `up` unless the page
    /// does not parse.
    public static func observation(
        page: [UInt8],
        target: String,
        kind: ServerKind,
        timestamp: Int64,
        plan: ScrapePlan?
    ) -> (observation: TargetObservation, nextPlan: ScrapePlan?) {
        let response = HTTPResponse(status: 200, headers: [], body: page, duration: 0)
        let metrics = MetricsReading(.success(response), cap: Int.max, target: target, plan: plan)
        let adapter = ServerAdapters.adapter(for: kind)
        let canonical = metrics.canonical ?? adapter.canonicalSamples(metrics.index)
        var nextPlan = metrics.plan
        if nextPlan == nil, let reading = metrics.page, let raw = metrics.raw {
            nextPlan = ScrapePlan(
                page: reading,
                index: metrics.index,
                raw: raw,
                canonical: canonical,
                keepFamilies: adapter.identityReadsMetrics
            )
        }
        var observation = TargetObservation(
            target: target,
            url: "http://" + target,
            environment: "production",
            kind: kind,
            timestamp: timestamp,
            health: metrics.problem?.health ?? .up,
            error: metrics.problem?.message,
            bytes: metrics.bytes,
            index: metrics.index,
            canonical: canonical
        )
        observation.raw = metrics.raw
        observation.rawValues = metrics.rawValues
        observation.plan = nextPlan
        if metrics.raw != nil { observation.readByLayout = metrics.plan != nil }
        return (observation, nextPlan)
    }
}
