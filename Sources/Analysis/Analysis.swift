/// The `Analysis` module; see DESIGN.md.
public enum AnalysisModule {}
