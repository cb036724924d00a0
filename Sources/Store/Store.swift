/// The `Store` module; see DESIGN.md.
public enum StoreModule {}
