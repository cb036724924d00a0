import Config
import Store

/// The deployments llmdeck knows how to act on, whichever way it reads them: those under
/// `deployments:`, with their own `rollback:` and `guard:`, and those a Prometheus source
/// discovered, with the source's. The one lookup behind `llmdeck rollback`, the console's `R` and
/// the guard.
///
/// A discovered deployment is a store target whose URL is a source's `targetURL` (the collector
/// stores every deployment of a source under it); when two sources share a URL, the first in the
/// file answers for both.
public struct DeploymentCatalog: Sendable {
    /// `deployments:`, which win over a discovered deployment of the same name (the collector reads
    /// such a deployment from its direct scrape only).
    public let configured: [DeploymentConfig]
    /// The Prometheus sources whose deployments are found in the store.
    public let sources: [PrometheusSourceConfig]

    public init(deployments: [DeploymentConfig], sources: [PrometheusSourceConfig] = []) {
        configured = deployments
        self.sources = sources
    }

    public init(_ config: LLMDeckConfig) {
        self.init(deployments: config.deployments, sources: config.sources.prometheus)
    }

    /// Whether any deployment, configured or discovered, may be guarded.
    public var hasGuards: Bool {
        configured.contains { $0.guard != nil } || sources.contains { $0.guard != nil }
    }

    /// The deployment named `name`: from `deployments:` first, else a deployment in `store` that a
    /// Prometheus source discovered; nil when neither knows it. The store is only read for a name
    /// the configuration does not hold.
    public func deployment(named name: String, store: Store?) throws(RollbackError) -> DeploymentConfig? {
        if let deployment = configured.first(where: { $0.name == name }) { return deployment }
        guard let store, !sources.isEmpty else { return nil }
        return try targets(in: store).first { $0.name == name }.flatMap(discovered)
    }

    /// Every guarded deployment now: the configured ones, then those discovered into `store` by a
    /// source with `guard:`.
    public func guarded(in store: Store) throws(RollbackError) -> [DeploymentConfig] {
        let configuredGuards = configured.filter { $0.guard != nil }
        guard sources.contains(where: { $0.guard != nil }) else { return configuredGuards }
        let names = Set(configured.map(\.name))
        let found = try targets(in: store).filter { !names.contains($0.name) }.compactMap(discovered)
        return configuredGuards + found.filter { $0.guard != nil }
    }

    /// `target` as a deployment of the source that discovered it, with that source's `rollback:` and
    /// `guard:`; nil for a target no source accounts for (a polled deployment, or one of a source no
    /// longer configured).
    private func discovered(_ target: TargetRecord) -> DeploymentConfig? {
        guard let source = sources.first(where: { $0.targetURL == target.url }) else { return nil }
        return DeploymentConfig(
            name: target.name,
            url: target.url,
            kind: ServerKind(rawValue: target.kind),
            environment: target.environment,
            interval: source.interval,
            timeout: source.timeout,
            rollback: source.rollback,
            guard: source.guard
        )
    }

    private func targets(in store: Store) throws(RollbackError) -> [TargetRecord] {
        do {
            return try store.read { view in try view.targets() }
        } catch {
            throw RollbackError(message: "cannot read the deployments in the store \(store.path): \(error)")
        }
    }
}
