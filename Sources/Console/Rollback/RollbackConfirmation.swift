/// What the operator confirmed: the controller plans again with it and performs only when the
/// plan is still the one shown (same current version, same request).
public struct RollbackConfirmation: Sendable, Equatable {
    public var deployment: String
    public var currentVersion: String
    public var targetVersion: String
    public var reason: String
    /// The request as the dialog showed it.
    public var request: String

    public init(deployment: String, currentVersion: String, targetVersion: String, reason: String, request: String) {
        self.deployment = deployment
        self.currentVersion = currentVersion
        self.targetVersion = targetVersion
        self.reason = reason
        self.request = request
    }
}
