import Actions
import Config
import Testing

/// `rollback:` and `guard:` on a Prometheus source, for every deployment it discovers: read like a
/// deployment's, inside or beside `prometheus:`, written back by `yamlText`, and each mistake at the
/// file, line and column a person sees, naming the source.
struct SourceActionConfigTests {
    private func parse(_ yaml: String) throws -> LLMDeckConfig {
        try ConfigLoader.parse(yaml: yaml, file: "llmdeck.yaml", environment: ["HOME": "/home/op"])
    }

    /// The error for a config whose only source is `- prometheus: { url: http://p:9090 }` followed by
    /// `lines` beside it, each indented by four spaces: the first of them is line 3, its key in column 5.
    private func sourceFailure(_ lines: String...) -> String? {
        let beside = lines.map { "    " + $0 + "\n" }.joined()
        return configFailure("sources:\n  - prometheus: { url: http://p:9090 }\n" + beside)?.description
    }

    private let known =
        "the variables here are deployment, environment, current_version, target_version, target_revision, "
        + "actor, reason"

    @Test func aSourceRollbackAndGuardReadLikeADeploymentsBesideOrInsideTheKind() throws {
        let beside = try parse(
            """
            sources:
              - prometheus: { url: "http://reader:s3cret@prometheus:9090", version_label: version }
                rollback:
                  command: [kubectl, rollout, undo, "deployment/{{deployment}}", -n, "{{environment}}"]
                  timeout: 2m
                  pass_env: [PATH, KUBECONFIG]
                guard: { after_deploy: 10m, on: [critical, warning], mode: act }
            """
        )
        let inside = try parse(
            """
            sources:
              - prometheus:
                  url: "http://reader:s3cret@prometheus:9090"
                  version_label: version
                  rollback: { command: [kubectl, rollout, undo, "deployment/{{deployment}}", -n, "{{environment}}"],
                              timeout: 2m, pass_env: [PATH, KUBECONFIG] }
                  guard: { after_deploy: 10m, on: [critical, warning], mode: act }
            """
        )
        #expect(beside == inside)
        let source = try #require(beside.sources.prometheus.first)
        let command = try CommandTemplate(parsing: [
            "kubectl", "rollout", "undo", "deployment/{{deployment}}", "-n", "{{environment}}",
        ])
        #expect(
            source.rollback
                == ActionSpec(
                    kind: .command(CommandActionSpec(arguments: command, passEnvironment: ["PATH", "KUBECONFIG"])),
                    timeout: .seconds(120)
                )
        )
        #expect(source.guard == GuardConfig(afterDeploy: 600, severities: ["critical", "warning"], mode: .act))
        #expect(source.rollback?.variables == [.deployment, .environment])
        #expect(beside.deployments.isEmpty, "the source's action is no deployment of its own")
        #expect(source.targetURL == "http://prometheus:9090", "the URL its deployments are stored with")
    }

    @Test func aSourceWithoutActionsHasNone() throws {
        let source = try #require(
            try parse("sources:\n  - prometheus: { url: http://p:9090 }\n").sources.prometheus.first
        )
        #expect(source.rollback == nil && source.guard == nil)
        #expect(source.targetURL == "http://p:9090")
    }

    @Test func renderedYAMLReadsBackToTheSameSourceActions() throws {
        let config = try parse(
            """
            sources:
              - prometheus: { url: http://prometheus:9090 }
                rollback:
                  http: { method: put, url: "https://deployer.internal/rollback/{{deployment}}", token_env: DEPLOY,
                          headers: { Content-Type: application/json },
                          body: '{"env": "{{environment}}", "to": "{{target_version}}", "why": "{{reason}}"}' }
                  timeout: 250ms
                guard: {}
              - prometheus: { url: http://thanos:9090 }
                rollback: { command: [deploy-tool, "{{deployment}}"], env: { RECORD: /tmp/record } }
              - alertmanager: { url: http://alertmanager:9093 }
            """
        )
        #expect(config.sources.prometheus.map { $0.rollback != nil } == [true, true])
        #expect(config.sources.prometheus.map { $0.guard != nil } == [true, false])
        #expect(
            config.yamlText.contains("\n      rollback:\n        http:\n          method: PUT\n"),
            "\(config.yamlText)"
        )
        #expect(try parse(config.yamlText) == config)
    }

    @Test func mistakesArePlacedAndNameTheSource() {
        #expect(
            sourceFailure("rollback: { command: [undo, '{{deploymnet}}'] }")
                == "bad.yaml:3:34: 'command' in rollback of prometheus source 'p:9090' uses unknown variable "
                + "'deploymnet'; did you mean 'deployment'? \(known)"
        )
        #expect(
            sourceFailure("rollback: { command: [flagctl, reset, '{{experiment}}'] }")
                == "bad.yaml:3:44: 'command' in rollback of prometheus source 'p:9090' uses 'experiment', which has "
                + "no value here; \(known)"
        )
        #expect(
            sourceFailure("rollback: { comand: [undo] }")
                == "bad.yaml:3:17: unknown key 'comand' in rollback of prometheus source 'p:9090'; "
                + "did you mean 'command'?"
        )
        #expect(
            sourceFailure("rollback: { command: [undo], http: { url: 'https://d/' } }")
                == "bad.yaml:3:40: both 'command' and 'http' in rollback of prometheus source 'p:9090'; keep one: "
                + "a command to run or a request to send"
        )
        #expect(
            sourceFailure("rollback: { command: [undo] }", "guard: { mode: dry_run }")
                == "bad.yaml:4:20: unknown mode 'dry_run' in guard of prometheus source 'p:9090'; "
                + "did you mean 'dry-run'?"
        )
        #expect(
            sourceFailure("guard: { mode: act }")
                == "bad.yaml:3:12: 'guard' in prometheus source 'p:9090' has no rollback to plan or run; add "
                + "'rollback:' to the source or remove the guard"
        )
        #expect(
            configFailure(
                "sources:\n  - prometheus: { url: http://p:9090, guard: {} }\n    guard: { mode: act }\n"
            )?.description
                == "bad.yaml:3:5: 'guard' in prometheus source 'p:9090' is given twice, inside 'prometheus' on "
                + "line 2 and beside it on line 3; keep one"
        )
        #expect(
            configFailure("sources:\n  - alertmanager: { url: http://a:9093 }\n    rollback: { command: [undo] }\n")?
                .description.hasPrefix("bad.yaml:3:5: unknown key 'rollback' in alertmanager source 'a:9093'") == true
        )
    }
}
