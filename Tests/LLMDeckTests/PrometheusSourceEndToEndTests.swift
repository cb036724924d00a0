import Foundation
import GRDB
import PrometheusTestSupport
import TestSupport
import Testing

/// The Prometheus source end to end, all real processes: `llmdeck sim` serves a fleet, the real
/// Prometheus (`/usr/bin/prometheus`) scrapes it every second, one `llmdeck collect` polls the servers
/// directly and another reads the same fleet through Prometheus; `llmdeck status --json` on the two
/// stores must agree.
@Suite(.serialized)
struct PrometheusSourceEndToEndTests {
    /// The deployments of a `sim --print-config`, name → `host:port`.
    static func deployments(_ yaml: String) -> [(name: String, address: String)] {
        let pattern = #/- name: ([a-z0-9-]+)\n\s+url: http://([0-9.:]+)/#
        return yaml.matches(of: pattern).map { (String($0.1), String($0.2)) }
    }

    /// Prometheus scraping each server every second, labelled with its deployment's name.
    static func scrapeConfig(_ servers: [(name: String, address: String)]) -> String {
        PrometheusProcess.scrapeConfig(
            job: "sim",
            interval: 1,
            targets: servers.map { ($0.address, ["deployment": $0.name]) }
        )
    }

    /// A configuration with one Prometheus source ticking every second, and no direct deployments.
    static func writeSourceConfig(
        _ prometheus: ServerProcess,
        store: String,
        in directory: TemporaryDirectory,
        named name: String = "prometheus-source",
        settings: String = ""
    ) throws -> String {
        let path = directory.path(name + ".yaml")
        try """
        sources:
          - prometheus: { url: "\(prometheus.url)", interval: 1s, scrape_interval: 1s, timeout: 5s\(settings) }
            discover: 'up{job="sim"}'
        store:
          path: "\(store)"

        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// One status document's deployments by name.
    static func statuses(_ json: String) throws -> [String: [String: Any]] {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let rows = try #require(document["deployments"] as? [[String: Any]])
        var byName: [String: [String: Any]] = [:]
        for row in rows { if let name = row["name"] as? String { byName[name] = row } }
        return byName
    }

    static func p95(_ row: [String: Any]?) -> Double? {
        (row?["latency_seconds"] as? [String: Any])?["p95"] as? Double
    }

    /// The upper bounds of a deployment's canonical end-to-end histogram in a store.
    static func e2eBounds(store: String, deployment: String) throws -> [Double] {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: store, configuration: configuration)
        let blob = try queue.read { db in
            try Data.fetchOne(
                db,
                sql: "SELECT bucket_bounds FROM series WHERE target = ? AND name = 'llmdeck:e2e_latency_seconds'",
                arguments: [deployment]
            )
        }
        let data = try #require(blob)
        return stride(from: 0, to: data.count, by: 8).map { offset in
            Double(
                bitPattern: UInt64(
                    littleEndian: data[offset..<offset + 8].withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                )
            )
        }
    }

    /// How far two p95s read from one histogram may lie apart: the width of the bucket holding either
    /// (they interpolate inside the bucket the 95th rank falls in, and a window's edge can move the
    /// rank across one boundary).
    static func tolerance(_ a: Double, _ b: Double, bounds: [Double]) -> Double {
        let finite = bounds.filter(\.isFinite)
        func width(_ value: Double) -> Double {
            guard let upper = finite.firstIndex(where: { value <= $0 }) else { return .infinity }
            return finite[upper] - (upper == 0 ? 0 : finite[upper - 1])
        }
        return max(width(a), width(b))
    }

    @Test(
        .enabled(if: PrometheusProcess.isInstalled, "needs /usr/bin/prometheus (Debian package prometheus)"),
        .timeLimit(.minutes(5))
    )
    func statusThroughPrometheusAgreesWithTheDirectSource() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fleet = try await CollectedFleet.start(
            count: 3,
            arguments: ["--scenario", "none", "--rate", "40", "--experiment", "none"],
            in: directory
        )
        defer { fleet.stop() }
        let yaml = try String(contentsOfFile: fleet.config, encoding: .utf8)
        let servers = Self.deployments(yaml)
        try #require(servers.count == 3, "\(yaml)")

        let prometheus = try await PrometheusProcess.start(configuration: Self.scrapeConfig(servers))
        let viaPrometheus = directory.path("via-prometheus.sqlite")
        let sourceConfig = try Self.writeSourceConfig(prometheus, store: viaPrometheus, in: directory)
        let collector = try BackgroundProcess(
            llmdeck: ["collect", "--config", sourceConfig],
            in: directory,
            name: "collect-prometheus"
        )
        defer { kill(collector.process.processIdentifier, SIGTERM) }
        // The same through a source reading one deployment's histograms a tick (`histogram_batch: 1`):
        // each deployment's latency arrives every third tick, and agrees all the same.
        let inTurns = try Self.writeSourceConfig(
            prometheus,
            store: directory.path("via-prometheus-in-turns.sqlite"),
            in: directory,
            named: "prometheus-source-in-turns",
            settings: ", histogram_batch: 1"
        )
        let turnsCollector = try BackgroundProcess(
            llmdeck: ["collect", "--config", inTurns],
            in: directory,
            name: "collect-prometheus-in-turns"
        )
        defer { kill(turnsCollector.process.processIdentifier, SIGTERM) }
        do {
            try await compare(fleet, servers.map(\.name), [sourceConfig, inTurns])
            // The collector in turns told the store how long a deployment's latency may go unread
            // (three turns of 1 s and a tick): a shorter window is widened to it for latency alone
            // (not for llama.cpp's assist-prod, which has no latency histograms).
            for (config, widened) in [(inTurns, 4.0 as Double?), (sourceConfig, nil)] {
                let status = try await CommandRun.llmdeck(["status", "--json", "--window", "2s", "--config", config])
                let rows = try Self.statuses(status.standardOutput)
                for name in servers.map(\.name) {
                    let expected = name.hasPrefix("assist") ? nil : widened
                    #expect(rows[name]?["latency_window_seconds"] as? Double == expected, "\(name) in \(config)")
                }
            }
        } catch {
            Issue.record("collector via Prometheus said:\n\(collector.output.suffix(2000))")
            Issue.record("collector with histogram_batch said:\n\(turnsCollector.output.suffix(2000))")
            Issue.record("Prometheus log:\n\(prometheus.log.suffix(2000))")
            await prometheus.stop()
            throw error
        }
        await prometheus.stop()

        // Prometheus gone: the deployments stay, degraded (their servers' state is unknown), with
        // Prometheus' words; the collector keeps running.
        var rows: [String: [String: Any]] = [:]
        let reported = await waitUntilAsync(attempts: 200) {
            let status = try await CommandRun.llmdeck(["status", "--json", "--config", sourceConfig])
            rows = (try? Self.statuses(status.standardOutput)) ?? [:]
            return rows.values.allSatisfy { ($0["health"] as? String) == "degraded" } && rows.count == 3
        }
        #expect(reported, "\(rows)")
        for row in rows.values {
            let said = row["last_error"] as? String ?? ""
            #expect(said.contains("Cannot reach Prometheus at \(prometheus.url)"), "\(said)")
        }
        #expect(collector.process.isRunning)
        #expect(collector.output.contains("prometheus \(prometheus.url.dropFirst("http://".count))"))
    }

    /// `status --json` of the direct store against that of each source configuration in `sources`.
    func compare(_ fleet: CollectedFleet, _ names: [String], _ sources: [String]) async throws {
        // Every store holds every deployment with traffic and latency, then 65 s more so the 60 s window
        // is covered by all. A window holds its interval's polls give or take one (1 s of 60 s, 1.7 %,
        // on either side), so rates over it agree within 5 % when the sources count the same requests.
        for sourceConfig in sources {
            let ready = await waitUntilAsync(attempts: 600) {
                let status = try await CommandRun.llmdeck(
                    ["status", "--json", "--window", "10s", "--config", sourceConfig]
                )
                let rows = (try? Self.statuses(status.standardOutput)) ?? [:]
                return names.allSatisfy { rows[$0]?["tokens_per_second"] is Double }
                    && names.filter { !$0.hasPrefix("assist") }.allSatisfy { Self.p95(rows[$0]) != nil }
            }
            try #require(ready, "the Prometheus source of \(sourceConfig) never delivered every deployment")
        }
        try await Task.sleep(for: .seconds(65))

        let direct = try Self.statuses(try await fleet.llmdeck(["status", "--json", "--window", "60s"]).standardOutput)
        for sourceConfig in sources {
            let throughPrometheus = try Self.statuses(
                try await CommandRun.llmdeck(["status", "--json", "--window", "60s", "--config", sourceConfig])
                    .standardOutput
            )
            try compare(direct, throughPrometheus, names, fleet: fleet)
        }
    }

    func compare(
        _ direct: [String: [String: Any]],
        _ throughPrometheus: [String: [String: Any]],
        _ names: [String],
        fleet: CollectedFleet
    ) throws {
        for name in names {
            let a = try #require(direct[name], "direct has no \(name)")
            let b = try #require(throughPrometheus[name], "the Prometheus source has no \(name)")
            #expect(b["health"] as? String == "up")
            #expect(b["kind"] as? String == a["kind"] as? String, "\(name): the kind told by its signature metric")
            for key in ["requests_per_second", "tokens_per_second"] {
                guard let rate = a[key] as? Double else {
                    #expect(b[key] as? Double == nil, "\(name) \(key): only the direct source lacks it")
                    continue
                }
                let other = try #require(b[key] as? Double, "\(name) \(key) missing through Prometheus")
                #expect(abs(other - rate) <= 0.05 * rate, "\(name) \(key): direct \(rate), via Prometheus \(other)")
            }
            if let p95 = Self.p95(a) {
                let other = try #require(Self.p95(b), "\(name) p95 missing through Prometheus")
                let bounds = try Self.e2eBounds(store: fleet.store, deployment: name)
                let allowed = Self.tolerance(p95, other, bounds: bounds)
                #expect(
                    abs(p95 - other) <= allowed,
                    "\(name) p95: direct \(p95), via Prometheus \(other), bucket \(allowed)"
                )
            }
            for key in ["running", "waiting"] where a[key] is Double {
                #expect(b[key] is Double, "\(name) \(key) missing through Prometheus")
            }
        }
    }

    /// The A/B report of experiments read through Prometheus counts exactly what the simulated
    /// servers served: the source saw every deployment before the experiment began, so every
    /// request is counted from zero.
    @Test(
        .enabled(if: PrometheusProcess.isInstalled, "needs /usr/bin/prometheus (Debian package prometheus)"),
        .timeLimit(.minutes(5))
    )
    func abThroughPrometheusCountsEqualTheTruth() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let base = freePortBase(count: 4)
        let common = [
            "--count", "4", "--base-port", "\(base)", "--scenario", "none", "--rate", "5", "--experiment",
            "effect:variants=a,b;success=0.5,0.8;servers=2;rate=60;start=15",
        ]
        let printed = try await CommandRun.llmdeck(["sim", "--print-config"] + common)
        try #require(printed.status == 0, "\(printed.standardError)")
        let servers = Self.deployments(printed.standardOutput)
        let simulator = try BackgroundProcess(llmdeck: ["sim"] + common, in: directory, name: "sim")
        defer { kill(simulator.process.processIdentifier, SIGTERM) }
        try #require(await waitUntil { simulator.output.contains("serving") }, "\(simulator.output)")
        let prometheus = try await PrometheusProcess.start(configuration: Self.scrapeConfig(servers))
        let store = directory.path("via-prometheus.sqlite")
        let config = try Self.writeSourceConfig(prometheus, store: store, in: directory)
        let collector = try BackgroundProcess(llmdeck: ["collect", "--config", config], in: directory, name: "collect")
        defer { kill(collector.process.processIdentifier, SIGTERM) }

        // The experiment starts 15 s into the simulation and serves for about 15 s; then the servers'
        // clocks stop, Prometheus scrapes the last counts and the source reads them.
        try await Task.sleep(for: .seconds(30))
        for port in (0..<4).map({ base + $0 }) {
            _ = try await simulatorRequest("http://127.0.0.1:\(port)/sim/control", body: #"{"action": "pause"}"#)
        }
        try await Task.sleep(for: .seconds(5))
        await collector.stop(signal: SIGINT)
        await prometheus.stop()
        let truthData = try await simulatorRequest("http://127.0.0.1:\(base)/sim/experiments")
        let truth = try #require(try JSONSerialization.jsonObject(with: truthData) as? [String: Any])
        let run = try await CommandRun.llmdeck(["ab", "--json", "--config", config])
        #expect(run.status == 0, "\(run.standardError)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any]
        )
        let experiments = try #require(truth["experiments"] as? [[String: Any]])
        let read = try #require(report["experiments"] as? [[String: Any]])
        let effect = try #require(read.first { $0["name"] as? String == "effect" }, "\(run.standardOutput.prefix(500))")
        let variants = try #require(effect["variants"] as? [[String: Any]])
        for experiment in experiments where experiment["name"] as? String == "effect" {
            for variant in experiment["variants"] as? [[String: Any]] ?? [] {
                let name = variant["name"] as? String
                let stored = try #require(variants.first { $0["name"] as? String == name })
                #expect(stored["requests"] as? Double == variant["requests"] as? Double, "\(name ?? "") requests")
                #expect(stored["successes"] as? Double == variant["successes"] as? Double, "\(name ?? "") successes")
                #expect((variant["requests"] as? Double ?? 0) > 100)
            }
        }
    }
}
