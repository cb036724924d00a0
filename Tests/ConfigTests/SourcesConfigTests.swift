import Config
import Testing

/// `sources:` and `alerts.push_to`: the issue's example read as written, settings inside or beside
/// `prometheus:`, defaults, which Alertmanager `push_to` picks, and the config written back.
struct SourcesConfigTests {
    private func parse(_ yaml: String) throws -> LLMDeckConfig {
        try ConfigLoader.parse(yaml: yaml, file: "llmdeck.yaml", environment: ["HOME": "/home/op"])
    }

    /// The example of issue 13 and the README, word for word.
    private let issueExample = """
        sources:
          - prometheus: { url: http://prometheus:9090, token_env: PROM_TOKEN, interval: 15s }
            discover: 'up{job=~"vllm|tgi"}'
            deployment_label: model_name
            environment_label: env
          - alertmanager: { url: http://alertmanager:9093 }
        """

    @Test func theIssueExampleReadsAsWrittenWithoutDeployments() throws {
        let config = try parse(issueExample)
        #expect(config.deployments.isEmpty)
        #expect(
            config.sources.prometheus == [
                PrometheusSourceConfig(
                    name: "prometheus:9090",
                    url: "http://prometheus:9090",
                    tokenEnv: "PROM_TOKEN",
                    interval: 15,
                    discover: #"up{job=~"vllm|tgi"}"#,
                    deploymentLabel: "model_name",
                    environmentLabel: "env"
                )
            ]
        )
        #expect(
            config.sources.alertmanager == [
                AlertmanagerSourceConfig(name: "alertmanager:9093", url: "http://alertmanager:9093")
            ]
        )
    }

    @Test func everySettingMayStandInsideOrBesideTheKind() throws {
        let settings = [
            "name: thanos", "url: https://user:secret@thanos.internal/prometheus/", "token_env: THANOS_TOKEN",
            "interval: 1m", "timeout: 30s", "scrape_interval: 30s", "discover: vllm:num_requests_running",
            "deployment_label: job", "environment_label: cluster", "environment: staging", "model_label: model_name",
            "version_label: revision", "histogram_batch: 1000",
        ]
        let inside = try parse(
            (["sources:", "  - prometheus:"] + settings.map { "      " + $0 }).joined(separator: "\n") + """

                  - alertmanager: { name: am, url: http://127.0.0.1:9093, token_env: AM_TOKEN, interval: 30s,
                                    timeout: 5s, deployment_label: service }
                """
        )
        let beside = try parse(
            (["sources:", "  - prometheus:"] + settings.map { "    " + $0 }).joined(separator: "\n") + """

                  - url: http://127.0.0.1:9093
                    alertmanager: { name: am, token_env: AM_TOKEN }
                    interval: 30s
                    timeout: 5s
                    deployment_label: service
                """
        )
        #expect(inside.sources == beside.sources)
        #expect(
            inside.sources.prometheus == [
                PrometheusSourceConfig(
                    name: "thanos",
                    url: "https://user:secret@thanos.internal/prometheus/",
                    tokenEnv: "THANOS_TOKEN",
                    interval: 60,
                    timeout: 30,
                    scrapeInterval: 30,
                    discover: "vllm:num_requests_running",
                    deploymentLabel: "job",
                    environmentLabel: "cluster",
                    environment: "staging",
                    modelLabel: "model_name",
                    versionLabel: "revision",
                    histogramBatch: 1000
                )
            ]
        )
        #expect(
            inside.sources.alertmanager == [
                AlertmanagerSourceConfig(
                    name: "am",
                    url: "http://127.0.0.1:9093",
                    tokenEnv: "AM_TOKEN",
                    interval: 30,
                    timeout: 5,
                    deploymentLabel: "service"
                )
            ]
        )
    }

    @Test func omittedSettingsTakeTheirDefaultsAndTheNameIsTheHostAndPort() throws {
        let sources = try parse(
            """
            deployments:
              - name: chat-prod
                url: http://10.0.0.5:8000
            sources:
              - prometheus: { url: "https://mimir.internal/prometheus" }
              - prometheus: { url: "http://[::1]:9090" }
              - alertmanager: { url: "http://10.0.0.9:9093/" }
            """
        ).sources
        #expect(
            sources.prometheus == [
                PrometheusSourceConfig(name: "mimir.internal", url: "https://mimir.internal/prometheus"),
                PrometheusSourceConfig(name: "[::1]:9090", url: "http://[::1]:9090"),
            ]
        )
        let prometheus = try #require(sources.prometheus.first)
        #expect(prometheus.interval == 15 && prometheus.timeout == 10 && prometheus.scrapeInterval == 15)
        #expect(prometheus.discover == "up" && prometheus.deploymentLabel == "deployment")
        #expect(prometheus.environmentLabel == nil && prometheus.environment == "prod")
        #expect(sources.alertmanager == [AlertmanagerSourceConfig(name: "10.0.0.9:9093", url: "http://10.0.0.9:9093/")])
        #expect(try parse("deployments: []\n").sources.isEmpty)
        #expect(try parse("sources: []\n").sources.isEmpty)
    }

    // MARK: - push_to

    private let twoAlertmanagers = """
        sources:
          - alertmanager: { url: http://am-eu:9093 }
          - alertmanager: { url: http://am-us:9093, name: us }
          - prometheus: { url: http://prometheus:9090 }
        """

    @Test func pushToTheWordAlertmanagerIsTheFirstAlertmanager() throws {
        let config = try parse(twoAlertmanagers + "\nalerts:\n  push_to: alertmanager\n")
        #expect(config.alerts.pushTo == "alertmanager")
        #expect(config.alertPushTarget?.name == "am-eu:9093")
        #expect(config.alertPushTarget?.url == "http://am-eu:9093")
    }

    @Test func pushToANameIsThatAlertmanager() throws {
        let config = try parse(twoAlertmanagers + "\nalerts: { push_to: us }\n")
        #expect(config.alerts.pushTo == "us")
        #expect(config.alertPushTarget?.url == "http://am-us:9093")
        #expect(try parse(twoAlertmanagers).alertPushTarget == nil)
    }

    @Test func anAlertmanagerNamedAlertmanagerIsPreferredToTheFirst() throws {
        let config = try parse(
            """
            sources:
              - alertmanager: { url: http://am-eu:9093 }
              - alertmanager: { url: http://alertmanager }
            alerts: { push_to: alertmanager }
            """
        )
        #expect(config.alertPushTarget?.url == "http://alertmanager")
    }

    // MARK: - Writing

    @Test func renderedYAMLReadsBackToTheSameSources() throws {
        let config = try parse(issueExample + "\nalerts: { push_to: alertmanager }\n")
        #expect(config.yamlText.contains("sources:\n  - prometheus:\n      name: \"prometheus:9090\"\n"))
        #expect(try parse(config.yamlText) == config)

        var awkward = LLMDeckConfig(deployments: [], store: StoreConfig(path: "/tmp/s.sqlite"))
        awkward.sources.prometheus = [
            PrometheusSourceConfig(
                name: "a \"quoted\" # name: yes",
                url: "https://u:p@h/prefix/",
                timeout: 0.25,
                scrapeInterval: 90,
                discover: #"up{job=~"vllm|tgi", env!="dev"} # all"#,
                modelLabel: "model",
                versionLabel: "version"
            ),
            PrometheusSourceConfig(name: "b", url: "http://h:1", environment: "1.10"),
        ]
        awkward.sources.alertmanager = [AlertmanagerSourceConfig(name: "am", url: "http://am:9093", tokenEnv: "T")]
        awkward.alerts.pushTo = "am"
        awkward.sourceFile = "llmdeck.yaml"
        #expect(try parse(awkward.yamlText) == awkward)
        #expect(!LLMDeckConfig(deployments: [], store: StoreConfig(path: "/s")).yamlText.contains("sources:"))
    }
}
