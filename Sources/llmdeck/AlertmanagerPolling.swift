import ArgumentParser
import Config
import Fleet
import Foundation
import HTTP
import Store

/// The configuration's `alertmanager` sources polled beside the collector by every collecting process
/// (`llmdeck collect`, the console with its collector, `llmdeck demo`): see `AlertmanagerPoller`.
struct AlertmanagerPolling: Sendable {
    private let poller: AlertmanagerPoller?
    private let client: HTTPClient?

    /// Whether there is an Alertmanager to poll.
    var isActive: Bool { poller != nil }

    /// Nothing to poll.
    static let none = AlertmanagerPolling(poller: nil, client: nil)

    private init(poller: AlertmanagerPoller?, client: HTTPClient?) {
        self.poller = poller
        self.client = client
    }

    /// The sources of `config` writing into `store`; a `token_env` that is not set ends the command
    /// with exit code 2.
    init(_ config: LLMDeckConfig, store: Store, log: @escaping @Sendable (String) -> Void) throws {
        guard !config.sources.alertmanager.isEmpty else {
            self = .none
            return
        }
        let (endpoints, client) = try Self.endpoints(config, command: "llmdeck")
        poller = AlertmanagerPoller(
            endpoints: endpoints,
            store: store,
            pushTo: config.alerts.pushTo,
            rules: config.alerts.rules,
            log: log
        )
        self.client = client
    }

    /// The configuration's Alertmanagers, over a new HTTP client the caller shuts down; a `token_env`
    /// that is not set is printed after `command` and ends the command with exit code 2.
    static func endpoints(
        _ config: LLMDeckConfig,
        command: String
    ) throws -> (endpoints: [AlertmanagerEndpoint], client: HTTPClient) {
        let client = HTTPClient()
        do {
            let endpoints = try AlertmanagerEndpoint.make(
                config.sources.alertmanager,
                client: client,
                environment: ProcessInfo.processInfo.environment
            )
            return (endpoints, client)
        } catch {
            client.shutdown()
            CommandBridge.printError("\(command): \(error)")
            throw ExitCode(2)
        }
    }

    /// What acts in these Alertmanagers for `actor` (`a`, `s` and `x` in the console), over the
    /// pollers' endpoints and store; nil when there is none.
    func silencer(actor: String) -> AlertSilencer? {
        poller.map { AlertSilencer(store: $0.store, endpoints: $0.endpoints, actor: actor) }
    }

    /// Runs `operation` (the collector) with the sources polled beside it until it returns; the polling
    /// stops with it, and with the task's cancellation.
    func alongside(_ operation: @escaping @Sendable () async -> Void) async {
        guard let poller else {
            await operation()
            return
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await poller.run() }
            await operation()
            group.cancelAll()
        }
        client?.shutdown()
    }
}
