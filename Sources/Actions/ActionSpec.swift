/// What a configured action does — a deployment's `rollback`, an experiment's `promote` or
/// `rollback` — before its template values are known: an argv command or an HTTP request.
///
/// The config reader builds these (`rollback:` / `promote:` in the configuration, each template
/// parsed there so a mistake is reported with `file:line:col`); `ActionRequest` renders one with
/// the values of a concrete action; `ActionExecutor` performs it.
public struct ActionSpec: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case command(CommandActionSpec)
        case http(HTTPActionSpec)
    }

    public var kind: Kind
    /// How long the command or the request may take (default 60 s).
    public var timeout: Duration

    public static let defaultTimeout: Duration = .seconds(60)

    public init(kind: Kind, timeout: Duration = ActionSpec.defaultTimeout) {
        self.kind = kind
        self.timeout = timeout
    }

    /// Every template variable the action uses, in order of first use.
    public var variables: [TemplateVariable] {
        switch kind {
        case .command(let command): return command.arguments.variables
        case .http(let http):
            var seen: [TemplateVariable] = []
            for variable in http.url.variables + (http.body?.variables ?? []) where !seen.contains(variable) {
                seen.append(variable)
            }
            return seen
        }
    }
}

/// `command: [kubectl, rollout, undo, …]`: argv without a shell.
public struct CommandActionSpec: Sendable, Equatable {
    public var arguments: CommandTemplate
    /// Variables set for the command (`env:` in the configuration), on top of those passed on.
    public var environment: [String: String]
    /// Names of llmdeck's own environment variables the command receives (`pass_env:`);
    /// nothing else is inherited.
    public var passEnvironment: [String]
    /// Environment variables whose values are secrets: masked wherever the command or its
    /// output is shown or audited (`secret_env:`; `pass_env` names that look like tokens too).
    public var secretEnvironment: [String]

    /// What a command gets from llmdeck's environment when `pass_env:` is not given: enough for
    /// `kubectl`, `helm` and `argo` to find themselves and their credentials.
    public static let defaultPassEnvironment = ["PATH", "HOME", "USER", "LANG", "KUBECONFIG"]

    public init(
        arguments: CommandTemplate,
        environment: [String: String] = [:],
        passEnvironment: [String] = CommandActionSpec.defaultPassEnvironment,
        secretEnvironment: [String] = []
    ) {
        self.arguments = arguments
        self.environment = environment
        self.passEnvironment = passEnvironment
        self.secretEnvironment = secretEnvironment
    }
}

/// `http: {method, url, headers, token_env, body}`: one request through llmdeck's HTTP client
/// (libcurl, TLS verified).
public struct HTTPActionSpec: Sendable, Equatable {
    /// `POST` unless the configuration says otherwise.
    public var method: String
    /// Parsed in the `.urlComponent` context: each value is percent-encoded.
    public var url: ActionTemplate
    /// Fixed headers (no templates), e.g. `Content-Type`.
    public var headers: [String: String]
    /// The environment variable holding a bearer token, sent as `Authorization: Bearer …` and
    /// masked everywhere it could be shown.
    public var tokenEnvironmentVariable: String?
    /// Parsed in the `.jsonString` context: each value is JSON-escaped inside a string literal.
    public var body: ActionTemplate?

    public init(
        method: String = "POST",
        url: ActionTemplate,
        headers: [String: String] = [:],
        tokenEnvironmentVariable: String? = nil,
        body: ActionTemplate? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.tokenEnvironmentVariable = tokenEnvironmentVariable
        self.body = body
    }
}
