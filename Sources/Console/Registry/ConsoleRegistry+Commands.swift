/// The `:` command line: parsing, running and Tab completion, all from the registered commands.
extension ConsoleRegistry {
    /// The command `name` (any of its names, case-insensitive); nil when none is registered.
    public func command(named name: String) -> CommandRegistration? {
        let lowered = name.lowercased()
        return commands.first { $0.names.contains(lowered) }
    }

    /// Runs `text` (without the colon) against `state`; the error says what to type instead.
    public func run(_ text: String, in state: inout AppState) -> Result<[ConsoleEffect], CommandError> {
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let name = words.first else { return .failure(CommandError("empty command")) }
        guard let command = command(named: name) else { return .failure(unknownCommand(name)) }
        return command.run(words.dropFirst().joined(separator: " "), &state)
    }

    /// `unknown command :x; try :fleet :latency …`, listing every registered command.
    public func unknownCommand(_ name: String) -> CommandError {
        CommandError("unknown command :\(name); try " + commands.map { ":" + $0.name }.joined(separator: " "))
    }

    /// Completes `text` at the end: the command name, or its argument. With several candidates,
    /// completes to their common prefix; a whole name that takes an argument gets a space.
    public func complete(_ text: String, in state: AppState) -> String {
        let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        if parts.count < 2 {
            let prefix = (parts.first ?? "").lowercased()
            let matches = commands.map(\.name).filter { $0.hasPrefix(prefix) }
            guard let completed = commonPrefix(matches) else { return text }
            let isWhole = matches.count == 1 && command(named: completed)?.takesArgument == true
            return isWhole ? completed + " " : completed
        }
        guard let command = command(named: parts[0]) else { return text }
        let matches = command.candidates(state).filter { $0.lowercased().hasPrefix(parts[1].lowercased()) }
        guard let completed = commonPrefix(matches) else { return text }
        return parts[0] + " " + completed
    }
}
