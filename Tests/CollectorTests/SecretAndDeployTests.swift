import Config
import Foundation
import Store
import Synchronization
import TestSupport
import Testing

@testable import Collector

/// The bearer token and the served version, end to end over loopback into SQLite.
struct SecretAndDeployTests {
    @Test func tokenIsSentButNeverStoredOrLogged() async throws {
        let token = "tok-SECRET-7f3a9c"
        let server = LoopbackServer()
        let url = try await server.start { path, headers, _ in
            guard headers["authorization"] == "Bearer " + token else { return .text("denied", status: 401) }
            // A broken page, so errors are produced and logged too.
            return path == "/metrics" ? .text("<html>oops</html>", contentType: "text/html") : .text("", status: 500)
        }
        let target = try ScrapeTarget(
            name: "secret",
            url: url,
            kind: .vllm,
            interval: 0.2,
            timeout: 10,
            tokenEnv: "LLMDECK_TEST_TOKEN",
            environment: ["LLMDECK_TEST_TOKEN": token]
        )
        let run = try await CollectorRun.run([target], polls: 3, backoffCap: 0.2)
        let requests = await server.requests
        await server.stop()
        defer { run.directory.remove() }
        #expect(requests.contains { $0.headers["authorization"] == "Bearer " + token })
        #expect(try run.scrapes("secret").count >= 2)
        #expect(!run.logs.lines.isEmpty)
        #expect(run.logs.lines.allSatisfy { !$0.contains(token) })
        let bytes = run.storeBytes()
        #expect(!bytes.isEmpty)
        #expect(bytes.range(of: Data(token.utf8)) == nil)
    }

    @Test func missingTokenVariableNamesTheVariableNotAValue() {
        #expect(throws: CollectorError.self) {
            try ScrapeTarget(name: "t", url: "http://127.0.0.1:1", kind: nil, tokenEnv: "NOPE", environment: [:])
        }
        do {
            _ = try ScrapeTarget(name: "t", url: "http://127.0.0.1:1", kind: nil, tokenEnv: "NOPE", environment: [:])
        } catch {
            #expect(error.description.contains("NOPE"))
        }
    }

    /// A deploy as servers do it: the process restarts (a new `process_start_time_seconds`) and then
    /// serves another version. Identity endpoints are asked on the first poll and after the restart,
    /// not on every poll.
    @Test func versionChangeIsRecordedAsVersionRowAndDeployEvent() async throws {
        let server = LoopbackServer()
        let restarted = Mutex(false)
        let url = try await server.start { path, _, count in
            switch path {
            case "/v1/models":
                let root = restarted.withLock { $0 } ? "/models/chat-v2" : "/models/chat-v1"
                return .text(
                    #"{"object":"list","data":[{"id":"chat","root":"\#(root)"}]}"#,
                    contentType: "application/json"
                )
            case "/metrics":
                // The fourth metrics answer comes from the restarted process.
                let start =
                    restarted.withLock { isRestarted in
                        if count >= 3 { isRestarted = true }
                        return isRestarted
                    } ? "1.7e9" : "1.6e9"
                return .text(
                    BadInputTests.healthyMetrics
                        + "# TYPE process_start_time_seconds gauge\nprocess_start_time_seconds \(start)\n"
                )
            default:
                return .text("")
            }
        }
        let target = try ScrapeTarget(name: "deploying", url: url, kind: nil, interval: 0.2, timeout: 10)
        let run = try await CollectorRun.run([target], polls: 8)
        let requests = await server.requests
        await server.stop()
        defer { run.directory.remove() }
        let versions = try run.store.versions(target: "deploying")
        #expect(versions.map(\.version) == ["/models/chat-v2", "/models/chat-v1"])
        #expect(versions.first?.model == "chat")
        let events = try run.store.events(from: 0, to: Int64.max / 2, target: "deploying")
        #expect(events.filter { $0.kind == "deploy" }.count == 1)
        #expect(try run.store.targets().first { $0.name == "deploying" }?.kind == "vllm")
        let metricsPolls = requests.filter { $0.path == "/metrics" }.count
        let identityPolls = requests.filter { $0.path == "/v1/models" }.count
        #expect(metricsPolls >= 8)
        #expect(identityPolls == 2)
    }
}
