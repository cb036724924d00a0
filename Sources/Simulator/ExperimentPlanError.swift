/// An experiment plan that cannot run: which plan, which field, and what to change.
public struct ExperimentPlanError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The plan's text as given, or its name when it was built in Swift.
    public var plan: String
    /// The field at fault: `name`, `variants`, `weights`, `success`, `latency`, `servers`, `rate`, `cost`,
    /// `score`, or the unknown key itself.
    public var field: String
    public var message: String

    public init(plan: String, field: String, message: String) {
        self.plan = plan
        self.field = field
        self.message = message
    }

    public var description: String { "experiment \"\(plan)\": \(field): \(message)" }
}
