/// `guard:` on a deployment: during a window after it changes version, an alert of a listed
/// severity plans its rollback, and, in `act` mode, runs it.
public struct GuardConfig: Sendable, Equatable {
    /// What the guard does when it trips.
    public enum Mode: String, Sendable, Equatable, CaseIterable {
        /// Shows the rollback it would run and does nothing (`dry-run`, the default).
        case dryRun = "dry-run"
        /// Runs the deployment's rollback.
        case act
    }

    /// Seconds after a new version is first seen during which the guard is armed (`after_deploy:`,
    /// default 15 min).
    public var afterDeploy: Double
    /// Alert severities that trip it (`on:`), `AlertSeverity` raw values: `critical`, `warning`.
    public var severities: [String]
    /// Whether it only shows the rollback or runs it.
    public var mode: Mode

    /// Seconds armed after a deploy when `after_deploy` is omitted.
    public static let defaultAfterDeploy: Double = 900
    /// Severities that trip the guard when `on` is omitted: a warning alone never rolls back.
    public static let defaultSeverities = ["critical"]
    /// Dry run unless the config says `act`, so adding a guard never starts rollbacks by itself.
    public static let defaultMode = Mode.dryRun

    public init(
        afterDeploy: Double = GuardConfig.defaultAfterDeploy,
        severities: [String] = GuardConfig.defaultSeverities,
        mode: Mode = GuardConfig.defaultMode
    ) {
        self.afterDeploy = afterDeploy
        self.severities = severities
        self.mode = mode
    }
}
