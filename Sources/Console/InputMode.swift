import Terminal

/// What keys go to: the panes, the `/` filter line, the `:` command line, the help overlay, or
/// the Alerts pane's silence prompt.
public enum InputMode: Sendable, Equatable {
    case normal
    case filter(TextInput)
    case command(TextInput)
    case help
    case silence(SilencePrompt)
}

/// A one-line message on the status line until `until` (milliseconds since the Unix epoch).
public struct Flash: Sendable, Equatable {
    public var text: String
    public var isError: Bool
    public var until: Int64

    public init(text: String, isError: Bool, until: Int64) {
        self.text = text
        self.isError = isError
        self.until = until
    }
}
