import Foundation
import Yams

/// A theme file (`themes/NAME.yaml`) as written: its name and `role: colour` strings, each with the
/// 1-based line and column where it appears.
///
/// Config cannot import Terminal, so role names and the colour grammar are checked once, by
/// Terminal's `Theme(name:entries:)`. The Console joins them:
/// ```swift
/// let file = try ThemeFile.load(path: path)
/// do { theme = try Theme(name: file.name, entries: file.entries.map { ($0.role, $0.color) }) }
/// catch { report(file.error(at: error.entryIndex, message: error.message)); theme = .builtinDefault }
/// ```
public struct ThemeFile: Sendable, Equatable {
    /// One `role: colour` line.
    public struct Entry: Sendable, Equatable {
        public var role: String
        public var color: String
        /// 1-based line of the role key.
        public var line: Int
        /// 1-based column of the colour value.
        public var column: Int

        public init(role: String, color: String, line: Int, column: Int) {
            self.role = role
            self.color = color
            self.line = line
            self.column = column
        }
    }

    public var name: String
    public var entries: [Entry]
    /// The path it was read from, or the name given to `parse`.
    public var file: String

    /// Reads and decodes a theme file.
    public static func load(path: String) throws(ThemeFileError) -> ThemeFile {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ThemeFileError(file: path, line: 0, column: 0, message: "cannot read the theme file: \(error)")
        }
        return try parse(yaml: text, file: path)
    }

    /// Decodes a flat mapping: `name: TEXT` plus `role: colour` entries. Structure only: role
    /// names and colours are checked by `Theme(name:entries:)`; map its error with `error(at:message:)`.
    public static func parse(yaml: String, file: String) throws(ThemeFileError) -> ThemeFile {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw ThemeFileError(file: file, yamlError: error)
        } catch {
            throw ThemeFileError(file: file, line: 1, column: 1, message: "invalid YAML: \(error)")
        }
        guard let root, let mapping = root.mapping else {
            throw ThemeFileError(
                file: file,
                line: root?.mark?.line ?? 1,
                column: root?.mark?.column ?? 1,
                message: "a theme is a mapping of `name:` and `role: colour` lines"
            )
        }
        var name: String?
        var entries: [Entry] = []
        for (key, value) in mapping {
            let line = key.mark?.line ?? 0
            guard let role = key.string else {
                throw ThemeFileError(
                    file: file,
                    line: line,
                    column: key.mark?.column ?? 0,
                    message: "keys must be text"
                )
            }
            let column = value.mark?.column ?? 0
            guard let text = value.scalar?.string else {
                throw ThemeFileError(
                    file: file,
                    line: line,
                    column: column,
                    message: "'\(role)' needs a single colour value"
                )
            }
            if text.isEmpty || text == "~" || text.lowercased() == "null" {
                throw ThemeFileError(
                    file: file,
                    line: line,
                    column: column,
                    message:
                        "'\(role)' has no value; quote hex colours (\(role): \"#rrggbb\"), a bare # starts a comment"
                )
            }
            if role == "name" {
                name = text
            } else {
                entries.append(Entry(role: role, color: text, line: line, column: column))
            }
        }
        let fallbackName = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        return ThemeFile(name: name ?? fallbackName, entries: entries, file: file)
    }

    /// The error for entry `index` (as `ThemeError.entryIndex` reports it) at its file:line:column.
    public func error(at index: Int, message: String) -> ThemeFileError {
        guard entries.indices.contains(index) else {
            return ThemeFileError(file: file, line: 0, column: 0, message: message)
        }
        return ThemeFileError(file: file, line: entries[index].line, column: entries[index].column, message: message)
    }
}

/// A theme file that cannot be used, with where: `file:line:column: message`.
public struct ThemeFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based; 0 when the file could not be read at all.
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    init(file: String, yamlError: YamlError) {
        switch yamlError {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            self.init(file: file, line: mark.line, column: mark.column, message: "invalid YAML: \(problem)")
        default:
            self.init(file: file, line: 1, column: 1, message: "invalid YAML: \(yamlError)")
        }
    }

    public var description: String { "\(file):\(line):\(column): \(message)" }
}
