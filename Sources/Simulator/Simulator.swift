/// The `Simulator` module; see DESIGN.md.
public enum SimulatorModule {}
