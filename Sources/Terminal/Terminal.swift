/// The `Terminal` module; see DESIGN.md.
public enum TerminalModule {}
