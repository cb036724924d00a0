import Actions
import Foundation
import HTTP
import Simulator
import TestSupport
import Testing

/// Rendered actions performed for real: an HTTP rollback against the simulator, an argv
/// rollback against a script, failures reported as failed (never as done), a hung command
/// killed at its timeout, and read-only refusal in the layer itself.
struct ActionExecutorTests {
    private let executor = ActionExecutor(readOnly: false, runner: CommandRunner(terminationGrace: .milliseconds(500)))

    private func values(reason: String, target: String = "v1") -> TemplateValues {
        TemplateValues([
            .deployment: "chat-prod", .environment: "production", .currentVersion: "v2",
            .targetVersion: target, .actor: "ana", .reason: reason,
        ])
    }

    private func httpSpec(_ url: String, body: String? = nil, token: String? = nil) throws -> ActionSpec {
        ActionSpec(
            kind: .http(
                HTTPActionSpec(
                    url: try ActionTemplate(parsing: url, context: .urlComponent),
                    tokenEnvironmentVariable: token,
                    body: try body.map { try ActionTemplate(parsing: $0, context: .jsonString) }
                )
            ),
            timeout: .seconds(60)
        )
    }

    private func state(_ url: String) async throws -> [String: Any] {
        let client = HTTPClient()
        defer { client.shutdown() }
        let response = try await client.send(HTTPRequest(url: url + "/sim/state", timeout: 60)).get()
        return try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
    }

    @Test func anHTTPRollbackRevertsTheSimulatedDeploymentAndAFailedOneSaysSo() async throws {
        let simulator = FleetSimulator(options: SimulatorOptions(count: 1, scenario: .none))
        let server = try #require(try await simulator.start().first)
        defer { Task { await simulator.stop() } }
        let before = try await state(server.url)["version"] as? String
        let deploy = try ActionRequest.render(
            try httpSpec(server.url + "/sim/control", body: #"{"action": "deploy", "version": "{{target_version}}"}"#),
            values: values(reason: "n/a", target: "v-bad"),
            environment: [:]
        )
        #expect(await executor.perform(deploy).status == .done)
        #expect(try await state(server.url)["version"] as? String != before)
        for reason in hostileValues {
            // Each reason travels inside the JSON body; the simulator must still read it as JSON.
            let rollback = try ActionRequest.render(
                try httpSpec(server.url + "/sim/rollback", body: #"{"reason": "{{reason}}", "by": "{{actor}}"}"#),
                values: values(reason: reason),
                environment: [:]
            )
            let outcome = await executor.perform(rollback)
            if reason == hostileValues[0] {
                #expect(outcome.status == .done, "\(outcome)")
                #expect(outcome.detail == "HTTP 200")
                #expect(try await state(server.url)["version"] as? String == before, "the rollback took effect")
            } else {
                // Nothing left to roll back: the simulator answers 409, which is a failure.
                #expect(outcome.status == .failed, "\(outcome)")
                #expect(outcome.detail == "HTTP 409")
            }
        }
        let missing = try ActionRequest.render(
            try httpSpec(server.url + "/no/such/path"),
            values: values(reason: "x"),
            environment: [:]
        )
        let notFound = await executor.perform(missing)
        #expect(notFound.status == .failed && notFound.detail.hasPrefix("HTTP 4"), "\(notFound)")
    }

    @Test func theBearerTokenComesFromTheEnvironmentAndIsNeverShown() throws {
        let spec = try httpSpec(
            "https://deployer.internal/rollback/{{deployment}}",
            body: #"{"to": "{{target_version}}"}"#,
            token: "DEPLOYER_TOKEN"
        )
        #expect(throws: ActionError.self) {
            try ActionRequest.render(spec, values: values(reason: "r"), environment: [:])
        }
        let request = try ActionRequest.render(
            spec,
            values: values(reason: "r"),
            environment: ["DEPLOYER_TOKEN": "s3cr3t-t0ken"]
        )
        #expect(!request.display.contains("s3cr3t-t0ken"))
        #expect(request.display.contains("Authorization: \(Secrets.mask)"))
        #expect(request.display.hasPrefix("POST https://deployer.internal/rollback/chat-prod\n"))
        guard case .http(let http) = request.payload else {
            Issue.record("an http action renders an HTTP request")
            return
        }
        #expect(http.headers.contains(HTTPHeader(name: "Authorization", value: "Bearer s3cr3t-t0ken")))
        #expect(http.body.map { String(decoding: $0, as: UTF8.self) } == #"{"to": "v1"}"#)
    }

    @Test func anArgvRollbackGetsEachValueAsOneArgumentAndNoShell() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // A committed script: one written by this process could be held open for writing by a
        // child another test forks meanwhile, and executing it would fail with ETXTBSY.
        let script = TestPaths.fixtures.appendingPathComponent("actions/deploy-tool").path
        let record = directory.path("argv")
        for reason in hostileValues where !reason.contains("\u{0}") {
            let spec = ActionSpec(
                kind: .command(
                    CommandActionSpec(
                        arguments: try CommandTemplate(parsing: [
                            script, "undo", "--to={{target_version}}", "{{reason}}",
                        ]),
                        environment: ["RECORD": record],
                        passEnvironment: ["PATH"]
                    )
                )
            )
            let request = try ActionRequest.render(
                spec,
                values: values(reason: reason),
                environment: ProcessInfo.processInfo.environment
            )
            let outcome = await executor.perform(request)
            #expect(outcome.status == .done, "\(outcome)")
            #expect(outcome.output == "rolled back\n")
            let written = try Data(contentsOf: URL(fileURLWithPath: record))
            let arguments = written.split(separator: 0, omittingEmptySubsequences: false).dropLast().map {
                String(decoding: $0, as: UTF8.self)
            }
            #expect(arguments == ["undo", "--to=v1", reason], "one argument each, verbatim")
        }
        #expect(!FileManager.default.fileExists(atPath: "pwned"), "no shell ran the reason")
    }

    @Test func failuresAreFailedWithWhyAndAHungCommandIsKilledAtItsTimeout() async throws {
        func run(_ arguments: [String], timeout: Duration = .seconds(60)) async throws -> ActionOutcome {
            let spec = ActionSpec(
                kind: .command(
                    CommandActionSpec(arguments: try CommandTemplate(parsing: arguments), passEnvironment: ["PATH"])
                ),
                timeout: timeout
            )
            return await executor.perform(
                try ActionRequest.render(spec, values: values(reason: "r"), environment: ["PATH": "/usr/bin:/bin"])
            )
        }
        let exitOne = try await run(["sh", "-c", "echo no such revision >&2; exit 1"])
        #expect(exitOne.status == .failed && exitOne.detail == "exit 1")
        #expect(exitOne.output == "no such revision\n")
        let missing = try await run(["kubectl-that-is-not-installed", "rollout", "undo"])
        #expect(missing.status == .failed)
        #expect(missing.detail.contains("kubectl-that-is-not-installed"))
        let hung = try await run(["sleep", "600"], timeout: .seconds(1))
        #expect(hung.status == .failed)
        #expect(hung.detail.hasPrefix("timed out after 1 s"), "\(hung.detail)")
    }

    @Test func aReadOnlyExecutorRefusesAndRunsNothing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let marker = directory.path("ran")
        let spec = ActionSpec(
            kind: .command(CommandActionSpec(arguments: try CommandTemplate(parsing: ["touch", marker])))
        )
        let request = try ActionRequest.render(
            spec,
            values: values(reason: "r"),
            environment: ["PATH": "/usr/bin:/bin"]
        )
        let outcome = await ActionExecutor(readOnly: true).perform(request)
        #expect(outcome.status == .refused)
        #expect(outcome.detail.contains("read-only"))
        #expect(!FileManager.default.fileExists(atPath: marker))
        #expect(await executor.perform(request).status == .done)
        #expect(FileManager.default.fileExists(atPath: marker), "the same request runs when not read-only")
    }

    @Test func theDisplayQuotesArgumentsAsAShellWouldNeedThem() throws {
        let spec = ActionSpec(
            kind: .command(
                CommandActionSpec(
                    arguments: try CommandTemplate(parsing: ["kubectl", "annotate", "--reason={{reason}}"])
                )
            )
        )
        let request = try ActionRequest.render(spec, values: values(reason: "it's slow; $(id)"), environment: [:])
        #expect(request.display == #"kubectl annotate '--reason=it'\''s slow; $(id)'"#)
    }
}
