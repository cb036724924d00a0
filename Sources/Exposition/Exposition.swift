/// The `Exposition` module; see DESIGN.md.
public enum ExpositionModule {}
