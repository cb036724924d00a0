/// The `Config` module; see DESIGN.md.
public enum ConfigModule {}
