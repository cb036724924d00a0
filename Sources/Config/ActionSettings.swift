/// `actions:`: what applies to every configured action (a deployment's rollback, an experiment's
/// promote or rollback) rather than to one of them.
public struct ActionSettings: Sendable, Equatable {
    /// Refuses every action, as `--read-only` does (`read_only:`); off by default.
    public var readOnly: Bool
    /// Seconds a deployment is watched after an action before it counts as verified
    /// (`verify_for:`, default 5 min).
    public var verifyFor: Double

    /// Seconds of watching after an action when `verify_for` is omitted.
    public static let defaultVerifyFor: Double = 300

    public init(readOnly: Bool = false, verifyFor: Double = ActionSettings.defaultVerifyFor) {
        self.readOnly = readOnly
        self.verifyFor = verifyFor
    }
}
