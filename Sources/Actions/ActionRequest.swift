import HTTP

/// A configured action rendered with the values of one concrete action: the exact argv or HTTP
/// request, what the confirmation and the audit show of it (secrets masked), and the secrets
/// to mask in its output.
public struct ActionRequest: Sendable {
    public enum Payload: Sendable {
        case command(CommandInvocation)
        case http(HTTPRequest)
    }

    public var payload: Payload
    /// The exact command or request as a user reads it, secrets masked: the argv quoted the way
    /// a POSIX shell would need it (for reading and copying; nothing is ever run by a shell), or
    /// `METHOD URL`, the headers and the body.
    public var display: String
    /// The values masked in `display`, in the output, and in the audit.
    public var secrets: Secrets

    /// Renders `spec` with `values`; `environment` is llmdeck's own (for `pass_env` and
    /// `token_env`). Throws when a template needs a value it does not have, or a token variable
    /// is unset.
    public static func render(
        _ spec: ActionSpec,
        values: TemplateValues,
        environment: [String: String]
    ) throws(ActionError) -> ActionRequest {
        switch spec.kind {
        case .command(let command):
            let arguments: [String]
            do {
                arguments = try command.arguments.render(with: values)
            } catch {
                throw ActionError(message: "the command cannot be rendered: \(error)")
            }
            var passed: [String: String] = [:]
            for name in command.passEnvironment {
                if let value = environment[name] { passed[name] = value }
            }
            passed.merge(command.environment) { _, configured in configured }
            let secrets = Secrets(
                environmentVariables: command.secretEnvironment,
                in: passed.merging(environment) { a, _ in a }
            )
            let invocation = CommandInvocation(arguments: arguments, environment: passed, timeout: spec.timeout)
            let shown = secrets.masking(arguments).map(ShellQuoting.quote).joined(separator: " ")
            return ActionRequest(payload: .command(invocation), display: shown, secrets: secrets)
        case .http(let http):
            let url: String
            let body: String?
            do {
                url = try http.url.render(with: values)
                body = try http.body?.render(with: values)
            } catch {
                throw ActionError(message: "the request cannot be rendered: \(error)")
            }
            var headers = http.headers.sorted { $0.key < $1.key }.map { HTTPHeader(name: $0.key, value: $0.value) }
            var secretValues: [String] = []
            if let variable = http.tokenEnvironmentVariable {
                guard let token = environment[variable], !token.isEmpty else {
                    throw ActionError(message: "token_env names \(variable), which is not set in llmdeck's environment")
                }
                headers.append(HTTPHeader(name: "Authorization", value: "Bearer \(token)"))
                secretValues.append(token)
            }
            if body != nil, !headers.contains(where: { $0.name.lowercased() == "content-type" }) {
                headers.append(HTTPHeader(name: "Content-Type", value: "application/json"))
            }
            let secrets = Secrets(secretValues)
            let timeout = Double(spec.timeout.components.seconds) + Double(spec.timeout.components.attoseconds) / 1e18
            let request = HTTPRequest(
                url: url,
                method: http.method,
                headers: headers,
                body: body.map { Array($0.utf8) },
                timeout: timeout
            )
            var lines = ["\(http.method) \(url)"]
            lines += headers.map { $0.isSecret ? "\($0.name): \(Secrets.mask)" : "\($0.name): \($0.value)" }
            if let body { lines += ["", body] }
            return ActionRequest(
                payload: .http(request),
                display: secrets.masking(lines.joined(separator: "\n")),
                secrets: secrets
            )
        }
    }
}

/// An action that cannot be prepared: a missing template value, an unset token variable.
public struct ActionError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

/// POSIX shell quoting, for showing an argv so it reads (and copies) as exactly those
/// arguments. llmdeck itself never runs a shell.
enum ShellQuoting {
    static func quote(_ argument: String) -> String {
        let plain = argument.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII
                && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                    || "-_./:=@%+,".unicodeScalars.contains(scalar))
        }
        if plain, !argument.isEmpty { return argument }
        var quoted = "'"
        for character in argument {
            quoted += character == "'" ? #"'\''"# : String(character)
        }
        return quoted + "'"
    }
}
