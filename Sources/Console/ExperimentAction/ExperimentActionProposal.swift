import Fleet

/// What the experiment action dialog (`P`, `R` in the Experiments pane) shows: the experiment's
/// verdict and split check, the variant against control, and the exact command or request
/// (secrets masked), or how to configure one.
public struct ExperimentActionProposal: Sendable, Equatable {
    /// Promote a variant, or return all traffic to control.
    public var kind: ExperimentActionPlan.Kind
    public var experiment: String
    /// The variant promoted, or control for a rollback.
    public var variant: String
    public var control: String
    /// The experiment as `llmdeck ab` reads it now; nil when the store has none of it.
    public var report: ExperimentReport?
    /// The exact command or request, secrets masked; nil when there is none (`requestProblem`).
    public var request: String?
    /// Why there is no request: no `promote:`/`rollback:` configured (and how to add one), or a
    /// template that cannot be rendered.
    public var requestProblem: String?
    /// The reason `request` was rendered with.
    public var reason: String

    public init(
        kind: ExperimentActionPlan.Kind,
        experiment: String,
        variant: String,
        control: String,
        report: ExperimentReport?,
        request: String?,
        requestProblem: String? = nil,
        reason: String = ""
    ) {
        self.kind = kind
        self.experiment = experiment
        self.variant = variant
        self.control = control
        self.report = report
        self.request = request
        self.requestProblem = requestProblem
        self.reason = reason
    }

    /// The split is broken: promoting on it is a mistake.
    public var hasSampleRatioMismatch: Bool { report?.sampleRatio?.isMismatch ?? false }
}

/// What the operator confirmed in the experiment action dialog: the controller plans again with
/// it and performs only when the request is still the one shown.
public struct ExperimentActionConfirmation: Sendable, Equatable {
    public var kind: ExperimentActionPlan.Kind
    public var experiment: String
    /// The variant promoted, or control for a rollback.
    public var variant: String
    public var reason: String
    /// The request as the dialog showed it.
    public var request: String

    public init(kind: ExperimentActionPlan.Kind, experiment: String, variant: String, reason: String, request: String) {
        self.kind = kind
        self.experiment = experiment
        self.variant = variant
        self.reason = reason
        self.request = request
    }
}
