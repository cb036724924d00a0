import Fleet

/// The `:` command line: parsing and Tab completion (k9s-style commands with arguments).
public enum ConsoleCommandLine {
    /// A parsed command.
    public enum Command: Sendable, Equatable {
        case pane(Pane)
        case theme(String)
        case range(TimeRange)
        case sort(FleetColumn)
        case refresh(Double)
        case quit
    }

    /// Command names, for completion and help.
    public static let names = ["fleet", "latency", "detail", "theme", "range", "sort", "refresh", "quit", "q"]

    /// Parses `text` (without the colon); the error is a sentence for the flash line.
    public static func parse(_ text: String, themeNames: [String]) -> Result<Command, CommandError> {
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let name = words.first?.lowercased() else { return .failure(CommandError("empty command")) }
        let argument = words.dropFirst().joined(separator: " ")
        switch name {
        case "fleet", "f": return .success(.pane(.fleet))
        case "latency", "lat", "l": return .success(.pane(.latency))
        case "detail", "d": return .success(.pane(.detail))
        case "q", "quit", "q!": return .success(.quit)
        case "theme":
            guard !argument.isEmpty else {
                return .failure(CommandError("usage: :theme NAME (\(themeNames.joined(separator: ", ")))"))
            }
            return .success(.theme(argument))
        case "range":
            guard let range = TimeRange(text: argument) else {
                let all = TimeRange.allCases.map(\.rawValue).joined(separator: ", ")
                return .failure(CommandError("usage: :range RANGE (\(all))"))
            }
            return .success(.range(range))
        case "sort":
            guard let column = FleetColumn(title: argument) else {
                let all = FleetColumn.allCases.map { $0.title.lowercased() }.joined(separator: ", ")
                return .failure(CommandError("usage: :sort COLUMN (\(all))"))
            }
            return .success(.sort(column))
        case "refresh":
            guard let seconds = parseSeconds(argument), seconds > 0 else {
                return .failure(CommandError("usage: :refresh SECONDS (e.g. 2 or 500ms)"))
            }
            return .success(.refresh(seconds))
        default:
            return .failure(CommandError("unknown command :\(name); try :fleet, :latency, :theme, :range, :q"))
        }
    }

    /// Completes `text` at the end: the command name, or the argument of `theme`/`range`/`sort`.
    /// With several candidates, completes to their common prefix.
    public static func complete(_ text: String, themeNames: [String]) -> String {
        let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        if parts.count < 2 {
            let prefix = parts.first ?? ""
            let matches = names.filter { $0.hasPrefix(prefix.lowercased()) }
            guard let completed = commonPrefix(matches) else { return text }
            return matches.count == 1 && ["theme", "range", "sort", "refresh"].contains(completed)
                ? completed + " " : completed
        }
        let candidates: [String]
        switch parts[0].lowercased() {
        case "theme": candidates = themeNames
        case "range": candidates = TimeRange.allCases.map(\.rawValue)
        case "sort": candidates = FleetColumn.allCases.map { $0.title.lowercased() }
        default: return text
        }
        let matches = candidates.filter { $0.lowercased().hasPrefix(parts[1].lowercased()) }
        guard let completed = commonPrefix(matches) else { return text }
        return parts[0] + " " + completed
    }

    private static func commonPrefix(_ words: [String]) -> String? {
        guard var prefix = words.first.map(Array.init) else { return nil }
        for word in words.dropFirst() {
            let characters = Array(word)
            var count = 0
            while count < prefix.count, count < characters.count, prefix[count] == characters[count] { count += 1 }
            prefix = Array(prefix.prefix(count))
        }
        return String(prefix)
    }

    /// `2`, `2s`, `500ms` → seconds.
    static func parseSeconds(_ text: String) -> Double? {
        if text.hasSuffix("ms") { return Double(text.dropLast(2)).map { $0 / 1000 } }
        if text.hasSuffix("s") { return Double(text.dropLast()) }
        return Double(text)
    }
}

/// A command the user typed could not run; `message` says what to type instead.
public struct CommandError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
