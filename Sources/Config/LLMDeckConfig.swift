/// The whole validated configuration: what to poll and where to keep history.
public struct LLMDeckConfig: Sendable, Equatable {
    /// Deployments in file order; may be empty (the collector then idles).
    public var deployments: [DeploymentConfig]
    /// The store location and retention.
    public var store: StoreConfig
    /// Prompt A/B experiment metric names and settings; the defaults when `experiments:` is absent.
    public var experiments: ExperimentsConfig
    /// Model prices over time; empty when `pricing:` is absent.
    public var pricing: PriceTable
    /// Alert rules, drift settings and the bell; the built-in rules when `alerts:` is absent.
    public var alerts: AlertsConfig
    /// Read-only mode and the verification window of every action; the defaults when `actions:`
    /// is absent.
    public var actions: ActionSettings
    /// Prometheus query APIs and Alertmanagers to read besides `deployments:`; empty when
    /// `sources:` is absent.
    public var sources: SourcesConfig
    /// The file the config came from, `nil` for built-in defaults.
    public var sourceFile: String?

    public init(
        deployments: [DeploymentConfig],
        store: StoreConfig,
        experiments: ExperimentsConfig = ExperimentsConfig(),
        pricing: PriceTable = PriceTable(),
        alerts: AlertsConfig = AlertsConfig(),
        actions: ActionSettings = ActionSettings(),
        sources: SourcesConfig = SourcesConfig(),
        sourceFile: String? = nil
    ) {
        self.deployments = deployments
        self.store = store
        self.experiments = experiments
        self.pricing = pricing
        self.alerts = alerts
        self.actions = actions
        self.sources = sources
        self.sourceFile = sourceFile
    }
}

extension LLMDeckConfig {
    /// The Alertmanager llmdeck's own alerts are also posted to (`alerts.push_to`), nil when they
    /// stay in llmdeck.
    public var alertPushTarget: AlertmanagerSourceConfig? {
        alerts.pushTo.flatMap { sources.alertmanager(pushTo: $0) }
    }
}
