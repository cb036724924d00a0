import ArgumentParser
import Config
import Fleet
import Foundation
import HTTP
import Store
import Vocabulary

/// What `llmdeck alerts ack|silence` and `llmdeck silences` share: the configuration, the store opened
/// for writing (acknowledgements, silences and audit rows go there), and an `AlertSilencer` with a client
/// of every configured Alertmanager. Close it with `close()`.
struct AlertActionSession {
    let configuration: LLMDeckConfig
    let store: Store
    let silencer: AlertSilencer
    private let client: HTTPClient
    /// `llmdeck alerts ack`, for messages.
    let command: String

    /// Bad input (no store, a bad configuration, an unset token) ends the command with exit code 2.
    init(_ global: GlobalOptions, actor: String?, command: String) throws {
        self.command = command
        configuration = try global.loadConfiguration()
        let path = configuration.store.path
        guard FileManager.default.fileExists(atPath: path) else {
            CommandBridge.printError("\(command): no store at \(path); start `llmdeck collect` first")
            throw ExitCode(2)
        }
        do {
            store = try Store(path: path)
        } catch {
            CommandBridge.printError("\(command): cannot open store \(path) for writing: \(error)")
            throw ExitCode(2)
        }
        let (endpoints, client) = try AlertmanagerPolling.endpoints(configuration, command: command)
        silencer = AlertSilencer(store: store, endpoints: endpoints, actor: ConsoleCommand.actorName(actor))
        self.client = client
    }

    func close() { client.shutdown() }

    /// The open alert `name` names (see `AlertSilencer.alert(named:source:in:)`); none, or several,
    /// end the command with exit code 2.
    func alert(named name: String, source: String?, now: Int64) throws -> AlertRecord {
        do {
            let alerts = try AlertReader(store: store, rules: configuration.alerts.rules).alerts(now: now)
            return try AlertSilencer.alert(named: name, source: source, in: alerts.filter(\.isOpen))
        } catch {
            close()
            CommandBridge.printError("\(command): \(TextSanitizer.sanitize("\(error)"))")
            throw ExitCode(2)
        }
    }

    /// Runs `action` and prints its message, or its error (exit code 1: the action failed); then closes.
    func perform(_ action: () async throws(AlertActionError) -> String) async throws {
        defer { close() }
        do throws(AlertActionError) {
            print(TextSanitizer.sanitize(try await action()))
        } catch {
            CommandBridge.printError("\(command): \(TextSanitizer.sanitize(error.description))")
            throw ExitCode(1)
        }
    }

    static func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
}
