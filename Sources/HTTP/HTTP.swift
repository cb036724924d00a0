/// The `HTTP` module; see DESIGN.md.
public enum HTTPModule {}
