extension SourcesConfig {
    /// The `sources:` section as `LLMDeckConfig.yamlText` writes it: each source with every
    /// setting inside its `prometheus:` or `alertmanager:` mapping, Prometheus sources first.
    var yamlLines: [String] {
        guard !isEmpty else {
            return []
        }
        var lines = ["sources:"]
        for source in prometheus {
            lines += Self.itemLines(
                kind: "prometheus",
                [
                    ("name", quoted(source.name)), ("url", quoted(source.url)),
                    ("token_env", source.tokenEnv.map(quoted)), ("interval", formatDuration(source.interval)),
                    ("timeout", formatDuration(source.timeout)),
                    ("scrape_interval", formatDuration(source.scrapeInterval)),
                    ("discover", quoted(source.discover)), ("deployment_label", quoted(source.deploymentLabel)),
                    ("environment_label", source.environmentLabel.map(quoted)),
                    ("environment", quoted(source.environment)), ("model_label", source.modelLabel.map(quoted)),
                    ("version_label", source.versionLabel.map(quoted)),
                    ("histogram_batch", source.histogramBatch.map(String.init)),
                ]
            )
            lines += source.rollback?.yamlLines(key: "rollback", indent: Self.settingIndent) ?? []
            lines += source.guard.map { [Self.settingIndent + $0.yamlText] } ?? []
        }
        for source in alertmanager {
            lines += Self.itemLines(
                kind: "alertmanager",
                [
                    ("name", quoted(source.name)), ("url", quoted(source.url)),
                    ("token_env", source.tokenEnv.map(quoted)), ("interval", formatDuration(source.interval)),
                    ("timeout", formatDuration(source.timeout)), ("deployment_label", quoted(source.deploymentLabel)),
                ]
            )
        }
        return lines
    }

    /// How far a setting inside `- kind:` is indented.
    private static let settingIndent = "      "

    /// `- kind:` and its settings below it, those that are nil left out.
    private static func itemLines(kind: String, _ settings: [(key: String, text: String?)]) -> [String] {
        ["  - \(kind):"]
            + settings.compactMap { setting in setting.text.map { settingIndent + "\(setting.key): \($0)" } }
    }
}
