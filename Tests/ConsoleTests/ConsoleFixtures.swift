import Console
import Fleet
import Vocabulary

/// A small fleet with known values for screen and reducer tests; the clock is fixed.
enum ConsoleFixtures {
    /// 2026-01-01T00:00:00Z in milliseconds.
    static let now: Int64 = 1_767_225_600_000

    static func deployment(
        _ name: String,
        health: Health? = .up,
        environment: String = "production",
        model: String = "meta-llama/Llama-3.1-8B-Instruct",
        p95: Double = 1.2,
        requests: Double = 12.5,
        errors: Double = 0.002
    ) -> DeploymentStatus {
        let kind = String(name.prefix { $0 != "-" })
        var row = DeploymentStatus(name: name, kind: kind, environment: environment, url: "http://127.0.0.1:18000")
        row.health = health
        row.lastPoll = now - 2_000
        row.model = model
        row.version = "v1.4.2"
        row.versionSeenAt = now - 3 * 3_600_000
        row.requestsPerSecond = requests
        row.errorRatio = errors
        row.latencySeconds.p50 = p95 / 3
        row.latencySeconds.p95 = p95
        row.latencySeconds.p99 = p95 * 1.5
        row.ttftSeconds.p95 = 0.18
        row.tokensPerSecond = 840
        row.running = 7
        row.waiting = 1
        row.kvCacheUsage = 0.42
        return row
    }

    static var fleet: [DeploymentStatus] {
        [
            deployment("vllm-prod-1", p95: 1.2, requests: 12.5),
            deployment("tgi-prod-2", p95: 7.5, requests: 4, errors: 0.08),
            deployment("llamacpp-canary-3", health: .down, environment: "canary", p95: 0.4, requests: 1),
            deployment("vllm-staging-4", environment: "staging", model: "Qwen/Qwen2.5-7B", p95: 2.1, requests: 30),
        ]
    }

    static func latency(for name: String) -> LatencyHistory {
        let points = (0..<60).map { index -> Int64 in now - 3_600_000 + Int64(index) * 60_000 }
        func series(_ base: Double) -> [SeriesPoint] {
            points.enumerated().map { SeriesPoint(time: $1, value: base + Double($0 % 10) * base / 20) }
        }
        return LatencyHistory(
            deployment: name,
            range: .oneHour,
            end: now,
            e2e: QuantileSeries(p50: series(0.4), p95: series(1.2), p99: series(1.8)),
            ttft: QuantileSeries(p50: series(0.05), p95: series(0.18), p99: series(0.3)),
            markers: [TimelineEvent(time: now - 1_800_000, kind: "deploy", detail: "v1.4.2")]
        )
    }

    static func detail(for name: String) -> DeploymentDetail {
        DeploymentDetail(
            name: name,
            kind: "vllm",
            environment: "production",
            url: "http://127.0.0.1:18000",
            polls: [
                PollRecord(time: now - 2_000, health: .up, duration: 0.012),
                PollRecord(time: now - 7_000, health: .down, duration: 3, error: "timeout after 3s"),
            ],
            versions: [
                VersionChange(time: now - 3 * 3_600_000, model: "meta-llama/Llama-3.1-8B-Instruct", version: "v1.4.2"),
                VersionChange(time: now - 50 * 3_600_000, model: "meta-llama/Llama-3.1-8B-Instruct", version: "v1.4.1"),
            ],
            series: [
                SeriesEntry(name: "llmdeck:e2e_latency_seconds", labels: "", kind: "histogram"),
                SeriesEntry(name: "vllm:num_requests_running", labels: "model_name=\"llama\"", kind: "gauge"),
            ]
        )
    }

    /// A state showing the fleet at `width`×`height` with data.
    static func state(width: Int = 120, height: Int = 40) -> AppState {
        var state = AppState(
            width: width,
            height: height,
            now: now,
            themeNames: ["default", "dracula", "light", "monochrome"],
            source: "test"
        )
        _ = ConsoleReducer.reduce(&state, .snapshot(FleetSnapshot(takenAt: now, deployments: fleet)))
        return state
    }
}

extension AppState {
    /// What the standard console would read next in this state.
    var readRequest: ReadRequest { ConsoleRegistry.standard.readRequest(for: self) }
}
