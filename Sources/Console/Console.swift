/// The `Console` module; see DESIGN.md.
public enum ConsoleModule {}
