/// A name an action template may use between `{{` and `}}`, as issue 12 lists them.
public enum TemplateVariable: String, CaseIterable, Sendable, Hashable {
    case deployment
    case environment
    case currentVersion = "current_version"
    case targetVersion = "target_version"
    case targetRevision = "target_revision"
    case actor
    case reason
    /// For experiment actions (`promote`, an experiment's `rollback`).
    case experiment
    case variant

    /// The spelling in a template, `{{` and `}}` excluded.
    public var name: String { rawValue }
}
