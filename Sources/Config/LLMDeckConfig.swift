/// The whole validated configuration: what to poll and where to keep history.
public struct LLMDeckConfig: Sendable, Equatable {
    /// Deployments in file order; may be empty (the collector then idles).
    public var deployments: [DeploymentConfig]
    /// The store location and retention.
    public var store: StoreConfig
    /// The file the config came from, `nil` for built-in defaults.
    public var sourceFile: String?

    public init(deployments: [DeploymentConfig], store: StoreConfig, sourceFile: String? = nil) {
        self.deployments = deployments
        self.store = store
        self.sourceFile = sourceFile
    }
}
