import Foundation
import Yams

/// Finds, reads and validates the llmdeck config file.
public enum ConfigLoader {
    /// `$XDG_CONFIG_HOME/llmdeck/config.yaml`, or `~/.config/llmdeck/config.yaml` when
    /// `XDG_CONFIG_HOME` is unset, empty or relative (the XDG Base Directory rule).
    public static var defaultPath: String {
        defaultPath(environment: ProcessInfo.processInfo.environment)
    }

    /// `defaultPath` for a given environment, so callers and tests need not mutate the process.
    public static func defaultPath(environment: [String: String]) -> String {
        let base = xdgDirectory("XDG_CONFIG_HOME", fallback: ".config", environment: environment)
        return (base as NSString).appendingPathComponent("llmdeck/config.yaml")
    }

    /// `~/.local/share/llmdeck/llmdeck.sqlite`, under `$XDG_DATA_HOME` when that is set and absolute.
    public static func defaultStorePath(environment: [String: String]) -> String {
        let base = xdgDirectory("XDG_DATA_HOME", fallback: ".local/share", environment: environment)
        return (base as NSString).appendingPathComponent("llmdeck/llmdeck.sqlite")
    }

    /// Reads and validates the config file at `path`.
    public static func load(path: String) throws(ConfigError) -> LLMDeckConfig {
        try load(path: path, environment: ProcessInfo.processInfo.environment)
    }

    /// `load(path:)` with an explicit environment for `~` and XDG expansion.
    public static func load(path: String, environment: [String: String]) throws(ConfigError) -> LLMDeckConfig {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw unreadable(path, "config file not found; create it or pass --config FILE")
        }
        guard !isDirectory.boolValue else {
            throw unreadable(path, "is a directory, not a config file; pass the YAML file with --config FILE")
        }
        guard FileManager.default.isReadableFile(atPath: path), let data = FileManager.default.contents(atPath: path)
        else {
            throw unreadable(path, "config file is not readable; check its permissions (chmod u+r)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw unreadable(path, "config file is not UTF-8 text; save it as UTF-8")
        }
        return try parse(yaml: text, file: path, environment: environment)
    }

    /// The config at `path`, or at `defaultPath` when `path` is nil; a missing default file
    /// gives the built-in defaults (no deployments), a missing explicit file is an error.
    public static func loadOrDefault(path: String?) throws(ConfigError) -> LLMDeckConfig {
        let environment = ProcessInfo.processInfo.environment
        if let path {
            return try load(path: path, environment: environment)
        }
        let standard = defaultPath(environment: environment)
        guard FileManager.default.fileExists(atPath: standard) else {
            return LLMDeckConfig(
                deployments: [],
                store: StoreConfig(path: defaultStorePath(environment: environment))
            )
        }
        return try load(path: standard, environment: environment)
    }

    /// Validates config text; `file` names it in errors and anchors a relative store path.
    public static func parse(yaml: String, file: String) throws(ConfigError) -> LLMDeckConfig {
        try parse(yaml: yaml, file: file, environment: ProcessInfo.processInfo.environment)
    }

    /// `parse(yaml:file:)` with an explicit environment for `~` and XDG expansion.
    public static func parse(
        yaml: String,
        file: String,
        environment: [String: String]
    ) throws(ConfigError) -> LLMDeckConfig {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw syntaxError(error, yaml: yaml, file: file)
        }
        return try ConfigDocumentReader(file: file, environment: environment, source: yaml).read(root)
    }

    /// `path` with a leading `~` or `~/` replaced by `$HOME` (or the account's home directory).
    public static func expandingTilde(_ path: String, environment: [String: String]) -> String {
        guard path == "~" || path.hasPrefix("~/") else {
            return path
        }
        return home(environment) + path.dropFirst()
    }

    // MARK: - Private

    private static func home(_ environment: [String: String]) -> String {
        if let home = environment["HOME"], !home.isEmpty {
            return home
        }
        return FileManager.default.homeDirectoryForCurrentUser.path
    }

    private static func xdgDirectory(_ variable: String, fallback: String, environment: [String: String]) -> String {
        if let value = environment[variable], value.hasPrefix("/") {
            return value
        }
        return (home(environment) as NSString).appendingPathComponent(fallback)
    }

    private static func unreadable(_ path: String, _ message: String) -> ConfigError {
        ConfigError(file: path, line: 0, column: 0, message: message, kind: .unreadableFile)
    }

    /// Maps a Yams/libyaml error onto a `ConfigError` at the problem's position.
    private static func syntaxError(_ error: any Error, yaml: String, file: String) -> ConfigError {
        let advice = "check indentation (spaces, not tabs) and quoting"
        guard let yamlError = error as? YamlError else {
            return ConfigError(file: file, line: 1, column: 1, message: "invalid YAML: \(error)", kind: .syntax)
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) (\($0.text) at line \($0.mark.line))" } ?? problem
            return ConfigError(
                file: file,
                line: mark.line,
                column: mark.column,
                message: "invalid YAML: \(detail); \(advice)",
                kind: .syntax
            )
        case .reader(let problem, let offset, _, _):
            let (line, column) = position(ofCharacter: offset ?? 0, in: yaml)
            return ConfigError(
                file: file,
                line: line,
                column: column,
                message: "unreadable YAML text: \(problem); remove the offending character",
                kind: .syntax
            )
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return ConfigError(
                file: file,
                line: context.mark.line,
                column: context.mark.column,
                message: "duplicate key \(keys) in one mapping; keep only one of them",
                kind: .duplicateKey
            )
        default:
            return ConfigError(file: file, line: 1, column: 1, message: "invalid YAML: \(yamlError)", kind: .syntax)
        }
    }

    /// 1-based line and column of the character at `offset`.
    private static func position(ofCharacter offset: Int, in text: String) -> (Int, Int) {
        var line = 1
        var column = 1
        for character in text.prefix(offset) {
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }
}
