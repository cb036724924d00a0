import Fleet
import Store

/// The status reads the tests compare, named after what they read.
extension Store {
    /// Every deployment's status, fleet-wide (what `llmdeck status` prints).
    func deploymentStatuses(window: Int64, now: Int64) throws -> [DeploymentStatus] {
        try StatusReader(store: self).statuses(window: window, now: now)
    }

    /// `targets`' statuses, fleet-wide.
    func deploymentStatuses(of targets: [TargetRecord], window: Int64, now: Int64) throws -> [DeploymentStatus] {
        try StatusReader(store: self).statuses(of: targets, window: window, now: now)
    }

    /// One deployment's status from its own window reads: the reference the others must equal.
    func deploymentStatus(of target: TargetRecord, window: Int64, now: Int64) throws -> DeploymentStatus {
        try StatusReader(store: self).status(of: target, window: window, now: now)
    }

    /// `targets`' statuses from remembered windows plus the rows written since.
    func deploymentStatuses(
        of targets: [TargetRecord],
        window: Int64,
        now: Int64,
        windows: StatusWindows
    ) throws -> [DeploymentStatus] {
        try read { view in try windows.statuses(of: targets, window: window, now: now, in: view) }
    }
}
