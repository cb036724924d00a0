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
    /// One successful poll of `page` (no health endpoint asked, identity endpoints not read) as the
    /// collector reads it (`TargetScraper.observation`): through `plan`, the previous poll's, when
    /// the page still fits it, else parsed in full with a new plan. For benchmarks and tests that
    /// feed the writer realistic observations without a network.
    public static func observation(
        page: [UInt8],
        target: String,
        kind: ServerKind,
        timestamp: Int64,
        plan: ScrapePlan?
    ) -> (observation: TargetObservation, nextPlan: ScrapePlan?) {
        let response = HTTPResponse(status: 200, headers: [], body: page, duration: 0)
        // Without a token variable a target is always made; the fallback keeps this total.
        guard let scrapeTarget = try? ScrapeTarget(name: target, url: "http://" + target, kind: kind) else {
            let failed = TargetObservation(
                target: target,
                url: "http://" + target,
                environment: "production",
                kind: kind,
                timestamp: timestamp,
                health: .down
            )
            return (failed, nil)
        }
        var observation = TargetScraper.observation(
            of: scrapeTarget,
            kind: kind,
            answers: ["metrics": .success(response)],
            plan: plan,
            maxResponseBytes: Int.max
        )
        observation.timestamp = timestamp
        return (observation, observation.plan)
    }
}
