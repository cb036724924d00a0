import Actions
import Config
import Testing

/// `actions:`, a deployment's `rollback:` and `guard:`, an experiment's `promote:` and
/// `rollback:`: what they read into, and each mistake at the file, line and column a person sees.
struct ActionConfigTests {
    private let fullExample = """
        actions:
          read_only: true
          verify_for: 10m
        deployments:
          - name: chat-prod
            url: http://10.0.0.5:8000
            rollback:
              command: [kubectl, rollout, undo, deployment/chat, -n, prod, "--to-revision={{target_revision}}"]
              timeout: 90s
              env: { KUBECONFIG: /etc/kube/config }
              pass_env: [PATH, HOME]
              secret_env: [DEPLOY_TOKEN]
            guard: { after_deploy: 30m, on: [critical, warning], mode: act }
          - name: chat-canary
            url: http://10.0.0.6:8000
            rollback:
              http: { method: put, url: "https://deployer.internal/rollback/{{deployment}}", token_env: DEPLOYER_TOKEN,
                      headers: { Content-Type: application/json },
                      body: '{"to": "{{target_version}}", "reason": "{{reason}}", "by": "{{actor}}"}' }
              timeout: 250ms
            guard: {}
          - name: batch
            url: http://10.0.0.7:8000
        experiments:
          list:
            - name: system-prompt
              promote:
                http:
                  url: https://flags.internal/experiments/{{experiment}}/winner
                  body: |
                    {"variant": "{{variant}}", "by": "{{actor}}"}
              rollback:
                command: [flagctl, reset, "{{experiment}}"]
        """

    private func parse(_ yaml: String) throws -> LLMDeckConfig {
        try ConfigLoader.parse(yaml: yaml, file: "llmdeck.yaml", environment: ["HOME": "/home/op"])
    }

    // MARK: - Reading

    @Test func fullExampleReadsEveryKey() throws {
        let config = try parse(fullExample)
        #expect(config.actions == ActionSettings(readOnly: true, verifyFor: 600))

        let command = try CommandTemplate(parsing: [
            "kubectl", "rollout", "undo", "deployment/chat", "-n", "prod", "--to-revision={{target_revision}}",
        ])
        let commandSpec = CommandActionSpec(
            arguments: command,
            environment: ["KUBECONFIG": "/etc/kube/config"],
            passEnvironment: ["PATH", "HOME"],
            secretEnvironment: ["DEPLOY_TOKEN"]
        )
        let production = config.deployments[0]
        #expect(production.rollback == ActionSpec(kind: .command(commandSpec), timeout: .seconds(90)))
        #expect(production.guard == GuardConfig(afterDeploy: 1800, severities: ["critical", "warning"], mode: .act))

        let request = HTTPActionSpec(
            method: "PUT",
            url: try ActionTemplate(
                parsing: "https://deployer.internal/rollback/{{deployment}}",
                context: .urlComponent
            ),
            headers: ["Content-Type": "application/json"],
            tokenEnvironmentVariable: "DEPLOYER_TOKEN",
            body: try ActionTemplate(
                parsing: #"{"to": "{{target_version}}", "reason": "{{reason}}", "by": "{{actor}}"}"#,
                context: .jsonString
            )
        )
        let canary = config.deployments[1]
        #expect(canary.rollback == ActionSpec(kind: .http(request), timeout: .milliseconds(250)))
        #expect(canary.rollback?.variables == [.deployment, .targetVersion, .reason, .actor])
        #expect(canary.guard == GuardConfig(afterDeploy: 900, severities: ["critical"], mode: .dryRun))

        #expect(config.deployments[2].rollback == nil && config.deployments[2].guard == nil)

        let experiment = try #require(config.experiments.experiment(named: "system-prompt"))
        let promote = HTTPActionSpec(
            url: try ActionTemplate(
                parsing: "https://flags.internal/experiments/{{experiment}}/winner",
                context: .urlComponent
            ),
            body: try ActionTemplate(
                parsing: "{\"variant\": \"{{variant}}\", \"by\": \"{{actor}}\"}\n",
                context: .jsonString
            )
        )
        #expect(experiment.promote == ActionSpec(kind: .http(promote)))
        let reset = CommandActionSpec(arguments: try CommandTemplate(parsing: ["flagctl", "reset", "{{experiment}}"]))
        #expect(experiment.rollback == ActionSpec(kind: .command(reset), timeout: .seconds(60)))
    }

    @Test func omittedKeysTakeTheirDefaults() throws {
        let config = try parse(
            "deployments:\n  - name: a\n    url: http://h:1\n    rollback: { command: [undo] }\n    guard: { mode: act }\n"
        )
        #expect(config.actions == ActionSettings(readOnly: false, verifyFor: 300))
        let rollback = try #require(config.deployments[0].rollback)
        #expect(rollback.timeout == ActionSpec.defaultTimeout)
        guard case .command(let command) = rollback.kind else {
            Issue.record("expected a command, got \(rollback.kind)")
            return
        }
        #expect(command.passEnvironment == CommandActionSpec.defaultPassEnvironment)
        #expect(command.environment.isEmpty && command.secretEnvironment.isEmpty)
        #expect(config.deployments[0].guard == GuardConfig(afterDeploy: 900, severities: ["critical"], mode: .act))

        let request = try parse(
            "deployments:\n  - name: a\n    url: http://h:1\n    rollback: { http: { url: 'http://d/x' } }\n"
        )
        guard case .http(let http) = try #require(request.deployments[0].rollback).kind else {
            Issue.record("expected a request")
            return
        }
        #expect(
            http.method == "POST" && http.headers.isEmpty && http.tokenEnvironmentVariable == nil && http.body == nil
        )
    }

    @Test func yamlTextReadsBackToTheSameActions() throws {
        let config = try parse(fullExample)
        #expect(try parse(config.yamlText) == config)
        #expect(!LLMDeckConfig(deployments: [], store: StoreConfig(path: "/s")).yamlText.contains("actions:"))
    }

    // MARK: - Mistakes

    /// The error for a deployment `chat` whose lines after `url:` (from line 4, in column 5) are `lines`.
    private func deploymentFailure(_ lines: String...) -> String? {
        let body = lines.map { "    " + $0 }.joined(separator: "\n")
        return configFailure("deployments:\n  - name: chat\n    url: http://h:8000\n" + body + "\n")?.description
    }

    @Test func misspeltKeysSuggestTheirSpelling() {
        #expect(
            configFailure("action:\n  read_only: true\n")?.description
                == "bad.yaml:1:1: unknown key 'action' at top level; did you mean 'actions'?"
        )
        #expect(
            configFailure("actions:\n  verify_fro: 5m\n")?.description
                == "bad.yaml:2:3: unknown key 'verify_fro' in actions; did you mean 'verify_for'?"
        )
        #expect(
            deploymentFailure("rollbak:", "  command: [undo]")
                == "bad.yaml:4:5: unknown key 'rollbak' in deployment 'chat'; did you mean 'rollback'?"
        )
        #expect(
            deploymentFailure("rollback:", "  command: [undo]", "  timout: 5s")
                == "bad.yaml:6:7: unknown key 'timout' in rollback of deployment 'chat'; did you mean 'timeout'?"
        )
        #expect(
            deploymentFailure("rollback:", "  http: { url: 'https://d/', heders: { A: b } }")
                == "bad.yaml:5:34: unknown key 'heders' in rollback.http of deployment 'chat'; did you mean 'headers'?"
        )
        #expect(
            deploymentFailure("rollback: { command: [undo] }", "guard: { after_deplyo: 5m }")
                == "bad.yaml:5:14: unknown key 'after_deplyo' in guard of deployment 'chat'; did you mean 'after_deploy'?"
        )
        #expect(
            configFailure("experiments:\n  list:\n    - name: tone\n      promot: { command: [go] }\n")?.description
                == "bad.yaml:4:7: unknown key 'promot' in experiment 'tone'; did you mean 'promote'?"
        )
    }

    @Test func anActionIsACommandOrARequestNeverBoth() {
        #expect(
            deploymentFailure("rollback:", "  command: [undo]", "  http: { url: 'https://d/' }")
                == "bad.yaml:6:13: both 'command' and 'http' in rollback of deployment 'chat'; "
                + "keep one: a command to run or a request to send"
        )
        #expect(
            deploymentFailure("rollback: { timeout: 5s }")
                == "bad.yaml:4:15: missing 'command' or 'http' in rollback of deployment 'chat'; "
                + "add command: [program, arguments…] or http: { url: https://… }"
        )
        #expect(
            deploymentFailure("rollback: { http: { url: 'https://d/' }, pass_env: [PATH] }")
                == "bad.yaml:4:56: 'pass_env' in rollback of deployment 'chat' applies to a command only; "
                + "a request gets no environment, remove it"
        )
    }

    @Test func unknownTemplateVariablesArePlacedAtTheirCharacter() {
        let known =
            "the variables here are deployment, environment, current_version, target_version, target_revision, "
            + "actor, reason"
        // A double-quoted element of a flow list: the `"` in column 41, the `{{` 15 characters on.
        #expect(
            deploymentFailure("rollback:", "  command: [kubectl, rollout, undo, \"--to-revision={{target_revison}}\"]")
                == "bad.yaml:5:56: 'command' in rollback of deployment 'chat' uses unknown variable "
                + "'target_revison'; did you mean 'target_revision'? \(known)"
        )
        // A plain URL in a block mapping.
        #expect(
            deploymentFailure("rollback:", "  http:", "    url: https://d/{{ deploymnet }}/undo")
                == "bad.yaml:6:24: 'url' in rollback.http of deployment 'chat' uses unknown variable "
                + "'deploymnet'; did you mean 'deployment'? \(known)"
        )
        // A single-quoted body: `''` is one quote; the `{{` after it is one column further on.
        #expect(
            deploymentFailure("rollback:", "  http:", "    url: https://d/", "    body: '{\"n\": \"it''s {{who}}\"}'")
                == "bad.yaml:7:29: 'body' in rollback.http of deployment 'chat' uses unknown variable 'who'; \(known)"
        )
        // A literal block: the line inside the block and the column after its indentation.
        #expect(
            deploymentFailure(
                "rollback:",
                "  http:",
                "    url: https://d/",
                "    body: |",
                "      {",
                "        \"to\": \"{{version}}\"",
                "      }"
            ) == "bad.yaml:9:20: 'body' in rollback.http of deployment 'chat' uses unknown variable 'version'; \(known)"
        )
        // A double-quoted URL with an escape before the placeholder.
        #expect(
            deploymentFailure("rollback: { http: { url: \"https://d/\\u0061/{{x}}\" } }")
                == "bad.yaml:4:48: 'url' in rollback.http of deployment 'chat' uses unknown variable 'x'; \(known)"
        )
        // A folded block cannot be followed back to its lines: the scalar's own position.
        #expect(
            deploymentFailure("rollback:", "  http:", "    url: https://d/", "    body: >", "      \"{{who}}\"")
                == "bad.yaml:7:15: 'body' in rollback.http of deployment 'chat' uses unknown variable 'who'; \(known)"
        )
    }

    @Test func experimentVariablesHaveNoValueInADeploymentsRollback() {
        #expect(
            deploymentFailure("rollback: { command: [flagctl, reset, '{{experiment}}'] }")
                == "bad.yaml:4:44: 'command' in rollback of deployment 'chat' uses 'experiment', which has no value "
                + "here; the variables here are deployment, environment, current_version, target_version, "
                + "target_revision, actor, reason"
        )
        #expect(
            configFailure("experiments:\n  list:\n    - name: t\n      promote: { command: [go, '{{variant}}'] }\n")
                == nil
        )
    }

    @Test func aBodyPlaceholderMustStandInsideAJSONString() {
        #expect(
            deploymentFailure("rollback:", "  http: { url: 'https://d/', body: '{\"to\": {{target_version}}}' }")
                == "bad.yaml:5:48: 'body' in rollback.http of deployment 'chat': '{{target_version}}' must stand inside "
                + "a JSON string, e.g. \"{{target_version}}\""
        )
    }

    @Test func requestsNeedAKnownMethodAndAnHTTPURL() {
        #expect(
            deploymentFailure("rollback: { http: { method: FETCH, url: 'https://d/' } }")
                == "bad.yaml:4:33: unknown method 'FETCH' in rollback.http of deployment 'chat'; "
                + "use one of GET, POST, PUT, PATCH, DELETE"
        )
        #expect(
            deploymentFailure("rollback: { http: { method: delet, url: 'https://d/' } }")
                == "bad.yaml:4:33: unknown method 'delet' in rollback.http of deployment 'chat'; did you mean 'DELETE'?"
        )
        for url in ["ftp://d/undo", "deployer.internal/undo", "https:///undo", "{{deployment}}"] {
            #expect(
                deploymentFailure("rollback: { http: { url: '\(url)' } }")
                    == "bad.yaml:4:30: 'url' in rollback.http of deployment 'chat' must start with http:// or "
                    + "https:// and a host, got '\(url)'; write e.g. url: https://deployer.internal/rollback/{{deployment}}"
            )
        }
        #expect(
            deploymentFailure("rollback: { http: { url: 'https://d/', headers: { Authorization: Bearer x } } }")
                == "bad.yaml:4:55: 'Authorization' in 'headers' in rollback.http of deployment 'chat' would keep a "
                + "credential in the config; put the token in an environment variable and name it in token_env "
                + "(sent as Authorization: Bearer)"
        )
        #expect(
            deploymentFailure("rollback: { http: { url: 'https://d/', token_env: 'abc def' } }")?.hasPrefix(
                "bad.yaml:4:55: 'token_env' in rollback.http of deployment 'chat' must name an environment variable"
            ) == true
        )
    }

    @Test func durationsMustBeDurations() {
        #expect(
            deploymentFailure("rollback: { command: [undo], timeout: 5 parsecs }")
                == "bad.yaml:4:43: 'timeout' in rollback of deployment 'chat' has bad duration '5 parsecs'; "
                + "write it like 500ms, 5s, 1m30s, 2h or 7d"
        )
        #expect(
            configFailure("actions:\n  verify_for: soon\n")?.description
                == "bad.yaml:2:15: 'verify_for' in actions has bad duration 'soon'; write it like 500ms, 5s, 1m30s, 2h or 7d"
        )
        #expect(
            configFailure("actions:\n  read_only: maybe\n")?.description
                == "bad.yaml:2:14: 'read_only' in actions must be true or false, got 'maybe'"
        )
    }

    @Test func guardsNeedAModeSeveritiesAndARollback() {
        #expect(
            deploymentFailure("rollback: { command: [undo] }", "guard: { mode: auto }")
                == "bad.yaml:5:20: unknown mode 'auto' in guard of deployment 'chat'; use one of dry-run, act"
        )
        #expect(
            deploymentFailure("rollback: { command: [undo] }", "guard: { mode: dry_run }")
                == "bad.yaml:5:20: unknown mode 'dry_run' in guard of deployment 'chat'; did you mean 'dry-run'?"
        )
        #expect(
            deploymentFailure("rollback: { command: [undo] }", "guard: { on: [critcal] }")
                == "bad.yaml:5:19: unknown severity 'critcal' in guard of deployment 'chat'; did you mean 'critical'?"
        )
        #expect(
            deploymentFailure("rollback: { command: [undo] }", "guard: { on: [] }")
                == "bad.yaml:5:18: 'on' in guard of deployment 'chat' is empty; list the severities that trip the "
                + "guard, such as [critical]"
        )
        #expect(
            deploymentFailure("guard: { mode: act }")
                == "bad.yaml:4:12: 'guard' in deployment 'chat' has no rollback to plan or run; add 'rollback:' to "
                + "the deployment or remove the guard"
        )
    }

    @Test func commandsAreNonEmptyListsOfText() {
        let example = "such as command: [kubectl, rollout, undo, deployment/chat]"
        #expect(
            deploymentFailure("rollback: { command: [] }")
                == "bad.yaml:4:26: 'command' in rollback of deployment 'chat' is empty; give the program and its "
                + "arguments, \(example)"
        )
        #expect(
            deploymentFailure("rollback:", "  command:")
                == "bad.yaml:5:15: 'command' in rollback of deployment 'chat' is empty; give the program and its "
                + "arguments, \(example)"
        )
        #expect(
            deploymentFailure("rollback: { command: kubectl rollout undo }")
                == "bad.yaml:4:26: 'command' in rollback of deployment 'chat' must be a list: the program, then one "
                + "element per argument (no shell splits it), got 'kubectl rollout undo'; write it \(example)"
        )
        #expect(
            deploymentFailure("rollback: { command: [undo, [a]] }")
                == "bad.yaml:4:33: element 2 of 'command' in rollback of deployment 'chat' must be text, got a list; "
                + "quote it if it is meant as text"
        )
        #expect(
            deploymentFailure("rollback: { command: [undo], pass_env: [PATH, my-var] }")
                == "bad.yaml:4:51: 'my-var' in 'pass_env' in rollback of deployment 'chat' is not an environment "
                + "variable name (letters, digits, _, not starting with a digit)"
        )
    }
}
