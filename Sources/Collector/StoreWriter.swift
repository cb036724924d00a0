import Config
import Foundation
import Store

/// The collector's write stage: the single owner of ingest state and store writes, apart from the
/// collector's bookkeeping so that observations keep arriving while a batch is being built and
/// committed. It turns observations into increments (ingest state, series-id resolution) and
/// commits each batch in one transaction, whichever source the observations came from; the store
/// bench (`llmdeck-bench store --collector-ticks`) times it on its own.
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
