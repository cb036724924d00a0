import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `llmdeck sim` with a fault injected on each of four deployments, `llmdeck collect` evaluating
/// the alert rules as it polls, and `llmdeck alerts --json` reading the store: each fault raises
/// its alert; and a healthy fleet of 20 raises none.
///
/// The rules' `for` is shortened to 2 s and the windows to seconds (the config can), so the test
/// waits seconds, not the minutes the defaults hold for; its attempts are bounded, never timed.
@Suite(.serialized)
struct AlertsEndToEndTests {
    private struct Listing: Decodable {
        struct Alert: Decodable {
            var rule: String
            var deployment: String
            var state: String
            var severity: String?
            var summary: String
        }

        var alerts: [Alert]
    }

    private func post(_ url: String, _ body: String) async throws {
        var request = URLRequest(url: try #require(URL(string: url)))
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let _: Void = try await withCheckedThrowingContinuation { continuation in
            URLSession.shared.dataTask(with: request) { _, _, error in
                if let error { continuation.resume(throwing: error) } else { continuation.resume() }
            }.resume()
        }
    }

    /// A simulated fleet's config with alert rules quick enough for a test: polled every second,
    /// with a 5 s timeout (the default, one interval, is missed on a loaded CI runner, and the
    /// target would rightly be reported down).
    private func config(_ simulator: [String], alerts: String, in directory: TemporaryDirectory) async throws -> String
    {
        let printed = try await CommandRun.llmdeck(["sim", "--print-config"] + simulator)
        try #require(printed.status == 0, "\(printed.standardError)")
        let yaml = printed.standardOutput.replacingOccurrences(
            of: #"interval: [0-9a-z.]+"#,
            with: "interval: 1s\n    timeout: 5s",
            options: .regularExpression
        )
        let path = directory.path("config.yaml")
        try (yaml + alerts).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// `llmdeck sim` with `arguments(base)` on a free port range, tried again on another range
    /// when it does not come up (a port taken by another suite's server).
    private func startFleet(
        count: Int,
        in directory: TemporaryDirectory,
        _ arguments: (Int) -> [String]
    ) async throws -> (base: Int, arguments: [String], process: BackgroundProcess) {
        var outputs: [String] = []
        for attempt in 0..<3 {
            let base = freePortBase(count: count)
            let process = try BackgroundProcess(
                llmdeck: ["sim"] + arguments(base),
                in: directory,
                name: "sim-\(attempt)"
            )
            _ = await waitUntil(attempts: 1_200) { process.output.contains("serving") || !process.process.isRunning }
            if process.output.contains("serving") { return (base, arguments(base), process) }
            outputs.append(process.output)
            kill(process.process.processIdentifier, SIGTERM)
        }
        throw FleetNotServing(outputs: outputs)
    }

    private struct FleetNotServing: Error, CustomStringConvertible {
        var outputs: [String]
        var description: String { "the simulated fleet never served: \(outputs)" }
    }

    private func alerts(_ config: String, _ store: String) async throws -> (status: Int32, listing: Listing?) {
        let run = try await CommandRun.llmdeck(["alerts", "--json", "--config", config, "--db", store])
        return (run.status, try? JSONDecoder().decode(Listing.self, from: Data(run.standardOutput.utf8)))
    }

    @Test func eachInjectedFaultRaisesItsAlert() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // chat-prod (vLLM), code-prod (TGI), assist-prod (llama.cpp), search-prod (vLLM).
        let (base, simulator, fleet) = try await startFleet(count: 4, in: directory) { base in
            ["--count", "4", "--base-port", "\(base)", "--scenario", "none", "--rate", "10"]
        }
        defer { kill(fleet.process.processIdentifier, SIGTERM) }
        let config = try await config(
            simulator,
            alerts: """
                alerts:
                  interval: 2s
                  builtin:
                    target_down: { for: 2s }
                    error_ratio: { for: 2s, minimum_requests: 100 }
                    latency_p95: { for: 2s }
                    drift: { for: 2s }
                  drift: { window: 20s, min_count: 100 }

                """,
            in: directory
        )
        let store = directory.path("deck.sqlite")
        let collector = try BackgroundProcess(
            llmdeck: ["collect", "--config", config, "--db", store],
            in: directory,
            name: "collect"
        )
        // A baseline of healthy traffic first: the latency rule compares with the hour before
        // the deploy, drift with the traffic before its window. The error ratio needs 100
        // requests: at the simulator's 1 % base rate, 20 requests hold two errors (10 % > 5 %)
        // often enough for a healthy start to fire now and then.
        try await Task.sleep(for: .seconds(25))
        let healthy = try await alerts(config, store)
        #expect(healthy.status == 0, "nothing fires before a fault: \(String(describing: healthy.listing))")
        let control = { (port: Int, body: String) in try await post("http://127.0.0.1:\(port)/sim/control", body) }
        try await control(base, #"{"action": "deploy", "latency_factor": 5}"#)
        try await control(base + 1, #"{"action": "drift", "prompt_factor": 4}"#)
        try await control(base + 2, #"{"action": "down", "mode": "refuse"}"#)
        try await control(base + 3, #"{"action": "errors", "rate": 0.5}"#)
        let expected: Set<String> = [
            "latency_p95/chat-prod", "drift/code-prod", "target_down/assist-prod", "error_ratio/search-prod",
        ]
        var firing: Set<String> = []
        var last: (status: Int32, listing: Listing?) = (0, nil)
        for _ in 0..<60 where !expected.isSubset(of: firing) {
            try await Task.sleep(for: .seconds(2))
            last = try await alerts(config, store)
            firing = Set(
                (last.listing?.alerts ?? []).filter { $0.state == "firing" }.map { "\($0.rule)/\($0.deployment)" }
            )
        }
        await collector.stop(signal: SIGINT)
        #expect(expected.isSubset(of: firing), "firing: \(firing.sorted()); collector: \(collector.output)")
        #expect(last.status == 1, "exit 1 while an alert fires")
        let latency = last.listing?.alerts.first { $0.rule == "latency_p95" && $0.deployment == "chat-prod" }
        #expect(latency?.summary.hasPrefix("p95 latency ") == true, "\(String(describing: latency))")
        #expect(latency?.severity == "critical", "×5 latency is past the critical threshold")
    }

    @Test func aHealthyFleetOfTwentyRaisesNoAlertOverTenSimulatedMinutes() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // 30× time: ten simulated minutes take 20 s; 60 requests a second per deployment, so each
        // 30 s drift window holds about 1,800 against the 1,000 a verdict needs. The waiting
        // queue's slope keeps its 5-minute window (a slope over seconds of a queue is noise),
        // so it is not judged in this run.
        let (_, simulator, fleet) = try await startFleet(count: 20, in: directory) { base in
            ["--count", "20", "--base-port", "\(base)", "--scenario", "none", "--rate", "2", "--time-scale", "30"]
        }
        defer { kill(fleet.process.processIdentifier, SIGTERM) }
        let config = try await config(
            simulator,
            alerts: """
                alerts:
                  interval: 2s
                  builtin:
                    target_down: { for: 2s }
                    error_ratio: { for: 2s }
                    latency_p95: { for: 2s, window: 10s }
                    ttft_p95: { for: 2s, window: 10s }
                    kv_cache_full: { for: 2s }
                    queue_growing: { for: 2s }
                    drift: { for: 2s }
                  drift: { window: 30s }

                """,
            in: directory
        )
        let store = directory.path("deck.sqlite")
        let collector = try BackgroundProcess(
            llmdeck: ["collect", "--config", config, "--db", store],
            in: directory,
            name: "collect"
        )
        var raised: [Listing.Alert] = []
        for _ in 0..<25 {
            try await Task.sleep(for: .seconds(2))
            raised += try await alerts(config, store).listing?.alerts ?? []
        }
        await collector.stop(signal: SIGINT)
        let evaluations = collector.output.firstMatch(of: /(\d+) alert rule evaluation/).flatMap { Int($0.1) } ?? 0
        print("healthy fleet: \(evaluations) alert rule evaluations over about 50 s (25 simulated minutes)")
        #expect(evaluations >= 20 * 9 * 10, "nine rules on twenty deployments, tick after tick: \(collector.output)")
        #expect(raised.isEmpty, "\(raised.map { "\($0.rule)/\($0.deployment) \($0.state): \($0.summary)" })")
    }
}
