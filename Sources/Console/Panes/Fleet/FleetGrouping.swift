import Fleet

/// How the Fleet pane groups its rows: not at all, by served model or by environment.
public enum FleetGrouping: String, Sendable, CaseIterable, Equatable {
    case none, model, environment

    /// The grouping `b` switches to: none → model → environment → none.
    var next: FleetGrouping {
        let all = Self.allCases
        return all[((all.firstIndex(of: self) ?? 0) + 1) % all.count]
    }

    /// The group `deployment` belongs to, by name; nil when the fleet is not grouped.
    func group(of deployment: DeploymentStatus) -> String? {
        switch self {
        case .none: nil
        case .model: deployment.model.flatMap { $0.isEmpty ? nil : $0 } ?? "(no model)"
        case .environment: deployment.environment.isEmpty ? "(no environment)" : deployment.environment
        }
    }
}
