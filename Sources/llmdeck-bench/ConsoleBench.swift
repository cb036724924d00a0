import ArgumentParser
import Config
import Console
import Fleet
import Foundation
import Store
import Terminal
import Vocabulary

#if canImport(Glibc)
import Glibc
#endif

/// The console's start-up and idle cost: start → first frame on a 7-day, 100-deployment store,
/// and CPU share when idle at a 1 s refresh next to btop, on a static and on a live store.
struct ConsoleBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Console start → first frame (goal < 150 ms) and idle CPU share next to btop."
    )

    @Option(help: "Deployments in the generated store.")
    var deployments = 100

    @Option(help: "Days of history in the generated store.")
    var days = 7

    @Option(help: "Fresh processes started per start-up variant.")
    var runs = 11

    @Option(help: "Seconds of CPU sampling per idle case.")
    var window = 30.0

    @Option(help: "Seconds to let the console and btop settle before sampling.")
    var settle = 5.0

    @Option(help: "Idle cases to run: static, live or both.")
    var idle = "both"

    @Flag(help: "Skip the start-up figures.")
    var skipStart = false

    @Flag(help: "Skip the idle CPU figures.")
    var skipIdle = false

    @Option(help: .hidden)
    var firstFrameChild: String?

    @Option(help: .hidden)
    var pane = "fleet"

    func run() throws {
        if let path = firstFrameChild {
            try Self.firstFrame(db: path, latency: pane == "latency")
            return
        }
        let store = try FleetHistory(deployments: deployments, days: days).prepare()
        let storeFlags = "--deployments \(deployments) --days \(days)"
        print(ProcFS.machineLine)
        if !skipStart {
            if let status = try? Self.statusFloor(db: store) {
                print(
                    String(
                        format: "store floor: `llmdeck status --db` on the same store, median of 5: %.1f ms wall",
                        status
                    )
                )
            }
            for latency in [false, true] {
                let times = try (0..<max(1, runs)).map { _ in try Self.startOnce(db: store, latency: latency) }
                let label = latency ? "latency pane, 7d range" : "fleet pane (default)"
                print("start → first frame, \(deployments) deployments × \(days) days, \(label), \(times.count) runs:")
                print(
                    String(
                        format: "  process start → frame  median %.1f ms, max %.1f ms (goal < 150 ms)",
                        median(times.map(\.spawn)),
                        times.map(\.spawn).max() ?? 0
                    )
                )
                print(
                    String(
                        format: "  console entry → frame  median %.1f ms, max %.1f ms",
                        median(times.map(\.entry)),
                        times.map(\.entry).max() ?? 0
                    )
                )
                print(
                    "  reproduce: swift run -c release llmdeck-bench console --skip-idle \(storeFlags) --runs \(runs)"
                )
            }
        }
        if !skipIdle {
            let idleBench = IdleBench(window: window, settle: settle, deployments: deployments)
            if idle == "static" || idle == "both" {
                try idleBench.measure(store: store, live: false, storeFlags: storeFlags)
            }
            if idle == "live" || idle == "both" {
                try idleBench.measure(store: store, live: true, storeFlags: storeFlags)
            }
        }
    }

    /// Milliseconds `llmdeck status` (next to the bench) takes on the store, median of 5: what
    /// one read of every deployment's status costs, process start included.
    static func statusFloor(db: String) throws -> Double {
        let binary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("llmdeck")
        let times = try (0..<5).map { _ -> Double in
            let child = Process()
            child.executableURL = binary
            child.arguments = ["status", "--db", db]
            child.standardOutput = FileHandle.nullDevice
            let started = monotonicNanoseconds()
            try child.run()
            child.waitUntilExit()
            return Double(monotonicNanoseconds() - started) / 1e6
        }
        return median(times)
    }

    /// One fresh process: milliseconds from spawn and from the console's entry to the first frame
    /// showing data.
    static func startOnce(db: String, latency: Bool) throws -> (spawn: Double, entry: Double) {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        child.arguments = ["console", "--first-frame-child", db, "--pane", latency ? "latency" : "fleet"]
        let output = Pipe()
        child.standardOutput = output
        let spawned = monotonicNanoseconds()
        try child.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        child.waitUntilExit()
        let fields = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace).compactMap {
            UInt64($0)
        }
        guard child.terminationStatus == 0, fields.count == 2, fields[1] >= spawned else {
            throw ValidationError("the start-up child failed: \(String(decoding: data, as: UTF8.self))")
        }
        return (Double(fields[1] - spawned) / 1e6, Double(fields[1] - fields[0]) / 1e6)
    }

    /// Child mode: the console's start path on a headless 200×60 screen; prints the monotonic
    /// nanoseconds of entry and of the first frame that shows data.
    static func firstFrame(db: String, latency: Bool) throws {
        let entry = monotonicNanoseconds()
        let store = try Store(path: db, readOnly: true)
        let reader = SnapshotReader(store: store) { ConsoleApp.now() }
        let options = ConsoleOptions(
            refreshInterval: 1,
            isReadOnly: true,
            source: "view " + db,
            initialPane: latency ? .latency : .fleet,
            initialRange: latency ? .sevenDays : .oneHour
        )
        let catalog = ThemeCatalog.standard(
            environment: ProcessInfo.processInfo.environment,
            executable: CommandLine.arguments.first ?? ""
        )
        let screen = HeadlessScreen(width: 200, height: 60) { text in
            latency
                ? text.unicodeScalars.contains { $0.value > 0x2800 && $0.value <= 0x28FF }
                : text.contains("Fleet (") && !text.contains("waiting for the first read")
        }
        try ConsoleApp(options: options, catalog: catalog, reader: reader).run(on: screen)
        guard let frame = screen.dataFrameAt else { throw ValidationError("no frame with data was drawn") }
        print("\(entry) \(frame)")
    }
}

/// A screen that keeps the frames in memory: notes when the first one showing data is presented,
/// then answers `q`. No key arrives before that, like a person waiting for the console.
final class HeadlessScreen: ConsoleScreen {
    let size: (width: Int, height: Int)
    private let showsData: (String) -> Bool
    /// Monotonic nanoseconds when the first frame showing data was presented.
    private(set) var dataFrameAt: UInt64?

    init(width: Int, height: Int, showsData: @escaping (String) -> Bool) {
        size = (width, height)
        self.showsData = showsData
    }

    func present(_ grid: CellGrid) {
        let now = monotonicNanoseconds()
        if dataFrameAt == nil, showsData(TextBackend.render(grid)) { dataFrameAt = now }
    }

    func readKey(timeoutMilliseconds: Int32) -> Key? {
        if dataFrameAt != nil { return .character("q") }
        if timeoutMilliseconds > 0 { usleep(UInt32(timeoutMilliseconds) * 1000) }
        return nil
    }

    func pollResize() -> Bool { false }
    func setTheme(_ theme: Theme) {}
    func restore() {}
}

/// Idle CPU share of `llmdeck --db STORE --refresh 1` and `btop` (update_ms = 1000), each in its
/// own 200×60 tmux session, sampled from /proc/PID/stat over the same window.
struct IdleBench {
    var window: Double
    var settle: Double
    var deployments: Int
    /// The bench subcommand and flags the reproduce line starts with.
    var command = "console --skip-start"

    /// `writer`: a store the bench itself tops up every `recentSpacing` while the console runs
    /// (a source writing the whole fleet each tick); its CPU is the bench's, not the console's.
    func measure(store: String, live: Bool, storeFlags: String, writer: FleetHistory? = nil) throws {
        let binDirectory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let llmdeck = binDirectory.appendingPathComponent("llmdeck").path
        guard FileManager.default.isExecutableFile(atPath: llmdeck) else {
            throw ValidationError(
                "no llmdeck next to the bench at \(llmdeck); "
                    + "swift build -c release --product llmdeck && swift build -c release --product llmdeck-sim"
            )
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("llmdeck-bench-idle-\(getpid())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        var children: [Process] = []
        defer {
            for child in children where child.isRunning {
                child.interrupt()
                child.waitUntilExit()
            }
        }
        var db = store
        if live {
            db = scratch.appendingPathComponent("live.sqlite").path
            let port = 23_000
            let simArguments = ["sim", "--count", "\(deployments)", "--base-port", "\(port)", "--scenario", "none"]
            let config = scratch.appendingPathComponent("config.yaml").path
            let yaml = try runOutput(llmdeck, simArguments + ["--print-config", "--db", db])
            try yaml.write(toFile: config, atomically: true, encoding: .utf8)
            children.append(try spawn(llmdeck, simArguments, log: scratch.appendingPathComponent("sim.log").path))
            children.append(
                try spawn(
                    llmdeck,
                    ["collect", "--config", config],
                    log: scratch.appendingPathComponent("collect.log").path
                )
            )
            try waitForPolls(db: db)
        }
        let socket = "llmdeck-bench-\(getpid())-\(live ? "live" : "static")"
        var pids: [Int32] = []
        defer {
            _ = try? runOutput("/usr/bin/env", ["tmux", "-L", socket, "kill-server"])
            // Whatever survived the hangup (btop, or a console that ignored it) is ended by pid.
            usleep(300_000)
            for pid in pids where kill(pid, 0) == 0 { kill(pid, SIGKILL) }
        }
        let btopConfig = scratch.appendingPathComponent("btop")
        try FileManager.default.createDirectory(at: btopConfig, withIntermediateDirectories: true)
        try "update_ms = 1000\n".write(
            toFile: btopConfig.appendingPathComponent("btop.conf").path,
            atomically: true,
            encoding: .utf8
        )
        let sessions = [
            ("console", "exec \(llmdeck) --db '\(db)' --refresh 1"),
            ("btop", "exec env XDG_CONFIG_HOME='\(scratch.path)' btop"),
        ]
        for (name, command) in sessions {
            _ = try runOutput(
                "/usr/bin/env",
                ["tmux", "-L", socket, "new-session", "-d", "-s", name, "-x", "200", "-y", "60", command]
            )
            let pid = try runOutput(
                "/usr/bin/env",
                ["tmux", "-L", socket, "list-panes", "-t", name, "-F", "#{pane_pid}"]
            )
            guard let value = Int32(pid.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw ValidationError("no pane pid for \(name): \(pid)")
            }
            pids.append(value)
        }
        let writing = try writer.map { history in try StoreWriterThread(history: history, path: store) }
        defer { writing?.stop() }
        Thread.sleep(forTimeInterval: settle)
        let screen = try runOutput("/usr/bin/env", ["tmux", "-L", socket, "capture-pane", "-p", "-t", "console"])
        guard screen.contains("Fleet (\(deployments))") else {
            throw ValidationError("the console does not show the fleet after \(settle) s:\n\(screen)")
        }
        let collector = children.count > 1 ? children[1].processIdentifier : nil
        let before = (pids + [collector].compactMap { $0 }).map(ProcFS.cpuSeconds)
        Thread.sleep(forTimeInterval: window)
        let after = (pids + [collector].compactMap { $0 }).map(ProcFS.cpuSeconds)
        let shares = zip(before, after).map { ($1 - $0) / window * 100 }
        let label =
            live
            ? "live store (llmdeck collect ← llmdeck sim, \(deployments) targets every 5 s)"
            : writer.map { "store written every \($0.recentSpacing / 1000) s for the whole fleet" } ?? "static store"
        print("idle CPU at 1 s refresh, 200×60, \(deployments) deployments, \(label), \(Int(window)) s window:")
        print(String(format: "  llmdeck console  %.2f %% of one core", shares[0]))
        print(String(format: "  btop (update_ms = 1000)  %.2f %% of one core", shares[1]))
        print(String(format: "  ratio console/btop  %.2f", shares[1] > 0 ? shares[0] / shares[1] : .infinity))
        if shares.count > 2 { print(String(format: "  (collector process: %.1f %%)", shares[2])) }
        if let writing { print("  (ticks written while the console ran: \(writing.ticks))") }
        let mode = live ? "live" : writer == nil ? "static" : "written"
        print(
            "  reproduce: swift run -c release llmdeck-bench \(command) \(storeFlags) --idle \(mode) --window \(Int(window))"
        )
    }

    /// Waits until every simulated deployment has a poll in the live store.
    private func waitForPolls(db: String) throws {
        for _ in 0..<120 {
            Thread.sleep(forTimeInterval: 0.5)
            guard let store = try? Store(path: db, readOnly: true), let targets = try? store.targets(),
                targets.count == deployments
            else { continue }
            if targets.allSatisfy({ (try? store.lastScrape(target: $0.name)) != nil }) { return }
        }
        throw ValidationError("the collector did not poll all \(deployments) simulated targets within 60 s")
    }

    private func spawn(_ executable: String, _ arguments: [String], log: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = FileHandle(forWritingAtPath: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    /// Runs a command to completion with posix_spawn and waitpid (a tmux client must not be read
    /// to EOF: its daemonized server keeps the output open); its output goes through a file.
    private func runOutput(_ executable: String, _ arguments: [String]) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("llmdeck-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // The bench runs on a thread with signals blocked; a tmux server (and the console and btop
        // under it) must not inherit that, or kill-server's SIGHUP never ends them.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGHUP, SIGINT, SIGTERM, SIGQUIT, SIGPIPE] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard spawned == 0 else { throw ValidationError("cannot start \(executable): errno \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        guard status == 0 else {
            throw ValidationError("\(executable) \(arguments.joined(separator: " ")) failed (status \(status))")
        }
        return (try? String(contentsOf: output, encoding: .utf8)) ?? ""
    }
}

/// Nanoseconds of CLOCK_MONOTONIC, comparable between processes on this machine.
func monotonicNanoseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
}

/// The middle value (the upper one of an even count); 0 for none.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}

/// A store holding `days` of history for `deployments` vLLM deployments, generated once and cached
/// under `.build/bench-cache/` (keyed by both numbers); a cached store is topped up to now.
///
/// Written through the public Store API like a collector would over the days: raw increments at
/// 1-minute spacing (5 s in the last hour, as the collector polls), rolled up as it goes, then raw
/// rows beyond the 48 h raw retention deleted. So the 1-minute and 1-hour tiers hold the full
/// range and the raw tier its retained window.
struct FleetHistory {
    var deployments: Int
    var days: Int
    /// Minutes of history instead of days, when set (the scale bench's short store).
    var minutes: Int?
    /// Milliseconds between ticks in the last hour: 5 s as the collector polls, 15 s as a
    /// Prometheus source reads.
    var recentSpacing: Int64 = 5_000
    /// Served models, deployment i serving model i % models (1: every deployment Llama 3.1 8B).
    var models = 1

    static let minute: Int64 = 60_000
    static let hour: Int64 = 3_600_000

    init(deployments: Int, days: Int) {
        self.deployments = deployments
        self.days = days
    }

    /// A store of `deployments` × `minutes` minutes at `spacing` ms, serving `models` models.
    init(deployments: Int, minutes: Int, spacing: Int64, models: Int) {
        self.init(deployments: deployments, days: 0)
        self.minutes = minutes
        recentSpacing = spacing
        self.models = models
    }

    /// Milliseconds of history.
    var span: Int64 { minutes.map { Int64($0) * Self.minute } ?? Int64(days) * 24 * Self.hour }

    var path: String {
        let name =
            minutes.map { "console-\(deployments)x\($0)m-\(recentSpacing / 1000)s-\(models)models-v1" }
            ?? "console-\(deployments)x\(days)d-v1"
        return FileManager.default.currentDirectoryPath + "/.build/bench-cache/\(name).sqlite"
    }

    func prepare() throws -> String {
        let now = ConsoleApp.now()
        let started = monotonicNanoseconds()
        if FileManager.default.fileExists(atPath: path) {
            let store = try Store(path: path)
            if let last = try store.lastScrape(target: Self.name(0))?.ts, now - last < span {
                try write(store, from: last + recentSpacing, now: now)
                let seconds = Double(monotonicNanoseconds() - started) / 1e9
                print(
                    String(
                        format: "store: %@ (cached; topped up %.0f s of data in %.1f s)",
                        path,
                        Double(now - last) / 1000,
                        seconds
                    )
                )
                return path
            }
        }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let partial = path + ".partial"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: partial + suffix) }
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true
        )
        try generate(into: partial, now: now)
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: partial + suffix) {
            try FileManager.default.moveItem(atPath: partial + suffix, toPath: path + suffix)
        }
        let seconds = Double(monotonicNanoseconds() - started) / 1e9
        print(String(format: "store: %@ (generated in %.0f s)", path, seconds))
        return path
    }

    /// A fresh store; returns after the Store is released, so the file can be renamed.
    private func generate(into file: String, now: Int64) throws {
        let store = try Store(path: file)
        let start = now - span
        var targets: [TargetRecord] = []
        var versions: [VersionRecord] = []
        for index in 0..<deployments {
            targets.append(
                TargetRecord(
                    name: Self.name(index),
                    url: "http://10.0.\(index / 250).\(index % 250 + 1):8000",
                    kind: "vllm",
                    environment: index % 10 == 9 ? "canary" : "production"
                )
            )
            // A deploy every two days, staggered across the fleet.
            var deployedAt = start - Int64(index) * 17 * Self.minute
            var version = 1
            while deployedAt < now {
                versions.append(
                    VersionRecord(
                        target: Self.name(index),
                        ts: max(start, deployedAt),
                        model: models > 1 ? "model-\(index % models)" : "meta-llama/Llama-3.1-8B-Instruct",
                        version: "v1.\(version)"
                    )
                )
                deployedAt += 48 * Self.hour
                version += 1
            }
        }
        try store.write(StoreBatch(targets: targets, versions: versions))
        try write(store, from: start, now: now)
    }

    /// Writes the ticks from the store's last to now, as a source writing every `recentSpacing`
    /// would; returns the ticks written (0 when none is due yet).
    func topUp(_ store: Store) throws -> Int {
        let now = ConsoleApp.now()
        guard let last = try store.lastScrape(target: Self.name(0))?.ts, now - last >= recentSpacing else { return 0 }
        try write(store, from: last + recentSpacing, now: now)
        return Int((now - last) / recentSpacing)
    }

    /// Ticks from `from` to `now`: 1-minute spacing until the last hour, then `recentSpacing`.
    private func write(_ store: Store, from: Int64, now: Int64) throws {
        let ids = try (0..<deployments).map { try SeriesSet(store, name: Self.name($0)) }
        var batch = StoreBatch()
        var ticks = 0
        var ts = from
        while ts <= now {
            let spacing: Int64 = now - ts > Self.hour ? Self.minute : recentSpacing
            for (index, series) in ids.enumerated() {
                series.append(tick: ts, seconds: Double(spacing) / 1000, deployment: index, into: &batch)
            }
            ticks += 1
            ts += spacing
            // About 6,000 deployment ticks a transaction (60 ticks of 100 deployments, one of
            // 5,000), rolled up every 60 ticks.
            if ticks % max(1, 6_000 / max(1, deployments)) == 0 || ts > now {
                try store.write(batch)
                batch = StoreBatch()
            }
            if ticks % 60 == 0 || ts > now { try store.rollUp(now: ts) }
        }
        try store.rollUp(now: now)
        let retention = RetentionConfig.standard
        try store.applyRetention(
            now: now,
            raw: Int64(retention.raw * 1000),
            minute: Int64(retention.minute * 1000),
            hour: Int64(retention.hour * 1000)
        )
    }

    static func name(_ index: Int) -> String { "bench-\(index)" }
}

/// The canonical series of one generated deployment and how a tick of its traffic looks.
private struct SeriesSet {
    var success, errors, prompt, generated, running, waiting, kvCache: Int64
    var e2e, ttft, interToken, queue: Int64

    /// vLLM's bucket bounds, seconds.
    static let latencyBounds: [Double] = [
        0.3, 0.5, 0.8, 1, 1.5, 2, 2.5, 5, 10, 15, 20, 30, 40, 50, 60, 120, 240, 480, 960, 1920, 7680, .infinity,
    ]
    static let ttftBounds: [Double] = [
        0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 40, 80, 160, 640,
        2560, .infinity,
    ]
    static let interTokenBounds: [Double] = [
        0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 40, 80, .infinity,
    ]

    init(_ store: Store, name: String) throws {
        func key(_ metric: CanonicalMetric, _ labels: String = "", _ bounds: [Double] = []) -> SeriesKey {
            SeriesKey(target: name, name: metric.rawValue, labels: labels, kind: metric.kind, bucketBounds: bounds)
        }
        let ids = try store.seriesIDs(for: [
            key(.requests, RequestOutcome.success.labelText), key(.requests, RequestOutcome.error.labelText),
            key(.promptTokens), key(.generationTokens), key(.running), key(.waiting), key(.kvCacheUsage),
            key(.e2eLatency, "", Self.latencyBounds), key(.timeToFirstToken, "", Self.ttftBounds),
            key(.interTokenLatency, "", Self.interTokenBounds), key(.queueTime, "", Self.latencyBounds),
        ])
        (success, errors, prompt, generated, running, waiting, kvCache) = (
            ids[0], ids[1], ids[2], ids[3], ids[4], ids[5], ids[6]
        )
        (e2e, ttft, interToken, queue) = (ids[7], ids[8], ids[9], ids[10])
    }

    /// One poll's increments: traffic follows the time of day, latency follows the load and
    /// changes a little with each version; histograms are log-normal around the median.
    func append(tick ts: Int64, seconds: Double, deployment index: Int, into batch: inout StoreBatch) {
        let day = Double(ts % 86_400_000) / 86_400_000
        let load = 1 + 0.5 * sin(2 * Double.pi * day + Double(index))
        let rate = Double(2 + index % 7) * load
        let requests = (rate * seconds).rounded()
        let failed = (requests * (index % 13 == 0 ? 0.03 : 0.004)).rounded()
        let version = Double((ts / (48 * FleetHistory.hour) + Int64(index)) % 3)
        let median = (0.8 + 0.1 * Double(index % 5)) * (0.8 + 0.4 * load) * (1 + 0.1 * version)
        batch.counterIncrements += [
            PointRecord(seriesID: success, ts: ts, value: requests - failed),
            PointRecord(seriesID: errors, ts: ts, value: failed),
            PointRecord(seriesID: prompt, ts: ts, value: requests * 900),
            PointRecord(seriesID: generated, ts: ts, value: requests * 220),
        ]
        let inFlight = rate * median
        batch.gaugeValues += [
            PointRecord(seriesID: running, ts: ts, value: min(32, inFlight.rounded())),
            PointRecord(seriesID: waiting, ts: ts, value: max(0, inFlight - 32).rounded()),
            PointRecord(seriesID: kvCache, ts: ts, value: min(0.99, inFlight / 40)),
        ]
        batch.histogramIncrements += [
            Self.histogram(e2e, ts, requests, median: median, bounds: Self.latencyBounds),
            Self.histogram(ttft, ts, requests, median: median / 8, bounds: Self.ttftBounds),
            Self.histogram(
                interToken,
                ts,
                requests * 220,
                median: 0.03 * (0.8 + 0.4 * load),
                bounds: Self.interTokenBounds
            ),
            Self.histogram(queue, ts, requests, median: 0.02 * load * load, bounds: Self.latencyBounds),
        ]
        batch.scrapes.append(
            ScrapeRecord(target: FleetHistory.name(index), ts: ts, health: .up, durationSeconds: 0.012, bytes: 61_000)
        )
    }

    /// Cumulative bucket increments of `count` log-normal observations (σ = 0.6) around `median`.
    static func histogram(
        _ id: Int64,
        _ ts: Int64,
        _ count: Double,
        median: Double,
        bounds: [Double]
    ) -> HistogramRecord {
        let sigma = 0.6
        let buckets = bounds.map { bound -> Double in
            guard bound.isFinite else { return count }
            return (count * 0.5 * erfc(-(log(bound) - log(median)) / (sigma * 2.0.squareRoot()))).rounded()
        }
        return HistogramRecord(
            seriesID: id,
            ts: ts,
            count: count,
            sum: count * median * exp(sigma * sigma / 2),
            buckets: buckets
        )
    }
}
