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

        var scrape = """
            global: {scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s}
            scrape_configs:
              - job_name: sim
                static_configs:

            """
        for server in servers {
            scrape += "      - targets: ['\(server.address)']\n        labels: {deployment: '\(server.name)'}\n"
        }
        let prometheus = try await PrometheusProcess.start(configuration: scrape)
        let viaPrometheus = directory.path("via-prometheus.sqlite")
        let sourceConfig = directory.path("prometheus-source.yaml")
        try """
        sources:
          - prometheus: { url: "\(prometheus.url)", interval: 1s, scrape_interval: 1s, timeout: 5s }
            discover: 'up{job="sim"}'
        store:
          path: "\(viaPrometheus)"

        """.write(toFile: sourceConfig, atomically: true, encoding: .utf8)
        let collector = try BackgroundProcess(
            llmdeck: ["collect", "--config", sourceConfig],
            in: directory,
            name: "collect-prometheus"
        )
        defer { kill(collector.process.processIdentifier, SIGTERM) }
        do {
            try await compare(fleet, servers.map(\.name), viaPrometheus, sourceConfig, collector)
        } catch {
            Issue.record("collector via Prometheus said:\n\(collector.output.suffix(2000))")
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

    func compare(
        _ fleet: CollectedFleet,
        _ names: [String],
        _ viaPrometheus: String,
        _ sourceConfig: String,
        _ collector: BackgroundProcess
    ) async throws {
        // Both stores hold every deployment with traffic and latency, then 65 s more so the 60 s window
        // is covered by both. A window holds its interval's polls give or take one (1 s of 60 s, 1.7 %,
        // on either side), so rates over it agree within 5 % when both sources count the same requests.
        let ready = await waitUntilAsync(attempts: 600) {
            let status = try await CommandRun.llmdeck(["status", "--json", "--window", "10s", "--config", sourceConfig])
            let rows = (try? Self.statuses(status.standardOutput)) ?? [:]
            return names.allSatisfy { rows[$0]?["tokens_per_second"] is Double }
                && names.filter { !$0.hasPrefix("assist") }.allSatisfy { Self.p95(rows[$0]) != nil }
        }
        try #require(ready, "the Prometheus source never delivered every deployment")
        try await Task.sleep(for: .seconds(65))

        let direct = try Self.statuses(try await fleet.llmdeck(["status", "--json", "--window", "60s"]).standardOutput)
        let throughPrometheus = try Self.statuses(
            try await CommandRun.llmdeck(["status", "--json", "--window", "60s", "--config", sourceConfig])
                .standardOutput
        )
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
}
