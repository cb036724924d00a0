/// The `Collector` module; see DESIGN.md.
public enum CollectorModule {}
