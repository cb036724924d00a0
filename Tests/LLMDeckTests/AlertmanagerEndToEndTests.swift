import Foundation
import HTTP
import PrometheusTestSupport
import Store
import TestSupport
import Testing

/// The Alertmanager source end to end, all real processes: `llmdeck sim` serves a fleet, the real
/// Prometheus scrapes it and evaluates a rule that fires at once on every deployment, sending the alerts
/// to the real Alertmanager; `llmdeck collect` reads that Alertmanager. `llmdeck alerts --json` shows the
/// alerts with source `alertmanager`; silencing one through llmdeck makes Alertmanager report it
/// silenced, acknowledging another too, expiring the silence unmutes it; a stopped Alertmanager is
/// reported, and the collector keeps running.
@Suite(.serialized)
struct AlertmanagerEndToEndTests {
    /// A rule firing while a simulated server is scraped (`for: 0s`), labelled with its deployment.
    static let rules = """
        groups:
          - name: llmdeck-e2e
            interval: 1s
            rules:
              - alert: DeploymentScraped
                expr: up{job="sim"} == 1
                for: 0s
                labels: {severity: warning}
                annotations: {summary: 'Prometheus scrapes {{ $labels.deployment }}'}
        """

    /// Alertmanager's own view of its alerts (not llmdeck's client): fingerprint → (state, silencedBy).
    static func alertmanagerStates(_ url: String, _ client: HTTPClient) async throws -> [String: (String, [String])] {
        let response = try await client.send(HTTPRequest(url: url + "/api/v2/alerts", timeout: 5)).get()
        let alerts = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]])
        var states: [String: (String, [String])] = [:]
        for alert in alerts {
            guard let fingerprint = alert["fingerprint"] as? String, let status = alert["status"] as? [String: Any]
            else { continue }
            states[fingerprint] = (status["state"] as? String ?? "", status["silencedBy"] as? [String] ?? [])
        }
        return states
    }

    /// The alerts of one `llmdeck alerts --json`, and its document.
    static func alerts(_ fleet: CollectedFleet) async throws -> (alerts: [[String: Any]], document: [String: Any]) {
        let run = try await fleet.llmdeck(["alerts", "--json"])
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any]
        )
        return (document["alerts"] as? [[String: Any]] ?? [], document)
    }

    /// The simulated fleet (two servers) with `llmdeck collect` reading an Alertmanager source named
    /// `am-e2e`, that Alertmanager, and Prometheus scraping the fleet and firing `rules` into it.
    static func startStack(
        in directory: TemporaryDirectory
    ) async throws -> (CollectedFleet, ServerProcess, ServerProcess, [(name: String, address: String)]) {
        let alertmanager = try await AlertmanagerProcess.start()
        let fleet: CollectedFleet
        do {
            fleet = try await CollectedFleet.start(
                count: 2,
                arguments: ["--scenario", "none", "--experiment", "none"],
                in: directory
            ) { yaml in
                yaml + """

                    sources:
                      - alertmanager: { url: "\(alertmanager.url)", interval: 1s, timeout: 5s }
                        name: am-e2e

                    """
            }
        } catch {
            await alertmanager.stop()
            throw error
        }
        let servers = PrometheusSourceEndToEndTests.deployments(
            try String(contentsOfFile: fleet.config, encoding: .utf8)
        )
        let configuration =
            PrometheusSourceEndToEndTests.scrapeConfig(servers) + """
                rule_files: ['{{dir}}/rules.yml']
                alerting:
                  alertmanagers:
                    - static_configs:
                        - targets: ['127.0.0.1:\(alertmanager.port)']

                """
        let prometheus: ServerProcess
        do {
            prometheus = try await PrometheusProcess.start(
                configuration: configuration,
                files: ["rules.yml": Self.rules]
            )
        } catch {
            fleet.stop()
            await alertmanager.stop()
            throw error
        }
        return (fleet, prometheus, alertmanager, servers)
    }

    @Test(
        .enabled(if: PrometheusProcess.isInstalled, "needs /usr/bin/prometheus"),
        .enabled(if: AlertmanagerProcess.isInstalled, "needs /usr/bin/prometheus-alertmanager"),
        .timeLimit(.minutes(5))
    )
    func prometheusAlertsReachLlmdeckAndAreSilencedThroughIt() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (fleet, prometheus, alertmanager, servers) = try await Self.startStack(in: directory)
        defer { fleet.stop() }
        let client = HTTPClient()
        do {
            try await silenceThroughLlmdeck(fleet, servers.map(\.name), alertmanager.url, client)
        } catch {
            Issue.record("collector said:\n\(fleet.collector.output.suffix(2000))")
            Issue.record("Prometheus log:\n\(prometheus.log.suffix(2000))")
            Issue.record("Alertmanager log:\n\(alertmanager.log.suffix(2000))")
            await prometheus.stop()
            await alertmanager.stop()
            client.shutdown()
            throw error
        }
        await prometheus.stop()
        await alertmanager.stop()
        client.shutdown()

        // Alertmanager gone: reported by `llmdeck alerts`, logged by the collector, which keeps running.
        var document: [String: Any] = [:]
        let reported = await waitUntilAsync(attempts: 300) {
            document = try await Self.alerts(fleet).document
            let sources = document["alertmanagers"] as? [[String: Any]] ?? []
            return sources.first?["ok"] as? Bool == false
        }
        #expect(reported, "\(document)")
        let source = (document["alertmanagers"] as? [[String: Any]])?.first
        #expect((source?["error"] as? String)?.contains("Cannot reach Alertmanager at \(alertmanager.url)") == true)
        let table = try await fleet.llmdeck(["alerts"])
        #expect(table.standardError.contains("llmdeck alerts: alertmanager am-e2e not read at "))
        #expect(fleet.collector.process.isRunning)
        #expect(
            fleet.collector.output.contains("alertmanager am-e2e (\(alertmanager.url)): alerts not read: Cannot reach")
        )
    }

    func silenceThroughLlmdeck(
        _ fleet: CollectedFleet,
        _ names: [String],
        _ alertmanagerURL: String,
        _ client: HTTPClient
    ) async throws {
        // Prometheus fires the rule on every deployment; the collector's next read brings the alerts in.
        var alerts: [[String: Any]] = []
        let arrived = await waitUntilAsync(attempts: 600) {
            alerts = try await Self.alerts(fleet).alerts.filter { $0["rule"] as? String == "DeploymentScraped" }
            return Set(alerts.compactMap { $0["deployment"] as? String }) == Set(names)
        }
        try #require(arrived, "\(alerts)")
        #expect(alerts.allSatisfy { $0["source"] as? String == "alertmanager" })
        #expect(alerts.allSatisfy { $0["source_name"] as? String == "am-e2e" })
        #expect(alerts.allSatisfy { $0["state"] as? String == "firing" && $0["severity"] as? String == "warning" })
        let silenced = try #require(alerts.first)
        let acknowledged = try #require(alerts.last)
        let silencedID = try #require(silenced["id"] as? String)
        let acknowledgedID = try #require(acknowledged["id"] as? String)

        let silence = try await fleet.llmdeck(
            ["alerts", "silence", silencedID, "--for", "1h", "--comment", "maintenance", "--actor", "alice"]
        )
        #expect(silence.status == 0, "\(silence.standardError)")
        let ack = try await fleet.llmdeck(["alerts", "ack", acknowledgedID, "--comment", "on it", "--actor", "bob"])
        #expect(ack.status == 0, "\(ack.standardError)")
        let listed = try await fleet.llmdeck(["silences", "--json"])
        let silences = try #require(
            (try JSONSerialization.jsonObject(with: Data(listed.standardOutput.utf8)) as? [String: Any])?["silences"]
                as? [[String: Any]]
        )
        let silenceID = try #require(silences.first { $0["kind"] as? String == "silence" }?["id"] as? String)
        let ackID = try #require(silences.first { $0["kind"] as? String == "ack" }?["id"] as? String)
        #expect(silences.allSatisfy { $0["source"] as? String == "alertmanager" })

        // Alertmanager itself reports both muted, by those silences.
        var states: [String: (String, [String])] = [:]
        let muted = await waitUntilAsync(attempts: 300) {
            states = try await Self.alertmanagerStates(alertmanagerURL, client)
            return states[silencedID]?.0 == "suppressed" && states[acknowledgedID]?.0 == "suppressed"
        }
        #expect(muted, "\(states)")
        #expect(states[silencedID]?.1 == [silenceID])
        #expect(states[acknowledgedID]?.1 == [ackID])

        // And so does llmdeck, after its next read.
        let shown = await waitUntilAsync(attempts: 300) {
            let now = try await Self.alerts(fleet).alerts
            let first = now.first { $0["id"] as? String == silencedID }
            let second = now.first { $0["id"] as? String == acknowledgedID }
            return first?["silenced_until"] is String && second?["acknowledged_by"] as? String == "bob"
        }
        #expect(shown)

        let expire = try await fleet.llmdeck(["silences", "expire", silenceID, "--actor", "alice"])
        #expect(expire.status == 0, "\(expire.standardError)")
        let unmuted = await waitUntilAsync(attempts: 300) {
            states = try await Self.alertmanagerStates(alertmanagerURL, client)
            return states[silencedID]?.0 == "active"
        }
        #expect(unmuted, "\(states)")
        #expect(states[silencedID]?.1 == [])

        let audit = try Store(path: fleet.store, readOnly: true).read { try $0.auditRecords() }.map(\.entry)
        #expect(audit.map(\.action) == ["silence", "ack", "silence-expire"])
        #expect(audit.map(\.actor) == ["alice", "bob", "alice"])
        #expect(audit.allSatisfy { $0.outcome == "done" })
    }
}
