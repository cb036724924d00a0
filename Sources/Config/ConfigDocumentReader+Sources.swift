import Foundation
import Yams

extension ConfigDocumentReader {
    static let sourceKinds = ["prometheus", "alertmanager"]
    static let prometheusSourceKeys = [
        "name", "url", "token_env", "interval", "timeout", "scrape_interval", "discover", "deployment_label",
        "environment_label", "environment", "model_label", "version_label", "rollback", "guard", "histogram_batch",
    ]
    static let alertmanagerSourceKeys = ["name", "url", "token_env", "interval", "timeout", "deployment_label"]

    /// `sources:`: Prometheus query APIs and Alertmanagers in file order, each name (given, or
    /// the URL's host and port) used once across both kinds.
    func readSources(_ node: Node?) throws(ConfigError) -> SourcesConfig {
        let entries = try listItems(
            node,
            "sources",
            hint: "start each source with '- prometheus: { url: … }' or '- alertmanager: { url: … }'",
            readItem: readSource(_:position:)
        )
        try rejectDuplicates(
            entries.map { (node: $0.item.nameNode, item: $0.item) },
            key: \.name,
            at: { $0 },
            message: {
                "duplicate source name '\($0.name)' (first on line \($1)); give each source a unique 'name:' "
                    + "(the default is the URL's host:port)"
            }
        )
        var sources = SourcesConfig()
        for entry in entries {
            switch entry.item.source {
            case .prometheus(let source): sources.prometheus.append(source)
            case .alertmanager(let source): sources.alertmanager.append(source)
            }
        }
        return sources
    }

    /// `alerts.push_to`: the name of an alertmanager source, or `alertmanager` for the first one,
    /// as written.
    func readPushTo(_ node: Node?, sources: SourcesConfig) throws(ConfigError) -> String? {
        let context = "in alerts"
        guard let node, let target = try optionalString(node, "push_to", context: context) else {
            return nil
        }
        if sources.alertmanager(pushTo: target) != nil {
            return target
        }
        let names = sources.alertmanager.map(\.name)
        guard !names.isEmpty else {
            throw error(
                at: node,
                .invalidValue,
                "'push_to' \(context) is '\(target)', but sources: has no alertmanager; "
                    + "add one, such as sources: [ alertmanager: { url: http://alertmanager:9093 } ]"
            )
        }
        let hint =
            closestKey(to: target, among: names).map { "did you mean '\($0)'?" }
            ?? "use one of \(names.map { "'\($0)'" }.joined(separator: ", ")), or alertmanager for the first"
        let what =
            sources.prometheus.contains { $0.name == target }
            ? "a prometheus source, not an alertmanager" : "no alertmanager source"
        throw error(at: node, .invalidValue, "'push_to' \(context) names '\(target)', which is \(what); \(hint)")
    }

    // MARK: - Entries

    private func readSource(_ node: Node, position: Int) throws(ConfigError) -> SourceEntry {
        let label = "source #\(position)"
        guard case .mapping(let pairs) = node else {
            throw error(
                at: node,
                .wrongType,
                "\(label) must be a mapping with 'prometheus' or 'alertmanager', got \(describe(node)); "
                    + "write e.g. - prometheus: { url: http://prometheus:9090 }"
            )
        }
        let kinds = pairs.filter { Self.sourceKinds.contains($0.key.scalar?.string ?? "") }
        guard let kindPair = kinds.first, let kind = kindPair.key.scalar?.string else {
            // A misspelt kind gets its "did you mean" first.
            _ = try mapping(
                node,
                named: label,
                allowedKeys: Self.sourceKinds + Self.prometheusSourceKeys,
                context: "in \(label)"
            )
            throw error(
                at: node,
                .missingKey,
                "\(label) has neither 'prometheus' nor 'alertmanager'; "
                    + "write - prometheus: { url: … } or - alertmanager: { url: … }"
            )
        }
        if kinds.count > 1 {
            throw error(
                at: kinds[1].key,
                .invalidValue,
                "\(label) has both 'prometheus' and 'alertmanager'; give each its own item in the list "
                    + "(- prometheus: { url: … } and - alertmanager: { url: … })"
            )
        }
        let allowedKeys = kind == "prometheus" ? Self.prometheusSourceKeys : Self.alertmanagerSourceKeys
        let context = sourceContext(node, settings: kindPair.value, kind: kind, position: position)
        let inner = try sourceSettings(kindPair.value, kind: kind, allowedKeys: allowedKeys, context: context)
        let beside = try mapping(node, named: label, allowedKeys: [kind] + allowedKeys, context: context)
            .filter { $0.key != kind }
        for key in allowedKeys where inner[key] != nil && beside[key] != nil {
            let insideKey = keyNode(key, in: kindPair.value)
            let besideKey = keyNode(key, in: node)
            throw error(
                at: besideKey ?? node,
                .duplicateKey,
                "'\(key)' \(context) is given twice, inside '\(kind)' on line \(insideKey?.mark?.line ?? 0) "
                    + "and beside it on line \(besideKey?.mark?.line ?? 0); keep one"
            )
        }
        let fields = inner.merging(beside) { first, _ in first }
        let urlNode = try required(fields, "url", in: node, context: context)
        let url = try validatedURL(
            urlNode,
            context: context,
            example: "write it as http://host:port, such as \(exampleURL(kind))",
            queryHint: "give the server's root or route prefix only, such as https://host/\(kind)"
        )
        let name = try optionalString(fields["name"], "name", context: context) ?? defaultSourceName(url) ?? url
        let common = try CommonSourceSettings(
            tokenEnv: optionalEnvironmentName(fields["token_env"], "token_env", context: context),
            interval: optionalDuration(fields["interval"], "interval", context: context),
            timeout: optionalDuration(fields["timeout"], "timeout", context: context),
            deploymentLabel: optionalLabelName(fields["deployment_label"], "deployment_label", context: context)
        )
        let source: SourceEntry.Source
        if kind == "prometheus" {
            source = .prometheus(try readPrometheus(fields, name: name, url: url, common: common, context: context))
        } else {
            let defaults = AlertmanagerSourceConfig(name: name, url: url)
            source = .alertmanager(
                AlertmanagerSourceConfig(
                    name: name,
                    url: url,
                    tokenEnv: common.tokenEnv,
                    interval: common.interval ?? defaults.interval,
                    timeout: common.timeout ?? defaults.timeout,
                    deploymentLabel: common.deploymentLabel ?? defaults.deploymentLabel
                )
            )
        }
        return SourceEntry(name: name, nameNode: fields["name"] ?? urlNode, source: source)
    }

    private func readPrometheus(
        _ fields: [String: Node],
        name: String,
        url: String,
        common: CommonSourceSettings,
        context: String
    ) throws(ConfigError) -> PrometheusSourceConfig {
        let defaults = PrometheusSourceConfig(name: name, url: url)
        let actions = try readDeploymentActions(
            fields,
            owner: "prometheus source '\(name)'",
            noun: "source",
            context: context
        )
        return PrometheusSourceConfig(
            name: name,
            url: url,
            tokenEnv: common.tokenEnv,
            interval: common.interval ?? defaults.interval,
            timeout: common.timeout ?? defaults.timeout,
            scrapeInterval: try optionalDuration(fields["scrape_interval"], "scrape_interval", context: context)
                ?? defaults.scrapeInterval,
            discover: try optionalString(fields["discover"], "discover", context: context) ?? defaults.discover,
            deploymentLabel: common.deploymentLabel ?? defaults.deploymentLabel,
            environmentLabel: try optionalLabelName(
                fields["environment_label"],
                "environment_label",
                context: context
            ),
            environment: try optionalString(fields["environment"], "environment", context: context)
                ?? defaults.environment,
            modelLabel: try optionalLabelName(fields["model_label"], "model_label", context: context),
            versionLabel: try optionalLabelName(fields["version_label"], "version_label", context: context),
            rollback: actions.rollback,
            guard: actions.guard,
            histogramBatch: try optionalNumber(
                fields["histogram_batch"],
                "histogram_batch",
                context: context,
                rule: NumberRule(expected: "a whole number of deployments, 1 or more", example: "1000") {
                    $0 >= 1 && $0 <= 1e9 && $0.rounded() == $0
                }
            ).map { Int($0) }
        )
    }

    /// The settings inside `prometheus:` or `alertmanager:`; none when it is left empty and they
    /// all stand beside it.
    private func sourceSettings(
        _ node: Node,
        kind: String,
        allowedKeys: [String],
        context: String
    ) throws(ConfigError) -> [String: Node] {
        if isNull(node) {
            return [:]
        }
        guard case .mapping = node else {
            throw error(
                at: node,
                .wrongType,
                "'\(kind)' \(context) must be a mapping of its settings, got \(describe(node)); "
                    + "write e.g. \(kind): { url: \(exampleURL(kind)) }"
            )
        }
        return try mapping(node, named: "'\(kind)'", allowedKeys: allowedKeys, context: context)
    }

    /// How messages name a source: `in prometheus source 'prometheus:9090'` by its name, given or
    /// from a readable URL, else by its position.
    private func sourceContext(_ node: Node, settings: Node, kind: String, position: Int) -> String {
        let written = { (key: String) in
            (settings.mapping?[key] ?? node.mapping?[key]).flatMap { $0.scalar?.string }
        }
        let name = written("name") ?? written("url").flatMap(defaultSourceName)
        return name.map { "in \(kind) source '\($0)'" } ?? "in \(kind) source #\(position)"
    }

    /// The key node named `key` in a mapping, for messages that name its line.
    private func keyNode(_ key: String, in node: Node) -> Node? {
        node.mapping?.first { $0.key.scalar?.string == key }?.key
    }

    private func optionalLabelName(_ node: Node?, _ key: String, context: String) throws(ConfigError) -> String? {
        guard let node, let name = try optionalString(node, key, context: context) else {
            return nil
        }
        guard isLabelName(name) else {
            throw error(
                at: node,
                .invalidValue,
                "'\(key)' \(context) must be a Prometheus label name (ASCII letters, digits and _, not starting "
                    + "with a digit or __), such as model_name; got '\(name)'"
            )
        }
        return name
    }
}

/// The usual address of a `prometheus` or `alertmanager` (its default port), for examples in messages.
private func exampleURL(_ kind: String) -> String {
    "http://\(kind):\(kind == "prometheus" ? 9090 : 9093)"
}

/// A source's default name: its URL's host, and port when written (`prometheus:9090`); nil for
/// a text without a host.
func defaultSourceName(_ url: String) -> String? {
    guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else {
        return nil
    }
    let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
    return components.port.map { "\(bracketed):\($0)" } ?? bracketed
}

/// One item of `sources:` as read, with the node its name came from (given or the URL).
private struct SourceEntry {
    enum Source {
        case prometheus(PrometheusSourceConfig)
        case alertmanager(AlertmanagerSourceConfig)
    }

    var name: String
    var nameNode: Node
    var source: Source
}

/// What both kinds of source set the same way; nil where the file leaves the default.
private struct CommonSourceSettings {
    var tokenEnv: String?
    var interval: Double?
    var timeout: Double?
    var deploymentLabel: String?
}
