import Config
import Foundation
import TestSupport
import Testing

struct ConfigLoaderTests {
    private let environment = ["HOME": "/home/op"]

    private let fullExample = """
        # every key llmdeck reads
        deployments:
          - name: chat-prod
            url: http://10.0.0.5:8000
            kind: vllm
            environment: production
            interval: 5s
            timeout: 2500ms
            token_env: CHAT_TOKEN
            model: meta-llama/Llama-3.1-8B-Instruct
            version: 2024-07-23
            metrics_path: /metrics
          - name: embed-staging
            url: https://embed.internal/base
            environment: staging
            interval: 1m30s
        sources:
          - prometheus: { name: thanos, url: https://thanos.internal, token_env: PROM_TOKEN, interval: 30s }
            discover: 'up{job=~"vllm|tgi"}'
            deployment_label: model_name
            environment_label: env
          - alertmanager: { url: http://alertmanager:9093 }
        alerts: { push_to: alertmanager }
        store:
          path: ~/.local/share/llmdeck/llmdeck.sqlite
          retention: { raw: 2d, minute: 30d, hour: 365d }
        """

    @Test func readsEveryKeyOfAFullExample() throws {
        let config = try ConfigLoader.parse(yaml: fullExample, file: "llmdeck.yaml", environment: environment)
        #expect(config.sourceFile == "llmdeck.yaml")
        #expect(
            config.deployments == [
                DeploymentConfig(
                    name: "chat-prod",
                    url: "http://10.0.0.5:8000",
                    kind: .vllm,
                    environment: "production",
                    interval: 5,
                    timeout: 2.5,
                    tokenEnv: "CHAT_TOKEN",
                    model: "meta-llama/Llama-3.1-8B-Instruct",
                    version: "2024-07-23",
                    metricsPath: "/metrics"
                ),
                DeploymentConfig(
                    name: "embed-staging",
                    url: "https://embed.internal/base",
                    environment: "staging",
                    interval: 90,
                    timeout: 10
                ),
            ]
        )
        #expect(config.store.path == "/home/op/.local/share/llmdeck/llmdeck.sqlite")
        #expect(config.store.retention == RetentionConfig(raw: 172_800, minute: 2_592_000, hour: 31_536_000))
        #expect(config.sources.prometheus.map(\.name) == ["thanos"])
        #expect(config.alertPushTarget?.name == "alertmanager:9093")
    }

    @Test func renderedYAMLReadsBackToTheSameConfig() throws {
        let config = try ConfigLoader.parse(yaml: fullExample, file: "llmdeck.yaml", environment: environment)
        let again = try ConfigLoader.parse(yaml: config.yamlText, file: "llmdeck.yaml", environment: environment)
        #expect(again == config)
    }

    @Test func renderedYAMLQuotesAwkwardStrings() throws {
        let config = LLMDeckConfig(
            deployments: [
                DeploymentConfig(
                    name: "a \"quoted\" # name: yes",
                    url: "http://h:1",
                    version: "1.10",
                    metricsPath: "/m"
                )
            ],
            store: StoreConfig(path: "/tmp/x y.sqlite")
        )
        let again = try ConfigLoader.parse(yaml: config.yamlText, file: "/etc/llmdeck.yaml", environment: environment)
        #expect(again.deployments == config.deployments)
        #expect(again.store == config.store)
    }

    @Test func omittedKeysTakeTheirDefaults() throws {
        let yaml = """
            deployments:
              - name: a
                url: http://127.0.0.1:8000
              - name: b
                url: http://127.0.0.1:8001
                interval: 3s
            """
        let config = try ConfigLoader.parse(yaml: yaml, file: "c.yaml", environment: environment)
        let first = try #require(config.deployments.first)
        #expect(first.kind == nil)
        #expect(first.environment == "production")
        #expect(first.interval == 5)
        #expect(first.timeout == 5)
        #expect(first.tokenEnv == nil && first.model == nil && first.version == nil && first.metricsPath == nil)
        // timeout defaults to min(interval, 10)
        #expect(config.deployments[1].timeout == 3)
        #expect(config.store.path == "/home/op/.local/share/llmdeck/llmdeck.sqlite")
        #expect(config.store.retention == .standard)
    }

    @Test func emptyDeploymentListIsValid() throws {
        let config = try ConfigLoader.parse(yaml: "deployments: []\n", file: "c.yaml", environment: environment)
        #expect(config.deployments.isEmpty)
        let blank = try ConfigLoader.parse(yaml: "", file: "c.yaml", environment: environment)
        #expect(blank.deployments.isEmpty)
    }

    @Test func kindAutoMeansDetect() throws {
        let yaml = "deployments:\n  - {name: a, url: 'http://h:1', kind: auto}\n"
        let config = try ConfigLoader.parse(yaml: yaml, file: "c.yaml", environment: environment)
        #expect(config.deployments.first?.kind == nil)
    }

    @Test func defaultPathFollowsXDGConfigHome() {
        #expect(
            ConfigLoader.defaultPath(environment: ["XDG_CONFIG_HOME": "/xdg", "HOME": "/home/op"])
                == "/xdg/llmdeck/config.yaml"
        )
        #expect(ConfigLoader.defaultPath(environment: ["HOME": "/home/op"]) == "/home/op/.config/llmdeck/config.yaml")
        // the XDG spec says relative or empty values are ignored
        #expect(
            ConfigLoader.defaultPath(environment: ["XDG_CONFIG_HOME": "rel", "HOME": "/home/op"])
                == "/home/op/.config/llmdeck/config.yaml"
        )
        #expect(
            ConfigLoader.defaultPath(environment: ["XDG_CONFIG_HOME": "", "HOME": "/home/op"])
                == "/home/op/.config/llmdeck/config.yaml"
        )
    }

    @Test func defaultStorePathFollowsXDGDataHome() {
        #expect(
            ConfigLoader.defaultStorePath(environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/op"])
                == "/data/llmdeck/llmdeck.sqlite"
        )
    }

    @Test func relativeStorePathIsResolvedAgainstTheConfigDirectory() throws {
        let yaml = "store: { path: history/llmdeck.sqlite }\n"
        let config = try ConfigLoader.parse(yaml: yaml, file: "/etc/llmdeck/config.yaml", environment: environment)
        #expect(config.store.path == "/etc/llmdeck/history/llmdeck.sqlite")
    }

    @Test func loadsAFileFromDisk() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("config.yaml")
        try fullExample.write(toFile: path, atomically: true, encoding: .utf8)
        let config = try ConfigLoader.load(path: path, environment: environment)
        #expect(config.sourceFile == path)
        #expect(config.deployments.map(\.name) == ["chat-prod", "embed-staging"])
    }
}
