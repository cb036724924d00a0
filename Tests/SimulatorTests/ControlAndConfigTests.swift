import Foundation
import Testing

@testable import Simulator

struct ControlAndConfigTests {
    private func decode(_ json: String) throws -> (command: ControlCommand, server: String?) {
        try ControlCommand.decode(json: Data(json.utf8))
    }

    @Test func decodesEveryAction() throws {
        #expect(
            try decode(#"{"action":"deploy","version":"v2","latency_factor":4}"#).command
                == .deploy(version: "v2", latencyFactor: 4, errorRate: nil)
        )
        #expect(try decode(#"{"action":"drift","factor":2.5}"#).command == .drift(promptFactor: 2.5))
        #expect(try decode(#"{"action":"errors","rate":0.4,"seconds":30}"#).command == .errors(rate: 0.4, seconds: 30))
        #expect(try decode(#"{"action":"down","mode":"refuse"}"#).command == .down(mode: .refuse, seconds: nil))
        #expect(try decode(#"{"action":"down"}"#).command == .down(mode: .unhealthy, seconds: nil))
        #expect(try decode(#"{"action":"huge","bytes":20000000}"#).command == .huge(bytes: 20_000_000))
        #expect(try decode(#"{"action":"model_name","name":"a\"b\nc"}"#).command == .modelName("a\"b\nc"))
        #expect(try decode(#"{"action":"reset_counters","server":"code-prod"}"#).server == "code-prod")
        for action in ["up", "hang", "html", "rollback", "pause", "resume"] {
            _ = try decode("{\"action\":\"\(action)\"}")
        }
    }

    @Test func badControlBodiesGiveActionableErrors() {
        let cases = [
            "not json", "[1]", #"{"verb":"deploy"}"#, #"{"action":"explode"}"#, #"{"action":"errors","rate":2}"#,
            #"{"action":"down","mode":"sideways"}"#, #"{"action":"deploy","latency_factor":-1}"#,
            #"{"action":"model_name"}"#,
        ]
        for body in cases {
            #expect {
                _ = try decode(body)
            } throws: { error in
                guard let error = error as? SimulatorError else { return false }
                return error.kind == .badControl && !error.message.isEmpty
            }
        }
    }

    @Test func configUsesConsecutivePortsFromTheBasePort() {
        let fleet = FleetSimulator(options: SimulatorOptions(count: 3, basePort: 19_000, seed: 1))
        let yaml = fleet.configYAML(storePath: "/tmp/a \"b\".sqlite")
        #expect(yaml.contains("deployments:\n  - name: chat-prod\n    url: http://127.0.0.1:19000\n    kind: vllm\n"))
        #expect(
            yaml.contains(
                "url: http://127.0.0.1:19002\n    kind: llamacpp\n    environment: production\n    interval: 5s\n"
            )
        )
        #expect(yaml.hasSuffix("store:\n  path: \"/tmp/a \\\"b\\\".sqlite\"\n"))
        #expect(!FleetSimulator(options: SimulatorOptions(count: 1)).configYAML(storePath: nil).contains("store:"))
    }

    @Test func invalidOptionsAreRefusedBeforeListening() async {
        let bad = [
            SimulatorOptions(count: 0), SimulatorOptions(count: 3, basePort: 65_534),
            SimulatorOptions(requestsPerSecond: -1), SimulatorOptions(timeScale: 0),
            SimulatorOptions(kinds: []),
        ]
        for options in bad {
            await #expect(throws: SimulatorError.self) { _ = try await FleetSimulator(options: options).start() }
        }
    }

    @Test func scenariosAreFoundByName() {
        #expect(Scenario.named("default")?.steps.count == 4)
        #expect(Scenario.named("quick")?.steps.first?.offset == 1)
        #expect(Scenario.named("none")?.steps.isEmpty == true)
        #expect(Scenario.named("bogus") == nil)
    }
}
