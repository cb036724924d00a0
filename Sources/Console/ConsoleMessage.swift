import Fleet
import Terminal

/// Everything that changes the console: keys, new data, size changes, the clock, theme loads.
public enum ConsoleMessage: Sendable {
    case key(Key)
    case snapshot(FleetSnapshot)
    case resize(width: Int, height: Int)
    /// Milliseconds since the Unix epoch.
    case tick(Int64)
    /// The outcome of a `loadTheme` effect: the name shown, or the error to flash.
    case themeLoaded(name: String, error: String?)
}

/// What the reducer asks the run loop to do outside the state.
public enum ConsoleEffect: Sendable, Equatable {
    case quit
    /// Load and apply the theme of this name or path, then send `themeLoaded`.
    case loadTheme(String)
}
