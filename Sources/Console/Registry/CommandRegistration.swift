/// One `:` command (k9s-style, with an argument): its names, its help, its completion and what it
/// does. Registered globally or by a pane (`PaneRegistration.commands`); the registry generates
/// the `?` help, the `:` completion and the unknown-command message from these.
public struct CommandRegistration: Sendable {
    /// The name completion offers first, then accepted aliases (`latency`, `lat`, `l`).
    public var names: [String]
    /// How help writes it (`:range 5m|1h|6h|24h|7d`).
    public var usage: String
    public var summary: String
    /// Whether it takes an argument (completion then adds a space after the name).
    public var takesArgument: Bool
    /// The arguments Tab completes to in a state (theme names, ranges, columns); empty for none.
    public var candidates: @Sendable (AppState) -> [String]
    /// Runs the command with its argument (the rest of the line, trimmed); the error is a sentence
    /// for the status line that says what to type instead.
    public var run: @Sendable (_ argument: String, _ state: inout AppState) -> Result<[ConsoleEffect], CommandError>

    public init(
        _ names: [String],
        usage: String,
        summary: String,
        takesArgument: Bool = false,
        candidates: @escaping @Sendable (AppState) -> [String] = { _ in [] },
        run: @escaping @Sendable (_ argument: String, _ state: inout AppState) -> Result<[ConsoleEffect], CommandError>
    ) {
        self.names = names
        self.usage = usage
        self.summary = summary
        self.takesArgument = takesArgument
        self.candidates = candidates
        self.run = run
    }

    /// The name completion offers.
    public var name: String { names.first ?? "" }
}

/// A command the user typed could not run; `message` says what to type instead.
public struct CommandError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// `2`, `2s`, `500ms` → seconds.
func parseSeconds(_ text: String) -> Double? {
    if text.hasSuffix("ms") { return Double(text.dropLast(2)).map { $0 / 1000 } }
    if text.hasSuffix("s") { return Double(text.dropLast()) }
    return Double(text)
}

/// The longest prefix all `words` share; nil when there are none.
func commonPrefix(_ words: [String]) -> String? {
    guard var prefix = words.first.map(Array.init) else { return nil }
    for word in words.dropFirst() {
        let characters = Array(word)
        var count = 0
        while count < prefix.count, count < characters.count, prefix[count] == characters[count] { count += 1 }
        prefix = Array(prefix.prefix(count))
    }
    return String(prefix)
}
