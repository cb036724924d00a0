import AlertTestSupport
import Analysis
import Fleet
import Foundation
import Store
import TestSupport
import Testing

/// `llmdeck alerts` on stores whose alert states the evaluator would have written: the JSON
/// document, the table, the exit codes (1 while something fires, 0 when nothing does, 2 on bad
/// input), and hostile text inert.
struct AlertsCommandTests {
    /// Alert states written a second ago (the command reads them at its own clock).
    struct AlertStore {
        let directory: TemporaryDirectory
        let path: String
        let configPath: String
        let now = Int64((Date().timeIntervalSince1970 * 1000).rounded())

        init(config: String = "") throws {
            directory = try TemporaryDirectory()
            path = directory.path("deck.sqlite")
            configPath = directory.path("config.yaml")
            try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        }

        func save(_ alerts: [(state: AlertState, drift: DriftDetail?)]) throws -> Store {
            let store = try Store(path: path)
            try AlertFixtures.save(alerts, in: store, at: now)
            return store
        }

        func run(_ arguments: [String]) async throws -> CommandRun {
            try await CommandRun.llmdeck(["alerts"] + arguments + ["--config", configPath, "--db", path])
        }

        func remove() { directory.remove() }
    }

    @Test func jsonListsAFiringAndAnAcknowledgedAlertAndExitsOne() async throws {
        let fixture = try AlertStore()
        defer { fixture.remove() }
        let now = fixture.now
        let drift = try AlertFixtures.promptDrift(now: now)
        let store = try fixture.save([
            (AlertFixtures.firing(.latencyP95, on: "chat-prod", value: 12, since: now - 180_000), nil),
            (AlertFixtures.firing(.errorRatio, on: "search-prod", value: 0.07, since: now - 300_000), nil),
            (AlertFixtures.firing(.drift, on: "chat-prod", value: drift.psi, since: now - 60_000), drift),
            (AlertFixtures.pending(.ttftP95, on: "search-prod", value: 1.5, since: now - 20_000), nil),
        ])
        let errors = try #require(try AlertReader(store: store).alerts(now: now).first { $0.ruleID == "error_ratio" })
        try AlertLedger(store: store).acknowledge(errors, actor: "alice", at: now - 1_000)

        let run = try await fixture.run(["--json"])
        #expect(run.status == 1, "\(run.standardError)")
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any]
        )
        let alerts = try #require(document["alerts"] as? [[String: Any]])
        #expect(
            alerts.compactMap { $0["id"] as? String } == [
                "latency_p95/chat-prod", "drift/chat-prod", "error_ratio/search-prod", "ttft_p95/search-prod",
            ]
        )
        let keys: Set<String> = [
            "id", "rule", "deployment", "severity", "state", "since", "value", "threshold", "summary",
            "acknowledged_by", "acknowledged_at", "silenced_until", "source", "drift", "fires_in_seconds",
            "source_name", "fingerprint", "labels", "silenced_by",
        ]
        #expect(alerts.allSatisfy { Set($0.keys) == keys })
        let latency = alerts[0]
        #expect(latency["rule"] as? String == "latency_p95")
        #expect(latency["severity"] as? String == "critical")
        #expect(latency["state"] as? String == "firing")
        #expect(latency["value"] as? Double == 12)
        #expect(latency["threshold"] as? Double == 10)
        #expect(latency["acknowledged_by"] is NSNull)
        #expect(latency["drift"] is NSNull)
        #expect(latency["source"] as? String == "llmdeck")
        let since = try #require(latency["since"] as? String)
        #expect(
            ISO8601DateFormatter().date(from: since).map { Int64($0.timeIntervalSince1970 * 1000) } == (now - 180_000)
                / 1000 * 1000
        )
        #expect(alerts[2]["acknowledged_by"] as? String == "alice")
        #expect(alerts[3]["state"] as? String == "pending")
        let firesIn = try #require(alerts[3]["fires_in_seconds"] as? Double)
        #expect(firesIn > 30 && firesIn <= 40, "40 s after the store was written, less the time since")
        let detail = try #require(alerts[1]["drift"] as? [String: Any])
        #expect(detail["feature"] as? String == "prompt_tokens")
        // Through two JSON round trips (the store's payload, the output): equal to the last bits.
        for (key, value) in [("psi", drift.psi), ("ks", drift.ks), ("js", drift.js)] {
            #expect(abs((detail[key] as? Double ?? .nan) - value) < 1e-12, "\(key)")
        }
        #expect((detail["baseline_window"] as? [String: String])?.keys.sorted() == ["from", "to"])
        let bins = try #require(detail["bins"] as? [[String: Any]])
        #expect(bins.count == 6)
        #expect(
            bins.filter { $0["new_range"] as? Bool == true }.compactMap { $0["upper_bound"] as? String } == [
                "2048.0", "+Inf",
            ]
        )

        let table = try await fixture.run([])
        #expect(table.status == 1)
        #expect(table.standardOutput.hasPrefix("SEVERITY  STATE"))
        #expect(table.standardOutput.contains("acknowledged by alice"))
        #expect(
            table.standardOutput.contains("pending (fires in "),
            "a countdown (its figure depends on how long the run took)"
        )
    }

    @Test func nothingFiringExitsZeroAndAllListsWhatIsKept() async throws {
        let fixture = try AlertStore()
        defer { fixture.remove() }
        let now = fixture.now
        _ = try fixture.save([
            (AlertFixtures.pending(.ttftP95, on: "search-prod", value: 1.5, since: now - 20_000), nil),
            (
                AlertFixtures.resolved(
                    .kvCacheFull,
                    on: "chat-prod",
                    value: 0.97,
                    since: now - 7_200_000,
                    resolvedAt: now - 3_600_000
                ), nil
            ),
        ])
        let open = try await fixture.run(["--json"])
        #expect(open.status == 0, "\(open.standardError)")
        #expect(open.standardOutput.contains("ttft_p95/search-prod"))
        #expect(!open.standardOutput.contains("kv_cache_full"), "resolved an hour ago: past the 15 minutes")
        let all = try await fixture.run(["--json", "--all"])
        #expect(all.status == 0)
        #expect(all.standardOutput.contains("kv_cache_full/chat-prod"))
        let empty = try AlertStore()
        defer { empty.remove() }
        _ = try empty.save([])
        let none = try await empty.run([])
        #expect(none.status == 0)
        #expect(none.standardOutput.contains("no alerts"))
    }

    @Test func badInputExitsTwo() async throws {
        let fixture = try AlertStore()
        defer { fixture.remove() }
        let missing = try await fixture.run(["--json"])
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("no store at"))
        #expect(missing.standardOutput.isEmpty)
        let broken = try AlertStore(config: "alerts:\n  bell: maybe\n")
        defer { broken.remove() }
        _ = try broken.save([])
        let config = try await broken.run([])
        #expect(config.status == 2)
        #expect(config.standardError.contains("config.yaml:2:"), "\(config.standardError)")
    }

    @Test func theConfigurationsRulesNameTheAlertsAndHostileTextIsInert() async throws {
        let fixture = try AlertStore(
            config: """
                alerts:
                  rules:
                    - id: preemptions
                      name: vLLM preemptions
                      series: "vllm:num_preemptions_total"
                      aggregation: rate
                      window: 10m
                      warning: 0.5
                      critical: 2
                      summary: "{{deployment}} preempts {{value}} > {{threshold}}"

                """
        )
        defer { fixture.remove() }
        let hostile = "chat\u{1B}[2J\u{202E}evil"
        // The state as the evaluator leaves it under the configured rule (the built-in queue rule
        // renamed: the same unit); the command reads the name and summary from the configuration.
        var preemptions = AlertRuleSpec.queueGrowing
        preemptions.id = "preemptions"
        _ = try fixture.save([
            (AlertFixtures.firing(preemptions, on: hostile, value: 3, since: fixture.now - 60_000), nil)
        ])
        let run = try await fixture.run([])
        #expect(run.status == 1)
        #expect(run.standardOutput.contains("preempts 3.0/s > 2.0/s"), "\(run.standardOutput)")
        #expect(!run.standardOutput.contains("\u{1B}"))
        #expect(!run.standardOutput.contains("\u{202E}"))
        #expect(run.standardOutput.contains("chat␛[2J"))
    }
}
