import Actions
import Analysis
import Yams

extension ConfigDocumentReader {
    static let actionSettingsKeys = ["read_only", "verify_for"]
    static let actionKeys = ["command", "http", "timeout", "env", "pass_env", "secret_env"]
    static let httpActionKeys = ["method", "url", "headers", "token_env", "body"]
    static let guardKeys = ["after_deploy", "on", "mode"]
    static let httpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"]
    /// Keys of an action that only a command takes: a request gets no environment.
    static let commandOnlyKeys = ["env", "pass_env", "secret_env"]

    /// `actions:`: read-only mode and how long a deployment is watched after an action.
    func readActionSettings(_ node: Node?) throws(ConfigError) -> ActionSettings {
        guard let node, !isNull(node) else {
            return ActionSettings()
        }
        let context = "in actions"
        let fields = try mapping(node, named: "'actions'", allowedKeys: Self.actionSettingsKeys, context: context)
        return ActionSettings(
            readOnly: try optionalBool(fields["read_only"], "read_only", context: context) ?? false,
            verifyFor: try optionalDuration(fields["verify_for"], "verify_for", context: context)
                ?? ActionSettings.defaultVerifyFor
        )
    }

    /// A deployment's `rollback:` and `guard:`, or a Prometheus source's for every deployment it
    /// discovers; a guard without a rollback has nothing to plan.
    /// - Parameters:
    ///   - owner: who they belong to in messages, such as "deployment 'chat-prod'".
    ///   - noun: what to add `rollback:` to, such as "deployment".
    func readDeploymentActions(
        _ fields: [String: Node],
        owner: String,
        noun: String,
        context: String
    ) throws(ConfigError) -> (rollback: ActionSpec?, guard: GuardConfig?) {
        let nested = { (section: String) in "in \(section) of \(owner)" }
        let rollback = try optionalAction(
            fields["rollback"],
            "rollback",
            nested: nested,
            unavailable: [.experiment, .variant]
        )
        let guardConfig = try optionalGuard(fields["guard"], context: nested("guard"))
        if let guardNode = fields["guard"], guardConfig != nil, rollback == nil {
            throw error(
                at: guardNode,
                .missingKey,
                "'guard' \(context) has no rollback to plan or run; add 'rollback:' to the \(noun) "
                    + "or remove the guard"
            )
        }
        return (rollback, guardConfig)
    }

    /// An action under `key` (`rollback:`, `promote:`): exactly one of a command and an HTTP
    /// request, and its timeout; every template parsed, a mistake placed at its character.
    /// - Parameters:
    ///   - nested: the context of a section of the action's owner, such as
    ///     "in rollback of deployment 'chat-prod'" for "rollback".
    ///   - unavailable: variables the owner never has a value for, refused where they are used.
    func optionalAction(
        _ node: Node?,
        _ key: String,
        nested: (String) -> String,
        unavailable: [TemplateVariable]
    ) throws(ConfigError) -> ActionSpec? {
        guard let node, !isNull(node) else {
            return nil
        }
        let context = nested(key)
        let fields = try mapping(node, named: "'\(key)'", allowedKeys: Self.actionKeys, context: context)
        let site = TemplateSite(
            context: context,
            known: TemplateVariable.allCases.filter { !unavailable.contains($0) }
        )
        let kind: ActionSpec.Kind
        switch (fields["command"], fields["http"]) {
        case (let command?, nil):
            kind = .command(try readCommandAction(command, fields: fields, site: site))
        case (nil, let http?):
            if let extra = Self.commandOnlyKeys.first(where: { fields[$0] != nil }), let extraNode = fields[extra] {
                throw error(
                    at: extraNode,
                    .invalidValue,
                    "'\(extra)' \(context) applies to a command only; a request gets no environment, remove it"
                )
            }
            let httpSite = TemplateSite(context: nested("\(key).http"), known: site.known)
            kind = .http(try readHTTPAction(http, site: httpSite))
        case (.some, let http?):
            throw error(
                at: http,
                .invalidValue,
                "both 'command' and 'http' \(context); keep one: a command to run or a request to send"
            )
        case (nil, nil):
            throw error(
                at: node,
                .missingKey,
                "missing 'command' or 'http' \(context); add command: [program, arguments…] "
                    + "or http: { url: https://… }"
            )
        }
        let timeout = try optionalDuration(fields["timeout"], "timeout", context: context)
        return ActionSpec(kind: kind, timeout: timeout.map(exactDuration) ?? ActionSpec.defaultTimeout)
    }

    /// `guard:`: how long after a deploy, on which severities, and whether it acts.
    func optionalGuard(_ node: Node?, context: String) throws(ConfigError) -> GuardConfig? {
        guard let node, !isNull(node) else {
            return nil
        }
        let fields = try mapping(node, named: "'guard'", allowedKeys: Self.guardKeys, context: context)
        let afterDeploy = try optionalDuration(fields["after_deploy"], "after_deploy", context: context)
        let mode: GuardConfig.Mode? = try optionalChoice(fields["mode"], "mode", context: context)
        return GuardConfig(
            afterDeploy: afterDeploy ?? GuardConfig.defaultAfterDeploy,
            severities: try readSeverities(fields["on"], context: context) ?? GuardConfig.defaultSeverities,
            mode: mode ?? GuardConfig.defaultMode
        )
    }

    // MARK: - Command

    private func readCommandAction(
        _ node: Node,
        fields: [String: Node],
        site: TemplateSite
    ) throws(ConfigError) -> CommandActionSpec {
        let context = site.context
        let example = "such as command: [kubectl, rollout, undo, deployment/chat]"
        let empty = "'command' \(context) is empty; give the program and its arguments, \(example)"
        if isNull(node) {
            throw error(at: node, .invalidValue, empty)
        }
        guard case .sequence(let items) = node else {
            throw error(
                at: node,
                .wrongType,
                "'command' \(context) must be a list: the program, then one element per argument "
                    + "(no shell splits it), got \(describe(node)); write it \(example)"
            )
        }
        guard !items.isEmpty else {
            throw error(at: node, .invalidValue, empty)
        }
        var arguments: [String] = []
        for (index, item) in items.enumerated() {
            guard case .scalar(let scalar) = item, !isNull(item) else {
                throw error(
                    at: item,
                    .wrongType,
                    "element \(index + 1) of 'command' \(context) must be text, got \(describe(item)); "
                        + "quote it if it is meant as text"
                )
            }
            if index == 0 && scalar.string.isEmpty {
                throw error(
                    at: item,
                    .invalidValue,
                    "the program in 'command' \(context) is empty; name it, \(example)"
                )
            }
            if scalar.string.unicodeScalars.contains("\0") {
                throw error(
                    at: item,
                    .invalidValue,
                    "element \(index + 1) of 'command' \(context) contains a NUL character, which no argument "
                        + "can carry; remove it"
                )
            }
            arguments.append(scalar.string)
        }
        let template: CommandTemplate
        do {
            template = try CommandTemplate(parsing: arguments)
            _ = try template.render(with: site.values)
        } catch {
            let element = error.element ?? 0
            throw templateFailure(error, text: arguments[element], key: "command", node: items[element], site: site)
        }
        return CommandActionSpec(
            arguments: template,
            environment: try readEnvironmentValues(fields["env"], context: context),
            passEnvironment: try readEnvironmentNames(fields["pass_env"], "pass_env", context: context)
                ?? CommandActionSpec.defaultPassEnvironment,
            secretEnvironment: try readEnvironmentNames(fields["secret_env"], "secret_env", context: context) ?? []
        )
    }

    /// `env:`: variables set for the command, by name.
    private func readEnvironmentValues(_ node: Node?, context: String) throws(ConfigError) -> [String: String] {
        try readNamedValues(
            node,
            "env",
            of: "variable names",
            example: "{ KUBECONFIG: /etc/kube/config }",
            context: context
        ) {
            (name, key) throws(ConfigError) in
            guard isEnvironmentName(name) else {
                throw error(
                    at: key,
                    .invalidValue,
                    "'\(name)' in 'env' \(context) is not an environment variable name (letters, digits, _, "
                        + "not starting with a digit)"
                )
            }
        }
    }

    /// A mapping of names to text values (`env:`, `headers:`), empty when absent; `check`
    /// refuses a name at its key's position.
    private func readNamedValues(
        _ node: Node?,
        _ field: String,
        of names: String,
        example: String,
        context: String,
        check: (String, Node) throws(ConfigError) -> Void
    ) throws(ConfigError) -> [String: String] {
        guard let node, !isNull(node) else {
            return [:]
        }
        guard case .mapping(let pairs) = node else {
            throw error(
                at: node,
                .wrongType,
                "'\(field)' \(context) must map \(names) to values, got \(describe(node)); "
                    + "write e.g. \(field): \(example)"
            )
        }
        var values: [String: String] = [:]
        for (key, value) in pairs {
            let name = try string(key, field, context: context)
            try check(name, key)
            values[name] = try string(value, name, context: "in '\(field)' \(context)")
        }
        return values
    }

    /// `pass_env:` or `secret_env:`: a list of environment variable names, `nil` when absent.
    private func readEnvironmentNames(_ node: Node?, _ key: String, context: String) throws(ConfigError) -> [String]? {
        guard let node, !isNull(node) else {
            return nil
        }
        guard case .sequence(let items) = node else {
            throw error(
                at: node,
                .wrongType,
                "'\(key)' \(context) must be a list of environment variable names, got \(describe(node)); "
                    + "write e.g. \(key): [PATH, HOME]"
            )
        }
        var names: [String] = []
        for item in items {
            let name = try string(item, key, context: context)
            guard isEnvironmentName(name) else {
                throw error(
                    at: item,
                    .invalidValue,
                    "'\(name)' in '\(key)' \(context) is not an environment variable name (letters, digits, _, "
                        + "not starting with a digit)"
                )
            }
            names.append(name)
        }
        return names
    }

    // MARK: - HTTP

    private func readHTTPAction(_ node: Node, site: TemplateSite) throws(ConfigError) -> HTTPActionSpec {
        let context = site.context
        let fields = try mapping(node, named: "'http'", allowedKeys: Self.httpActionKeys, context: context)
        let urlNode = try required(fields, "url", in: node, context: context)
        let urlText = try string(urlNode, "url", context: context)
        guard hasHTTPScheme(urlText) else {
            throw error(
                at: urlNode,
                .invalidURL,
                "'url' \(context) must start with http:// or https:// and a host, got '\(urlText)'; "
                    + "write e.g. url: https://deployer.internal/rollback/{{deployment}}"
            )
        }
        var body: ActionTemplate?
        if let bodyNode = fields["body"], !isNull(bodyNode) {
            guard case .scalar(let scalar) = bodyNode else {
                throw error(
                    at: bodyNode,
                    .wrongType,
                    "'body' \(context) must be text, the JSON to send, got \(describe(bodyNode)); "
                        + "quote it, such as body: '{\"to\": \"{{target_version}}\"}'"
                )
            }
            body = try template(scalar.string, .jsonString, key: "body", node: bodyNode, site: site)
        }
        return HTTPActionSpec(
            method: try readMethod(fields["method"], context: context),
            url: try template(urlText, .urlComponent, key: "url", node: urlNode, site: site),
            headers: try readHeaders(fields["headers"], context: context),
            tokenEnvironmentVariable: try optionalEnvironmentName(fields["token_env"], "token_env", context: context),
            body: body
        )
    }

    private func readMethod(_ node: Node?, context: String) throws(ConfigError) -> String {
        guard let node, let text = try optionalString(node, "method", context: context) else {
            return "POST"
        }
        let method = text.uppercased()
        guard Self.httpMethods.contains(method) else {
            let hint =
                closestKey(to: method, among: Self.httpMethods).map { "did you mean '\($0)'?" }
                ?? "use one of \(Self.httpMethods.joined(separator: ", "))"
            throw error(at: node, .invalidValue, "unknown method '\(text)' \(context); \(hint)")
        }
        return method
    }

    /// Whether `text` starts with `http://` or `https://` and a host.
    private func hasHTTPScheme(_ text: String) -> Bool {
        let lowered = text.lowercased()
        guard let scheme = ["http://", "https://"].first(where: lowered.hasPrefix) else {
            return false
        }
        let rest = text.dropFirst(scheme.count)
        return !rest.isEmpty && !rest.hasPrefix("/")
    }

    /// `headers:`: fixed header values by name; an `Authorization` header is refused, since its
    /// credential would sit in the config (`token_env` names the variable that holds it).
    private func readHeaders(_ node: Node?, context: String) throws(ConfigError) -> [String: String] {
        try readNamedValues(
            node,
            "headers",
            of: "header names",
            example: "{ Content-Type: application/json }",
            context: context
        ) { (name, key) throws(ConfigError) in
            guard name.unicodeScalars.allSatisfy(isHeaderNameCharacter) else {
                throw error(
                    at: key,
                    .invalidValue,
                    "'\(name)' in 'headers' \(context) is not a header name (letters, digits and !#$%&'*+-.^_`|~)"
                )
            }
            if name.lowercased() == "authorization" {
                throw error(
                    at: key,
                    .invalidValue,
                    "'Authorization' in 'headers' \(context) would keep a credential in the config; put the token "
                        + "in an environment variable and name it in token_env (sent as Authorization: Bearer)"
                )
            }
        }
    }

    // MARK: - Guard

    private func readSeverities(_ node: Node?, context: String) throws(ConfigError) -> [String]? {
        guard let node, !isNull(node) else {
            return nil
        }
        let names = AlertSeverity.allCases.reversed().map(\.rawValue)
        guard case .sequence(let items) = node else {
            throw error(
                at: node,
                .wrongType,
                "'on' \(context) must be a list of alert severities, got \(describe(node)); write e.g. on: [critical]"
            )
        }
        guard !items.isEmpty else {
            throw error(
                at: node,
                .invalidValue,
                "'on' \(context) is empty; list the severities that trip the guard, such as [critical]"
            )
        }
        var severities: [String] = []
        for item in items {
            let text = try string(item, "on", context: context)
            guard names.contains(text) else {
                let hint =
                    closestKey(to: text, among: names).map { "did you mean '\($0)'?" }
                    ?? "use \(names.joined(separator: " or "))"
                throw error(at: item, .invalidValue, "unknown severity '\(text)' \(context); \(hint)")
            }
            severities.append(text)
        }
        return severities
    }
}

/// RFC 9110 §5.6.2 `tchar`, the characters of a header name.
private func isHeaderNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
    scalar.isASCII
        && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
            || "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar))
}

/// `seconds` as a `Duration`, exactly when it is a whole number of milliseconds.
private func exactDuration(_ seconds: Double) -> Duration {
    let milliseconds = (seconds * 1000).rounded()
    if milliseconds / 1000 == seconds && milliseconds < 9e15 {
        return .milliseconds(Int64(milliseconds))
    }
    return .seconds(seconds)
}
