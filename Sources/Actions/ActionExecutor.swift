import HTTP

/// Performs rendered actions: an argv through `CommandRunner`, a request through the HTTP
/// client. The one place that changes production, so read-only mode is enforced here, not only
/// in the keys that lead to it: a read-only executor refuses every action and runs nothing.
public struct ActionExecutor: Sendable {
    public let isReadOnly: Bool
    private let runner: CommandRunner
    private let client: HTTPClient?
    /// Characters of output kept for the status line and the audit.
    public static let excerptLimit = 2_000

    /// - Parameters:
    ///   - readOnly: refuse every action (`--read-only`, `actions.read_only`).
    ///   - client: the HTTP client for `http:` actions; one is made per action when nil.
    public init(readOnly: Bool, runner: CommandRunner = CommandRunner(), client: HTTPClient? = nil) {
        isReadOnly = readOnly
        self.runner = runner
        self.client = client
    }

    public func perform(_ request: ActionRequest) async -> ActionOutcome {
        guard !isReadOnly else {
            return ActionOutcome(
                status: .refused,
                detail: "read-only: actions are refused (--read-only or actions.read_only)",
                output: ""
            )
        }
        switch request.payload {
        case .command(let invocation):
            return await performCommand(invocation, secrets: request.secrets)
        case .http(let http):
            return await performHTTP(http, secrets: request.secrets)
        }
    }

    private func performCommand(_ invocation: CommandInvocation, secrets: Secrets) async -> ActionOutcome {
        let result: CommandResult
        do {
            result = try await runner.run(invocation)
        } catch {
            return ActionOutcome(status: .failed, detail: secrets.masking(error.description), output: "")
        }
        let output = Self.excerpt(secrets.masking(result.standardOutput.text + result.standardError.text))
        let seconds = Double(result.duration.components.seconds)
        if result.isTimedOut {
            let limit = Double(invocation.timeout.components.seconds)
            return ActionOutcome(
                status: .failed,
                detail: "timed out after \(Int(limit)) s; its process group was killed",
                output: output
            )
        }
        switch result.termination {
        case .exited(0):
            return ActionOutcome(status: .done, detail: "exit 0 after \(Int(seconds.rounded())) s", output: output)
        case .exited(let code):
            return ActionOutcome(status: .failed, detail: "exit \(code)", output: output)
        case .signaled(let signal):
            return ActionOutcome(status: .failed, detail: "killed by signal \(signal)", output: output)
        case .unknown:
            return ActionOutcome(status: .failed, detail: "ended in an unknown way", output: output)
        }
    }

    private func performHTTP(_ request: HTTPRequest, secrets: Secrets) async -> ActionOutcome {
        let http = client ?? HTTPClient(maxConnections: 4)
        defer { if client == nil { http.shutdown() } }
        switch await http.send(request) {
        case .success(let response):
            let output = Self.excerpt(secrets.masking(String(decoding: response.body, as: UTF8.self)))
            let detail = "HTTP \(response.status)"
            return ActionOutcome(
                status: (200..<300).contains(response.status) ? .done : .failed,
                detail: detail,
                output: output
            )
        case .failure(let error):
            return ActionOutcome(status: .failed, detail: secrets.masking(error.description), output: "")
        }
    }

    private static func excerpt(_ text: String) -> String {
        text.count <= excerptLimit ? text : String(text.prefix(excerptLimit)) + "…"
    }
}

/// How an action ended: `done` (exit 0, HTTP 2xx), `failed` (anything else, with why), or
/// `refused` (read-only; nothing ran).
public struct ActionOutcome: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable {
        case done, failed, refused
    }

    public var status: Status
    /// `exit 0 after 2 s`, `exit 1`, `HTTP 503`, `timed out after 60 s …`, a spawn or HTTP error.
    public var detail: String
    /// The start of what the command printed or the server answered, secrets masked.
    public var output: String

    public init(status: Status, detail: String, output: String) {
        self.status = status
        self.detail = detail
        self.output = output
    }
}
