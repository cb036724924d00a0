import Foundation
import Yams

/// Walks a composed YAML tree into an `LLMDeckConfig`, checking every key and value where it
/// stands so each error carries the node's line and column (Codable would lose them).
struct ConfigDocumentReader {
    /// The config file path, for error messages and to resolve a relative store path.
    let file: String
    /// Environment used for the default store path (`HOME`, `XDG_DATA_HOME`).
    let environment: [String: String]
    /// The YAML text itself, to place an error inside a template at its character; without it,
    /// such an error is reported at the template's scalar.
    var source = ""

    static let topLevelKeys = ["deployments", "sources", "store", "experiments", "pricing", "alerts", "actions"]
    static let deploymentKeys = [
        "name", "url", "kind", "environment", "interval", "timeout", "token_env", "model", "version", "metrics_path",
        "rollback", "guard",
    ]
    static let storeKeys = ["path", "retention"]
    static let retentionKeys = ["raw", "minute", "hour"]

    func read(_ root: Node?) throws(ConfigError) -> LLMDeckConfig {
        let defaultStore = StoreConfig(path: ConfigLoader.defaultStorePath(environment: environment))
        guard let root, !isNull(root) else {
            return LLMDeckConfig(deployments: [], store: defaultStore, sourceFile: file)
        }
        let fields = try mapping(
            root,
            named: "the config file",
            allowedKeys: Self.topLevelKeys,
            context: "at top level"
        )
        let deployments = try namedItems(
            fields["deployments"],
            "deployments",
            noun: "deployment",
            name: \.name,
            readItem: readDeployment(_:position:)
        )
        let sources = try readSources(fields["sources"])
        var store = defaultStore
        if let node = fields["store"], !isNull(node) {
            store = try readStore(node, defaultPath: defaultStore.path)
        }
        return LLMDeckConfig(
            deployments: deployments,
            store: store,
            experiments: try readExperiments(fields["experiments"]),
            pricing: try readPricing(fields["pricing"]),
            alerts: try readAlerts(fields["alerts"], sources: sources),
            actions: try readActionSettings(fields["actions"]),
            sources: sources,
            sourceFile: file
        )
    }

    // MARK: - Sections

    private func readDeployment(_ node: Node, position: Int) throws(ConfigError) -> DeploymentConfig {
        let label = "deployment #\(position)"
        let context = try entryContext(node, label: label, nameKey: "name", shape: "at least 'name' and 'url'") {
            "in deployment '\($0)'"
        }
        let fields = try mapping(node, named: label, allowedKeys: Self.deploymentKeys, context: context)

        let name = try requiredString(fields, "name", in: node, context: context)
        let urlNode = try required(fields, "url", in: node, context: context)
        let url = try validatedURL(
            urlNode,
            context: context,
            example: "write it as http://host:port, or the metrics URL such as http://host:8002/metrics",
            queryHint: "give the base URL only and set 'metrics_path' for a different metrics endpoint"
        )
        let kind = try optionalKind(fields["kind"], context: context)
        let environment = try optionalString(fields["environment"], "environment", context: context)
        let interval = try optionalDuration(fields["interval"], "interval", context: context)
        let timeout = try optionalDuration(fields["timeout"], "timeout", context: context)
        let tokenEnv = try optionalEnvironmentName(fields["token_env"], "token_env", context: context)
        let model = try optionalString(fields["model"], "model", context: context)
        let version = try optionalString(fields["version"], "version", context: context)
        let metricsPath = try optionalMetricsPath(fields["metrics_path"], context: context)
        let actions = try readDeploymentActions(
            fields,
            owner: "deployment '\(name)'",
            noun: "deployment",
            context: context
        )

        return DeploymentConfig(
            name: name,
            url: url,
            kind: kind,
            environment: environment ?? DeploymentConfig.defaultEnvironment,
            interval: interval ?? DeploymentConfig.defaultInterval,
            timeout: timeout,
            tokenEnv: tokenEnv,
            model: model,
            version: version,
            metricsPath: metricsPath,
            rollback: actions.rollback,
            guard: actions.guard
        )
    }

    private func readStore(_ node: Node, defaultPath: String) throws(ConfigError) -> StoreConfig {
        let fields = try mapping(node, named: "'store'", allowedKeys: Self.storeKeys, context: "in store")
        var path = defaultPath
        if let pathNode = fields["path"], !isNull(pathNode) {
            let text = try string(pathNode, "path", context: "in store")
            path = try resolvedStorePath(text, at: pathNode)
        }
        var retention = RetentionConfig.standard
        if let retentionNode = fields["retention"], !isNull(retentionNode) {
            let context = "in store.retention"
            let values = try mapping(
                retentionNode,
                named: "'retention'",
                allowedKeys: Self.retentionKeys,
                context: context
            )
            retention.raw = try optionalDuration(values["raw"], "raw", context: context) ?? retention.raw
            retention.minute = try optionalDuration(values["minute"], "minute", context: context) ?? retention.minute
            retention.hour = try optionalDuration(values["hour"], "hour", context: context) ?? retention.hour
        }
        return StoreConfig(path: path, retention: retention)
    }

    // MARK: - Structure

    /// The mapping's values by key, after rejecting non-string and unknown keys.
    func mapping(
        _ node: Node,
        named name: String,
        allowedKeys: [String],
        context: String
    ) throws(ConfigError) -> [String: Node] {
        guard case .mapping(let pairs) = node else {
            throw error(
                at: node,
                .wrongType,
                "\(name) must be a mapping of keys (\(allowedKeys.joined(separator: ", "))), got \(describe(node))"
            )
        }
        var fields: [String: Node] = [:]
        for (key, value) in pairs {
            guard case .scalar(let scalar) = key else {
                throw error(at: key, .wrongType, "keys must be plain words \(context), got \(describe(key))")
            }
            guard allowedKeys.contains(scalar.string) else {
                let hint =
                    closestKey(to: scalar.string, among: allowedKeys).map { "did you mean '\($0)'?" }
                    ?? "allowed keys: \(allowedKeys.joined(separator: ", "))"
                throw error(at: key, .unknownKey, "unknown key '\(scalar.string)' \(context); \(hint)")
            }
            fields[scalar.string] = value
        }
        return fields
    }

    func required(
        _ fields: [String: Node],
        _ key: String,
        in parent: Node,
        context: String
    ) throws(ConfigError) -> Node {
        guard let node = fields[key], !isNull(node) else {
            throw error(
                at: fields[key] ?? parent,
                .missingKey,
                "missing required key '\(key)' \(context); add '\(key): …'"
            )
        }
        return node
    }

    func requiredString(
        _ fields: [String: Node],
        _ key: String,
        in parent: Node,
        context: String
    ) throws(ConfigError) -> String {
        try string(try required(fields, key, in: parent, context: context), key, context: context)
    }

    /// A scalar's text; numbers and booleans are taken as written (`version: 1.2` is "1.2").
    func string(_ node: Node, _ key: String, context: String) throws(ConfigError) -> String {
        guard case .scalar(let scalar) = node else {
            throw error(at: node, .wrongType, "'\(key)' \(context) must be text, got \(describe(node))")
        }
        let text = scalar.string.trimmingCharacters(in: .whitespaces)
        if text.isEmpty {
            throw error(at: node, .invalidValue, "'\(key)' \(context) is empty; give it a value or remove the key")
        }
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw error(at: node, .invalidValue, "'\(key)' \(context) contains control characters; remove them")
        }
        return text
    }

    func optionalString(_ node: Node?, _ key: String, context: String) throws(ConfigError) -> String? {
        guard let node, !isNull(node) else {
            return nil
        }
        return try string(node, key, context: context)
    }

    // MARK: - Values

    /// An http(s) URL with a host, a valid port and no query or fragment, as written.
    /// - Parameters:
    ///   - example: how to write it, for a text that is no URL or has no host.
    ///   - queryHint: what to do instead of a query or fragment.
    func validatedURL(_ node: Node, context: String, example: String, queryHint: String) throws(ConfigError) -> String {
        let text = try string(node, "url", context: context)
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw error(at: node, .invalidURL, "'\(text)' \(context) is not a URL; \(example)")
        }
        guard scheme == "http" || scheme == "https" else {
            throw error(
                at: node,
                .invalidURL,
                "url scheme '\(scheme)' \(context) is not supported; use http:// or https://"
            )
        }
        guard let host = components.host, !host.isEmpty else {
            throw error(at: node, .invalidURL, "url '\(text)' \(context) has no host; \(example)")
        }
        if let port = components.port, !(1...65_535).contains(port) {
            throw error(at: node, .invalidURL, "url '\(text)' \(context) has port \(port); ports are 1–65535")
        }
        if components.query != nil || components.fragment != nil {
            throw error(
                at: node,
                .invalidURL,
                "url '\(text)' \(context) has a query or fragment; \(queryHint)"
            )
        }
        return text
    }

    private func optionalKind(_ node: Node?, context: String) throws(ConfigError) -> ServerKind? {
        guard let node, !isNull(node) else {
            return nil
        }
        let text = try string(node, "kind", context: context).lowercased()
        if text == "auto" {
            return nil
        }
        if let kind = ServerKind(rawValue: text) {
            return kind
        }
        let names = ServerKind.allCases.map(\.rawValue)
        let squeezed = text.filter { $0.isLetter || $0.isNumber }
        let hint =
            (ServerKind(rawValue: squeezed)?.rawValue ?? closestKey(to: text, among: names)).map {
                "did you mean '\($0)'?"
            } ?? "use one of \(names.joined(separator: ", ")) or omit 'kind' to auto-detect"
        throw error(at: node, .unknownKind, "unknown kind '\(text)' \(context); \(hint)")
    }

    func optionalDuration(_ node: Node?, _ key: String, context: String) throws(ConfigError) -> Double? {
        guard let node, !isNull(node) else {
            return nil
        }
        guard case .scalar(let scalar) = node else {
            throw error(
                at: node,
                .wrongType,
                "'\(key)' \(context) must be a duration such as 5s, got \(describe(node))"
            )
        }
        guard let seconds = parseDuration(scalar.string) else {
            throw error(
                at: node,
                .invalidDuration,
                "'\(key)' \(context) has bad duration '\(scalar.string)'; write it like 500ms, 5s, 1m30s, 2h or 7d"
            )
        }
        guard seconds > 0 else {
            throw error(at: node, .invalidDuration, "'\(key)' \(context) must be longer than zero; write e.g. 5s")
        }
        return seconds
    }

    /// The name of the environment variable holding a token (`token_env:`).
    func optionalEnvironmentName(_ node: Node?, _ key: String, context: String) throws(ConfigError) -> String? {
        guard let node, !isNull(node) else {
            return nil
        }
        let name = try string(node, key, context: context)
        guard isEnvironmentName(name) else {
            throw error(
                at: node,
                .invalidValue,
                "'\(key)' \(context) must name an environment variable (letters, digits, _), such as CHAT_TOKEN; "
                    + "put the token itself in that variable, never in the config"
            )
        }
        return name
    }

    private func optionalMetricsPath(_ node: Node?, context: String) throws(ConfigError) -> String? {
        guard let node, !isNull(node) else {
            return nil
        }
        let path = try string(node, "metrics_path", context: context)
        guard ServerEndpoints.isMetricsPath(path) else {
            throw error(
                at: node,
                .invalidValue,
                "'metrics_path' \(context) must be a path starting with '/', such as /metrics, "
                    + "or an http(s):// URL"
            )
        }
        return path
    }

    /// Expands `~` and resolves a relative path against the config file's directory.
    private func resolvedStorePath(_ text: String, at node: Node) throws(ConfigError) -> String {
        if text.hasPrefix("~") && !(text == "~" || text.hasPrefix("~/")) {
            throw error(
                at: node,
                .invalidValue,
                "store path '\(text)' uses ~user, which is not expanded; write ~/… or an absolute path"
            )
        }
        let expanded = ConfigLoader.expandingTilde(text, environment: environment)
        if expanded.hasPrefix("/") || !file.contains("/") {
            return expanded
        }
        let directory = (file as NSString).deletingLastPathComponent
        return (directory as NSString).appendingPathComponent(expanded)
    }

    /// `[A-Za-z_][A-Za-z0-9_]*`, a name every shell can export.
    func isEnvironmentName(_ name: String) -> Bool {
        name.first.map { $0 == "_" || ($0.isASCII && $0.isLetter) } == true
            && name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }

    // MARK: - Errors

    func isNull(_ node: Node) -> Bool {
        if case .scalar(let scalar) = node {
            return scalar.style == .plain && node.null != nil
        }
        return false
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): return "'\(scalar.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    func error(at node: Node, _ kind: ConfigError.Kind, _ message: String) -> ConfigError {
        ConfigError(
            file: file,
            line: node.mark?.line ?? 1,
            column: node.mark?.column ?? 1,
            message: message,
            kind: kind
        )
    }
}
