import Config
import Store
import Synchronization
import Terminal
import Testing
import Vocabulary

@testable import Console
@testable import Fleet

/// The console reads a real store: its fleet numbers are the store's deployment status (what
/// `llmdeck status` prints), and its charts come from the canonical histograms.
struct SnapshotReaderTests {
    @Test func fleetRowShowsTheSameNumbersAsDeploymentStatus() throws {
        let fixture = try FleetStoreFixture(names: ["vllm-a", "vllm-b", "vllm-c"])
        defer { fixture.remove() }
        let now = fixture.now
        let reader = SnapshotReader(store: fixture.store) { now }
        var state = AppState(width: 200, height: 60, now: now)
        _ = ConsoleReducer.reduce(&state, .snapshot(reader.read(state.readRequest)))
        let lines = TextBackend.render(ConsoleView.render(state)).split(separator: "\n").map(String.init)
        for target in try fixture.store.targets() {
            let status = try StatusReader(store: fixture.store).status(of: target, window: 60_000, now: now)
            let p95 = try #require(status.latencySeconds.p95)
            let rate = try #require(status.requestsPerSecond)
            let row = try #require(lines.dropFirst(2).first { $0.contains(target.name) })
            let cells = row.split(separator: " ").map(String.init)
            #expect(cells.contains(ValueFormat.seconds(p95)), "\(row)")
            #expect(cells.contains(ValueFormat.number(rate)), "\(row)")
            #expect(cells.contains(ValueFormat.percent(status.errorRatio)), "\(row)")
            #expect(cells.contains(ValueFormat.seconds(status.ttftSeconds.p95)), "\(row)")
            let summary = try #require(state.snapshot?.deployments.first { $0.name == target.name })
            #expect(summary.latencySeconds.p95 == p95)
            #expect(summary.requestsPerSecond == rate)
            #expect(summary.kvCacheUsage == status.kvCacheUsage)
            #expect(summary.url == target.url)
        }
        // Reference values for deployment a: 12 ticks of 10 successes, 0 errors over 60 s.
        let first = try #require(state.snapshot?.deployments.first { $0.name == "vllm-a" })
        #expect(first.requestsPerSecond == 2)
        #expect(first.errorRatio == 0)
        #expect(first.running == 4)
        #expect(first.versionSeenAt == now - 60_000)
    }

    @Test func latencyHistoryReadsTheCanonicalHistogramsPerStep() throws {
        let fixture = try FleetStoreFixture(names: ["vllm-a"], history: 3_600_000)
        defer { fixture.remove() }
        let now = fixture.now
        let reader = SnapshotReader(store: fixture.store) { now }
        let snapshot = reader.read(ReadRequest(latencyOf: "vllm-a", range: .oneHour))
        let history = try #require(snapshot.latency)
        #expect(snapshot.error == nil)
        #expect(history.deployment == "vllm-a")
        #expect(history.e2e.p95.count >= 59)
        #expect(history.ttft.p50.count >= 59)
        // Every minute holds 12 ticks of the same two alternating shapes: p95 of e2e is in the
        // (5, 10] bucket (rank 0.95 × 144 = 136.8 > 132 at 5 s), p50 of TTFT in (0.1, 0.25].
        #expect(history.e2e.p95.allSatisfy { $0.value > 5 && $0.value <= 10 })
        #expect(history.ttft.p50.allSatisfy { $0.value > 0.1 && $0.value <= 0.25 })
        #expect(history.throughput == nil, "a deployment with latency histograms charts them")
        #expect(history.start == now - TimeRange.oneHour.duration)
    }

    @Test func costPerHourPricesTheTokenRatesAtTheServedModelsPriceNow() throws {
        let fixture = try FleetStoreFixture(names: ["vllm-a"])
        defer { fixture.remove() }
        let now = fixture.now
        let model = "meta-llama/Llama-3.1-8B-Instruct"
        let pricing = PriceTable(entries: [
            PriceEntry(model: "meta-llama/*", promptPerMillion: 0.2, completionPerMillion: 0.9),
            PriceEntry(model: model, promptPerMillion: 0.15, completionPerMillion: 0.60),
            PriceEntry(model: model, promptPerMillion: 0.10, completionPerMillion: 0.40, effectiveFrom: now + 1),
        ])
        // 400 generated tokens every 5 s: 80 tokens/s, 288,000 an hour at $0.60 per million; the
        // fixture exports no prompt tokens; the price from now + 1 ms is not in effect yet.
        let expected = 288_000 * 0.60 / 1_000_000
        let target = try #require(try fixture.store.targets().first)
        let status = try StatusReader(store: fixture.store, pricing: pricing).status(
            of: target,
            window: 60_000,
            now: now
        )
        #expect(abs((status.costPerHour ?? 0) - expected) < 1e-12)
        let unpriced = try StatusReader(store: fixture.store).status(of: target, window: 60_000, now: now)
        #expect(unpriced.costPerHour == nil)

        let reader = SnapshotReader(store: fixture.store, pricing: pricing) { now }
        var state = AppState(width: 200, height: 60, now: now)
        _ = ConsoleReducer.reduce(&state, .snapshot(reader.read(state.readRequest)))
        #expect(state.snapshot?.deployments.first?.costPerHour == status.costPerHour)
        let text = TextBackend.render(ConsoleView.render(state))
        #expect(text.contains("COST/H"))
        #expect(text.contains("$0.17"))
    }

    @Test func deploymentWithoutLatencyHistogramsChartsTokensAndQueue() throws {
        let fixture = try FleetStoreFixture(names: ["llamacpp-a"], history: 600_000, withoutLatency: ["llamacpp-a"])
        defer { fixture.remove() }
        let now = fixture.now
        let reader = SnapshotReader(store: fixture.store) { now }
        var state = AppState(width: 120, height: 40, now: now)
        _ = ConsoleReducer.reduce(&state, .snapshot(reader.read(state.readRequest)))
        _ = ConsoleReducer.reduce(&state, .key(.character("2")))
        _ = ConsoleReducer.reduce(&state, .snapshot(reader.read(state.readRequest)))
        let history = try #require(state.snapshot?.latency)
        let throughput = try #require(history.throughput)
        // 400 generated tokens every 5 s: 80 tokens/s in every minute the history covers whole (the
        // first and the current one are partial); 4 running, 0 waiting.
        #expect(
            throughput.tokensPerSecond.dropFirst().dropLast().allSatisfy { abs($0.value - 80) < 1e-9 },
            "\(throughput.tokensPerSecond.map(\.value))"
        )
        #expect(throughput.running.allSatisfy { $0.value == 4 })
        #expect(throughput.waiting.allSatisfy { $0.value == 0 })
        let text = TextBackend.render(ConsoleView.render(state))
        #expect(text.contains("Tokens/s (no latency histograms exported)"))
        #expect(text.contains("Requests running / waiting"))
        #expect(!text.contains("no samples"))
        // Ten minutes of history in a 1 h range: the axis starts a step before the oldest point.
        #expect(history.start > now - TimeRange.oneHour.duration)
        #expect(history.start >= now - 600_000 - 2 * TimeRange.oneHour.step)
    }
}

extension SnapshotReaderTests {
    @Test func anUnchangedStoreIsNotReadAgainAndAWriteIsSeen() throws {
        let fixture = try FleetStoreFixture(names: ["vllm-a", "vllm-b"])
        defer { fixture.remove() }
        let now = fixture.now
        let reader = SnapshotReader(store: fixture.store, rowLifetime: 0) { now }
        let request = ReadRequest()
        #expect(reader.readIfChanged(request) != nil)
        #expect(reader.readIfChanged(request) == nil)
        // Another pane's data is a new request: read at once.
        #expect(reader.readIfChanged(ReadRequest(latencyOf: "vllm-a"))?.latency != nil)
        #expect(reader.readIfChanged(ReadRequest(latencyOf: "vllm-a")) == nil)
        // A commit (a poll, as the collector writes it) changes the store file: read again.
        try fixture.store.write(
            StoreBatch(scrapes: [ScrapeRecord(target: "vllm-b", ts: now, health: .down, durationSeconds: 3, bytes: 0)])
        )
        let after = try #require(reader.readIfChanged(ReadRequest(latencyOf: "vllm-a")))
        #expect(after.deployments.first { $0.name == "vllm-b" }?.health == .down)
        #expect(after.deployments.first { $0.name == "vllm-a" }?.health == .up)
    }

    @Test func aRowIsReusedUntilItsDeploymentPollsAgain() throws {
        let fixture = try FleetStoreFixture(names: ["vllm-a"])
        defer { fixture.remove() }
        let clock = Mutex(fixture.now)
        let reader = SnapshotReader(store: fixture.store) { clock.withLock { $0 } }
        let before = try #require(reader.read(ReadRequest()).deployments.first)
        #expect(before.requestsPerSecond == 2)
        // The rows of the next poll, its record not yet written, are not looked at for up to
        // rowLifetime…
        let later = fixture.now + 5_000
        let ids = try fixture.store.series(target: "vllm-a")
        let success = try #require(ids.first { $0.key.labels == RequestOutcome.success.labelText }?.id)
        try fixture.store.write(StoreBatch(counterIncrements: [PointRecord(seriesID: success, ts: later, value: 60)]))
        clock.withLock { $0 = later }
        #expect(reader.read(ReadRequest()).deployments.first?.requestsPerSecond == 2)
        // …its poll record re-reads the row: 11 ticks of 10 successes and the 60 over 60 s.
        try fixture.store.write(
            StoreBatch(scrapes: [
                ScrapeRecord(target: "vllm-a", ts: later, health: .up, durationSeconds: 0, bytes: 1)
            ])
        )
        #expect(reader.read(ReadRequest()).deployments.first?.requestsPerSecond == 170.0 / 60)
    }

    /// The live refresh keeps each deployment's window rows and reads only newer ones; the rows
    /// it shows must still be the store's deployment status at the same time, poll after poll.
    @Test func liveRefreshesShowTheDeploymentStatusOfTheirTime() throws {
        let names = ["vllm-a", "vllm-b", "vllm-c"]
        let fixture = try FleetStoreFixture(names: names)
        defer { fixture.remove() }
        let clock = Mutex(fixture.now)
        // Every row is read at every refresh (no reuse), so every row is compared.
        let reader = SnapshotReader(store: fixture.store, rowLifetime: 0) { clock.withLock { $0 } }
        let series = try names.map { try fixture.store.series(target: $0) }
        for second in 1...40 {
            let now = fixture.now + Int64(second) * 1_000
            clock.withLock { $0 = now }
            // One deployment polls each second in turn (every 3 s each), as a collector does.
            let index = second % names.count
            var batch = StoreBatch(scrapes: [
                ScrapeRecord(target: names[index], ts: now - 200, health: .up, durationSeconds: 0.2, bytes: 9)
            ])
            for (id, key) in series[index] {
                switch key.kind {
                case .counter:
                    batch.counterIncrements.append(PointRecord(seriesID: id, ts: now - 200, value: Double(second % 7)))
                case .gauge: batch.gaugeValues.append(PointRecord(seriesID: id, ts: now - 200, value: Double(second)))
                case .histogram:
                    let buckets = key.bucketBounds.indices.map { Double(min($0, second % 5)) }
                    batch.histogramIncrements.append(
                        HistogramRecord(seriesID: id, ts: now - 200, count: buckets.last ?? 0, sum: 1, buckets: buckets)
                    )
                }
            }
            try fixture.store.write(batch)
            if second % 15 == 0 { try fixture.store.rollUp(now: now) }
            let (targets, rows) = try reader.fleet(now: now)
            for (target, row) in zip(targets, rows) {
                let status = try StatusReader(store: fixture.store).status(of: target, window: 60_000, now: now)
                #expect(row == status)
            }
        }
        #expect(reader.windows.fullReads == names.count)
    }
}
