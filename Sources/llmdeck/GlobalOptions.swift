import ArgumentParser

/// Options every command takes: where the configuration and the store are.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (default: $XDG_CONFIG_HOME/llmdeck/config.yaml).")
    var config: String?

    @Option(name: .long, help: "SQLite store file; overrides the configuration's store.path.")
    var db: String?
}
