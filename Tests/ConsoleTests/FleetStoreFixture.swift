import Fleet
import Store
import TestSupport
import Vocabulary

/// A real SQLite store holding a small fleet written through the Store API the way the collector
/// writes it: canonical counters and histograms as increments every 5 s, gauges as values,
/// one poll record per tick, one version per deployment.
struct FleetStoreFixture {
    let directory: TemporaryDirectory
    let store: Store
    /// The fixed clock of the fixture, milliseconds since the Unix epoch.
    let now: Int64

    /// Latency bucket bounds, seconds, `+Inf` last.
    static let bounds: [Double] = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, .infinity]

    /// Writes `names` with `history` milliseconds of data ending at `now`; deployment `i` runs
    /// `10 + 3i` successes and `i` errors per tick and gets slower with `i`.
    /// Deployments in `withoutLatency` export no latency histograms (as llama.cpp).
    init(
        names: [String],
        history: Int64 = 60_000,
        now: Int64 = StoreFixtures.origin,
        withoutLatency: Set<String> = []
    ) throws {
        directory = try TemporaryDirectory(prefix: "llmdeck-console")
        store = try Store(path: directory.path("fleet.sqlite"))
        self.now = now
        let tick: Int64 = 5_000
        var batch = StoreBatch()
        for (index, name) in names.enumerated() {
            batch.targets.append(
                TargetRecord(
                    name: name,
                    url: "http://127.0.0.1:\(18_000 + index)",
                    kind: withoutLatency.contains(name) ? "llamacpp" : "vllm",
                    environment: "production"
                )
            )
            let i = Double(index)
            let ids = try Self.seriesIDs(name, store, latency: !withoutLatency.contains(name))
            var ts = now - history + tick
            var step = 0
            while ts <= now {
                batch.counterIncrements += [
                    PointRecord(seriesID: ids.success, ts: ts, value: 10 + 3 * i),
                    PointRecord(seriesID: ids.errors, ts: ts, value: i),
                    PointRecord(seriesID: ids.tokens, ts: ts, value: 400 + 50 * i),
                ]
                batch.gaugeValues += [
                    PointRecord(seriesID: ids.running, ts: ts, value: 4 + i),
                    PointRecord(seriesID: ids.waiting, ts: ts, value: i),
                    PointRecord(seriesID: ids.kvCache, ts: ts, value: 0.3 + 0.1 * i),
                ]
                // Cumulative bucket increments: deployment i shifts mass into slower buckets;
                // the step's parity wiggles the shape so per-step quantiles differ.
                let wiggle = Double(step % 2)
                let e2e = [0, 1 + wiggle, 3, 6 + i, 9 + 2 * i, 11 + 3 * i, 12 + 3 * i, 12 + 3 * i]
                let ttft = [4 + wiggle, 9, 11 + i, 12 + 2 * i, 12 + 3 * i, 12 + 3 * i, 12 + 3 * i, 12 + 3 * i]
                if let e2eID = ids.e2e, let ttftID = ids.ttft {
                    batch.histogramIncrements += [
                        HistogramRecord(seriesID: e2eID, ts: ts, count: e2e[7], sum: e2e[7] * (1 + i), buckets: e2e),
                        HistogramRecord(seriesID: ttftID, ts: ts, count: ttft[7], sum: ttft[7] * 0.2, buckets: ttft),
                    ]
                }
                batch.scrapes.append(
                    ScrapeRecord(target: name, ts: ts, health: .up, durationSeconds: 0.01, bytes: 40_000)
                )
                ts += tick
                step += 1
            }
            batch.versions.append(
                VersionRecord(target: name, ts: now - history, model: "meta-llama/Llama-3.1-8B-Instruct", version: "v1")
            )
        }
        try store.write(batch)
        try store.rollUp(now: now)
    }

    private struct IDs {
        var success, errors, tokens, running, waiting, kvCache: Int64
        var e2e, ttft: Int64?
    }

    private static func seriesIDs(_ name: String, _ store: Store, latency: Bool) throws -> IDs {
        func key(_ metric: CanonicalMetric, _ labels: String = "") -> SeriesKey {
            SeriesKey(
                target: name,
                name: metric.rawValue,
                labels: labels,
                kind: metric.kind,
                bucketBounds: metric.kind == .histogram ? bounds : []
            )
        }
        let ids = try store.seriesIDs(
            for: [
                key(.requests, RequestOutcome.success.labelText), key(.requests, RequestOutcome.error.labelText),
                key(.generationTokens), key(.running), key(.waiting), key(.kvCacheUsage),
            ] + (latency ? [key(.e2eLatency), key(.timeToFirstToken)] : [])
        )
        return IDs(
            success: ids[0],
            errors: ids[1],
            tokens: ids[2],
            running: ids[3],
            waiting: ids[4],
            kvCache: ids[5],
            e2e: latency ? ids[6] : nil,
            ttft: latency ? ids[7] : nil
        )
    }

    func remove() { directory.remove() }
}
