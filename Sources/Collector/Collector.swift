import Config
import Foundation
import Store
import Synchronization
import Vocabulary

/// Runs metric sources and writes what they observe to the store: one batch (one transaction) per
/// tick, rollups and retention every few ticks, one log line per health change.
public actor Collector {
    public struct Options: Sendable {
        /// Seconds between store writes.
        public var flushInterval: Double
        /// Seconds between rollup and retention passes.
        public var maintenanceInterval: Double
        public var retention: RetentionConfig
        /// Runs after each rollup and retention pass, with the time (milliseconds since the Unix
        /// epoch): where the collecting process refreshes what readers resume from (the read
        /// model's checkpoints). Polls keep arriving meanwhile; they are written after it.
        public var afterMaintenance: (@Sendable (Int64) -> Void)?
        /// Runs after every store write (each tick that had polls), with the time: where the
        /// collecting process evaluates its alert rules on what was just written.
        public var afterFlush: (@Sendable (Int64) -> Void)?

        public init(
            flushInterval: Double = 1,
            maintenanceInterval: Double = 60,
            retention: RetentionConfig = RetentionConfig(raw: 48 * 3600, minute: 30 * 86400, hour: 365 * 86400),
            afterMaintenance: (@Sendable (Int64) -> Void)? = nil,
            afterFlush: (@Sendable (Int64) -> Void)? = nil
        ) {
            self.flushInterval = flushInterval
            self.maintenanceInterval = maintenanceInterval
            self.retention = retention
            self.afterMaintenance = afterMaintenance
            self.afterFlush = afterFlush
        }
    }

    let store: Store
    let sources: [any MetricSource]
    let options: Options
    let log: @Sendable (String) -> Void
    private let writer: StoreWriter
    /// Observations delivered since the last flush; sources append from their own threads.
    private nonisolated let pending = Mutex<[TargetObservation]>([])
    private var lastHealth: [String: Health] = [:]
    /// Each target's kind and latency cadence as last written to the store.
    private var lastKind: [String: (kind: String, latencyEvery: Int64?)] = [:]
    private var lastIdentity: [String: ServedIdentity] = [:]
    private var lastMaintenance = ContinuousClock.now

    /// `log` receives health changes and store errors, one line each, never a token.
    public init(
        store: Store,
        sources: [any MetricSource],
        options: Options = Options(),
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.store = store
        self.sources = sources
        self.options = options
        self.log = log
        writer = StoreWriter(store: store, log: log)
    }

    /// Batches written so far.
    public var batchesWritten: Int {
        get async { await writer.batchesWritten }
    }

    /// Milliseconds since the Unix epoch.
    private static func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }

    /// Polls until the calling task is cancelled, then writes what is pending and returns.
    public func run() async {
        var targets = StoreBatch()
        targets.targets = sources.flatMap(\.targets)
        for target in targets.targets { lastKind[target.name] = (target.kind, target.latencyEvery) }
        await writer.write([], targets)
        await withTaskGroup(of: Void.self) { group in
            for source in sources {
                group.addTask { await source.run { observation in self.receive(observation) } }
            }
            group.addTask { await self.tick() }
        }
        await flush()
    }

    nonisolated func receive(_ observation: TargetObservation) {
        pending.withLock { $0.append(observation) }
    }

    private func tick() async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: .seconds(options.flushInterval)) } catch { return }
            await flush()
            options.afterFlush?(Self.now())
            if ContinuousClock.now - lastMaintenance >= .seconds(options.maintenanceInterval) {
                lastMaintenance = ContinuousClock.now
                await writer.maintain(retention: options.retention)
                options.afterMaintenance?(Self.now())
            }
        }
    }

    /// Writes every pending observation in one batch. Ingest and the SQLite transaction run on the
    /// writer, so observations keep arriving here meanwhile.
    public func flush() async {
        let observations = pending.withLock { pending in
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
        guard !observations.isEmpty else { return }
        var batch = StoreBatch()
        for observation in observations {
            note(observation, in: &batch)
        }
        await writer.write(observations, batch)
    }

    /// Scrape record, target kind, version change and health change of one observation.
    private func note(_ observation: TargetObservation, in batch: inout StoreBatch) {
        let name = observation.target
        batch.scrapes.append(
            ScrapeRecord(
                target: name,
                ts: observation.timestamp,
                health: observation.health,
                durationSeconds: observation.durationSeconds,
                bytes: observation.bytes,
                error: observation.error
            )
        )
        if let kind = observation.kind?.rawValue,
            lastKind[name].map({ $0.kind != kind || $0.latencyEvery != observation.latencyEvery }) ?? true
        {
            lastKind[name] = (kind, observation.latencyEvery)
            batch.targets.append(
                TargetRecord(
                    name: name,
                    url: observation.url,
                    kind: kind,
                    environment: observation.environment,
                    latencyEvery: observation.latencyEvery
                )
            )
        }
        if lastHealth[name] != observation.health {
            let before = lastHealth[name].map(\.rawValue) ?? "new"
            let reason = observation.error.map { " (\($0))" } ?? ""
            log("\(name): \(before) → \(observation.health.rawValue)\(reason)")
            lastHealth[name] = observation.health
        }
        noteIdentity(observation, in: &batch)
    }

    /// Records a `versions` row when the served model or version differs from the last one known
    /// (including from a previous run), and a `deploy` event when there was a previous one.
    private func noteIdentity(_ observation: TargetObservation, in batch: inout StoreBatch) {
        let identity = observation.identity
        guard identity.model != nil || identity.version != nil, observation.health != .down else { return }
        let name = observation.target
        if lastIdentity[name] == nil, let stored = try? store.versions(target: name).first {
            lastIdentity[name] = ServedIdentity(model: stored.model, version: stored.version)
        }
        let model = identity.model ?? ""
        let version = identity.version ?? ""
        let previous = lastIdentity[name]
        let current = ServedIdentity(model: model, version: version)
        guard previous != current else { return }
        lastIdentity[name] = current
        batch.versions.append(VersionRecord(target: name, ts: observation.timestamp, model: model, version: version))
        if let previous {
            let detail =
                "\(previous.model ?? "") \(previous.version ?? "") → \(model) \(version)"
            batch.events.append(EventRecord(ts: observation.timestamp, kind: "deploy", target: name, detail: detail))
            log("\(name): deploy \(detail)")
        }
    }
}
