import Actions
import Foundation
import TestSupport
import Testing

/// The runner against real processes: outputs, statuses, caps, missing executables, timeouts.
struct CommandRunnerTests {
    private let runner = CommandRunner(terminationGrace: .milliseconds(500))
    private let path = ["PATH": "/usr/bin:/bin"]

    private func run(
        _ arguments: [String],
        timeout: Duration = .seconds(30)
    ) async throws(CommandError)
        -> CommandResult
    {
        try await runner.run(CommandInvocation(arguments: arguments, environment: path, timeout: timeout))
    }

    @Test func successfulCommandsHaveTheirOutputCaptured() async throws {
        let result = try await run(["sh", "-c", "echo out; echo err >&2"])
        #expect(result.termination == .exited(0))
        #expect(result.isSuccess)
        #expect(!result.isTimedOut)
        #expect(result.standardOutput.text == "out\n")
        #expect(result.standardError.text == "err\n")
        #expect(!result.standardOutput.isTruncated)
    }

    @Test func theEnvironmentIsExactlyTheOneGiven() async throws {
        let invocation = CommandInvocation(
            arguments: ["/usr/bin/env"],
            environment: ["ONLY": "this"],
            timeout: .seconds(30)
        )
        let result = try await runner.run(invocation)
        #expect(result.standardOutput.text == "ONLY=this\n")
    }

    @Test func nonZeroExitsAreResultsNotErrors() async throws {
        let result = try await run(["sh", "-c", "echo failing >&2; exit 3"])
        #expect(result.termination == .exited(3))
        #expect(!result.isSuccess)
        #expect(result.standardError.text == "failing\n")
    }

    @Test func outputOverTheCapIsTruncatedAndFlagged() async throws {
        let result = try await run(["head", "-c", "200000", "/dev/zero"])
        #expect(result.termination == .exited(0))
        #expect(result.standardOutput.bytes.count == 65_536)
        #expect(result.standardOutput.isTruncated)
        #expect(!result.standardError.isTruncated)
    }

    @Test func missingExecutablesAreClearErrors() async {
        await #expect(throws: CommandError.self) { try await run(["/nonexistent/deployer"]) }
        do {
            _ = try await run(["llmdeck-no-such-deployer", "undo"])
            Issue.record("a missing executable ran")
        } catch {
            #expect(error.kind == .executableNotFound)
            #expect(
                error.message
                    == "'llmdeck-no-such-deployer' was not found in PATH /usr/bin:/bin; install it or give its full path"
            )
        }
    }

    @Test func unusableCommandsAreRefusedBeforeStarting() async {
        for (arguments, kind) in [
            ([], CommandError.Kind.emptyCommand), (["/etc/hostname"], .notExecutable),
            (["echo", "a\u{0}b"], .invalidArgument),
        ] {
            do {
                _ = try await run(arguments)
                Issue.record("\(arguments) ran")
            } catch {
                #expect(error.kind == kind)
            }
        }
    }

    @Test func hostileValuesStayOneArgumentAndReachNoShell() async throws {
        let directory = try TemporaryDirectory(prefix: "llmdeck-actions")
        defer { directory.remove() }
        let marker = directory.path("pwned")
        let reason = "x; touch \(marker) $(touch \(marker)) `touch \(marker)` \"quoted\" 'single'\nnext"
        let command = try CommandTemplate(parsing: ["printf", "[%s]", "--reason={{reason}}"])
        let result = try await run(try command.render(with: TemplateValues([.reason: reason])))
        #expect(result.standardOutput.text == "[--reason=\(reason)]")
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test func aTimeoutKillsTheWholeProcessGroupEvenWhenSIGTERMIsIgnored() async throws {
        let script = "trap '' TERM; sleep 60 & echo $!; wait"
        let result = try await run(["/bin/sh", "-c", script], timeout: .seconds(1))
        #expect(result.isTimedOut)
        #expect(!result.isSuccess)
        #expect(result.termination == .signaled(SIGKILL))
        let grandchild = try #require(Int32(result.standardOutput.text.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(await waitUntil(attempts: 100) { Self.isGone(grandchild) })
    }

    @Test func aTimeoutEndsACommandThatHonoursSIGTERM() async throws {
        let result = try await run(["sleep", "60"], timeout: .seconds(1))
        #expect(result.isTimedOut)
        #expect(result.termination == .signaled(SIGTERM))
    }

    /// True when `pid` no longer runs: no such process, or a zombie waiting for its reaper.
    private static func isGone(_ pid: pid_t) -> Bool {
        if kill(pid, 0) != 0 && errno == ESRCH {
            return true
        }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return stat.split(separator: ")").last?.split(separator: " ").first == "Z"
    }
}
