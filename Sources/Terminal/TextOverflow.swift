/// What to do with text wider than the room it gets.
public enum TextOverflow: Sendable {
    /// Cut at the edge.
    case clip
    /// Cut one cell earlier and end with `…`, so the reader sees something is missing.
    case ellipsis
}

/// Horizontal placement of text inside a field.
public enum TextAlignment: Sendable {
    case left
    case right
    case center
}
