import Actions

/// `sources:`: where llmdeck reads a fleet besides polling `deployments:` itself — Prometheus-compatible
/// query APIs (Prometheus, Thanos, Mimir, VictoriaMetrics) and Alertmanagers. Empty when absent.
public struct SourcesConfig: Sendable, Equatable {
    /// Prometheus query APIs, in file order.
    public var prometheus: [PrometheusSourceConfig]
    /// Alertmanagers, in file order.
    public var alertmanager: [AlertmanagerSourceConfig]

    public init(prometheus: [PrometheusSourceConfig] = [], alertmanager: [AlertmanagerSourceConfig] = []) {
        self.prometheus = prometheus
        self.alertmanager = alertmanager
    }

    public var isEmpty: Bool { prometheus.isEmpty && alertmanager.isEmpty }

    /// The alertmanager `alerts.push_to` names: the one with that name, else for the word
    /// `alertmanager` the first one; nil when none fits (the reader refuses such a config).
    public func alertmanager(pushTo target: String) -> AlertmanagerSourceConfig? {
        alertmanager.first { $0.name == target } ?? (target == "alertmanager" ? alertmanager.first : nil)
    }
}

/// One `- prometheus: {…}` entry of `sources:`: the query API to read, which series are deployments and
/// how their rows are named.
public struct PrometheusSourceConfig: Sendable, Equatable {
    /// A short name for messages, the Fleet pane's source column and the store's target URL:
    /// `name:` when given, else the URL's host and port.
    public var name: String
    /// The server's root or route prefix (`http://prometheus:9090`, `https://host/prometheus`).
    public var url: String
    /// The environment variable holding a bearer token; read at start, never stored or printed.
    public var tokenEnv: String?
    /// Seconds between ticks of queries (`interval:`, default 15 s).
    public var interval: Double
    /// Seconds Prometheus may take per query (`timeout:`, default 10 s).
    public var timeout: Double
    /// The scrape interval of the discovered targets in Prometheus (`scrape_interval:`, default
    /// 15 s, Prometheus' default): what the rate windows of chart history are sized from.
    public var scrapeInterval: Double
    /// PromQL selecting the series that stand for deployments (`discover:`, default `up`), e.g.
    /// `up{job=~"vllm|tgi"}`. Its label matchers also restrict every query llmdeck issues.
    public var discover: String
    /// The label whose values name deployments (`deployment_label:`, default `deployment`).
    public var deploymentLabel: String
    /// The label whose values name environments (`environment_label:`), nil: every deployment is in
    /// `environment:` (default `prod`).
    public var environmentLabel: String?
    /// The environment of deployments without an environment label (`environment:`, default `prod`).
    public var environment: String
    /// Labels of the discovered series that carry the served model and version (`model_label:`,
    /// `version_label:`), nil when not read.
    public var modelLabel: String?
    public var versionLabel: String?
    /// What rolls back any deployment this source discovers (`rollback:`), rendered with that
    /// deployment's name and environment; `nil` when none is configured.
    public var rollback: ActionSpec?
    /// When an alert after a deploy plans or runs `rollback` for a discovered deployment (`guard:`);
    /// `nil` for never.
    public var `guard`: GuardConfig?
    /// At most how many deployments' latency histograms one tick reads (`histogram_batch:`); nil, the
    /// default: every deployment's, every tick. A fleet larger than the batch is read in turns, so each
    /// deployment's latency is read every ⌈deployments / batch⌉ ticks: far fewer rows a tick (the
    /// histograms are most of a tick's rows), at the price of latency that is that much coarser.
    public var histogramBatch: Int?

    public init(
        name: String,
        url: String,
        tokenEnv: String? = nil,
        interval: Double = 15,
        timeout: Double = 10,
        scrapeInterval: Double = 15,
        discover: String = "up",
        deploymentLabel: String = "deployment",
        environmentLabel: String? = nil,
        environment: String = "prod",
        modelLabel: String? = nil,
        versionLabel: String? = nil,
        rollback: ActionSpec? = nil,
        guard: GuardConfig? = nil,
        histogramBatch: Int? = nil
    ) {
        self.name = name
        self.url = url
        self.tokenEnv = tokenEnv
        self.interval = interval
        self.timeout = timeout
        self.scrapeInterval = scrapeInterval
        self.discover = discover
        self.deploymentLabel = deploymentLabel
        self.environmentLabel = environmentLabel
        self.environment = environment
        self.modelLabel = modelLabel
        self.versionLabel = versionLabel
        self.rollback = rollback
        self.guard = `guard`
        self.histogramBatch = histogramBatch
    }

    /// The URL every deployment this source discovers is stored and shown with: `url` without
    /// `user:password@`, so a credential written into it never reaches the store. Also how a stored
    /// deployment is traced back to its source.
    public var targetURL: String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@") else {
            return url
        }
        let slash = url[scheme.upperBound...].firstIndex(of: "/") ?? url.endIndex
        guard at < slash else { return url }
        return String(url[..<scheme.upperBound]) + String(url[url.index(after: at)...])
    }
}

/// One `- alertmanager: {…}` entry of `sources:`: an Alertmanager whose active alerts join the Alerts
/// pane, and where silences of its alerts are created.
public struct AlertmanagerSourceConfig: Sendable, Equatable {
    /// A short name for messages and the Alerts pane: `name:` when given, else the URL's host and port.
    public var name: String
    /// The server's root or route prefix (`http://alertmanager:9093`).
    public var url: String
    /// The environment variable holding a bearer token; read at start, never stored or printed.
    public var tokenEnv: String?
    /// Seconds between reads of its alerts (`interval:`, default 15 s).
    public var interval: Double
    /// Seconds each request may take (`timeout:`, default 10 s).
    public var timeout: Double
    /// The alert label naming the deployment an alert is about (`deployment_label:`, default
    /// `deployment`).
    public var deploymentLabel: String

    public init(
        name: String,
        url: String,
        tokenEnv: String? = nil,
        interval: Double = 15,
        timeout: Double = 10,
        deploymentLabel: String = "deployment"
    ) {
        self.name = name
        self.url = url
        self.tokenEnv = tokenEnv
        self.interval = interval
        self.timeout = timeout
        self.deploymentLabel = deploymentLabel
    }
}
