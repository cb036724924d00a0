import Config
import Foundation
import Terminal

/// Finds and loads `themes/*.yaml` by name or path; a broken file falls back to the default theme
/// with a `file:line:col` message.
public struct ThemeCatalog: Sendable {
    /// Directories searched in order.
    public var directories: [String]

    public init(directories: [String]) { self.directories = directories }

    /// `$LLMDECK_THEMES`, `$XDG_CONFIG_HOME/llmdeck/themes` (or `~/.config`), `./themes`, and the
    /// `themes` folder next to the package the binary was built in (`.build/<config>/llmdeck`).
    public static func standard(environment: [String: String], executable: String) -> ThemeCatalog {
        var directories: [String] = []
        if let custom = environment["LLMDECK_THEMES"], !custom.isEmpty { directories.append(custom) }
        let config =
            environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"].map { $0 + "/.config" } ?? "")
        if !config.isEmpty { directories.append(config + "/llmdeck/themes") }
        directories.append(FileManager.default.currentDirectoryPath + "/themes")
        var url = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            url = url.deletingLastPathComponent()
            directories.append(url.appendingPathComponent("themes").path)
        }
        return ThemeCatalog(directories: directories)
    }

    /// Theme names found, sorted, without duplicates.
    public var names: [String] {
        var found = Set<String>()
        for directory in directories {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for file in files where file.hasSuffix(".yaml") { found.insert(String(file.dropLast(5))) }
        }
        return found.sorted()
    }

    /// The theme named `name` (or at the path `name`); on any problem, the built-in default and the
    /// message to show.
    public func load(_ name: String) -> (theme: Theme, error: String?) {
        let path: String? =
            name.contains("/")
            ? name
            : directories.map { $0 + "/" + name + ".yaml" }.first { FileManager.default.fileExists(atPath: $0) }
        guard let path else {
            return (.builtinDefault, "no theme \"\(name)\"; available: \(names.joined(separator: ", "))")
        }
        let file: ThemeFile
        do {
            file = try ThemeFile.load(path: path)
        } catch {
            return (.builtinDefault, error.description + " (using the default theme)")
        }
        do {
            return (try Theme(name: file.name, entries: file.entries.map { ($0.role, $0.color) }), nil)
        } catch {
            return (.builtinDefault, file.error(at: error.entryIndex, message: error.message).description)
        }
    }
}
