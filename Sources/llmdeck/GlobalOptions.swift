import ArgumentParser
import Config
import Foundation

/// Options every command takes: where the configuration and the store are.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (default: $XDG_CONFIG_HOME/llmdeck/config.yaml).")
    var config: String?

    @Option(name: .long, help: "SQLite store file; overrides the configuration's store.path.")
    var db: String?

    /// The configuration with `--db` applied. A broken file is reported as
    /// `file:line:col: message` on stderr and ends the command with exit code 2 before
    /// anything starts.
    func loadConfiguration() throws -> LLMDeckConfig {
        do {
            var loaded = try ConfigLoader.loadOrDefault(path: config)
            if let db {
                loaded.store.path = ConfigLoader.expandingTilde(db, environment: ProcessInfo.processInfo.environment)
            }
            return loaded
        } catch {
            FileHandle.standardError.write(Data("llmdeck: \(error.description)\n".utf8))
            throw ExitCode(2)
        }
    }
}
