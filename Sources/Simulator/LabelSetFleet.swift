import FlyingFox
import Foundation
import Synchronization

/// A large fleet as Prometheus sees it behind exporters or federation: `deployments` vLLM deployments,
/// each a label set (`deployment`, `env`, `model_name`) on one of a few `/metrics` endpoints.
///
/// Meant for a Prometheus scraping with `honor_labels: true`, so the deployments keep their labels
/// (``prometheusScrapeConfig(interval:)``). Deployment *i* of *N* lives on endpoint
/// `i × endpoints / N`; a page is rendered when it is read, its counters advanced to that moment.
public final class LabelSetFleet: Sendable {
    /// One listening endpoint and the deployments it carries.
    public struct Endpoint: Sendable, Equatable {
        /// `http://127.0.0.1:<port>`.
        public var url: String
        public var port: Int
        /// Names of its deployments, in page order.
        public var deployments: [String]
    }

    private struct Running: Sendable {
        var servers: [HTTPServer] = []
        var endpoints: [Endpoint] = []
        var poolTask: Task<Void, Never>?
    }

    public let options: LabelSetOptions
    private let running = Mutex(Running())

    public init(options: LabelSetOptions) {
        self.options = options
    }

    /// Starts every endpoint; throws (and stops what started) when one cannot listen. A second call
    /// returns the running endpoints.
    public func start() async throws(SimulatorError) -> [Endpoint] {
        let options = try options.validated()
        if let started = running.withLock({ $0.servers.isEmpty ? nil : $0.endpoints }) {
            return started
        }
        let (pool, poolTask) = try await LoopbackListener.startPool()
        running.withLock { $0.poolTask = poolTask }
        let wallStart = Date()
        for endpoint in 0..<options.endpoints {
            let first = options.deployments * endpoint / options.endpoints
            let share = first..<(options.deployments * (endpoint + 1) / options.endpoints)
            let page = LabelSetEndpointPage(
                deployments: share.map {
                    LabelSetDeployment(
                        index: $0,
                        count: options.deployments,
                        seed: options.seed,
                        requestsPerSecond: options.requestsPerSecond
                    )
                },
                wallStart: wallStart,
                timeScale: options.timeScale
            )
            do throws(SimulatorError) {
                let opened = try await LoopbackListener.open(
                    name: "label-set endpoint \(endpoint + 1)",
                    address: options.host,
                    port: options.basePort == 0 ? 0 : options.basePort + endpoint,
                    pool: pool
                ) { request in
                    page.answer(path: request.path)
                }
                let described = Endpoint(
                    url: "http://\(options.host):\(opened.port)",
                    port: opened.port,
                    deployments: page.names
                )
                running.withLock {
                    $0.servers.append(opened.server)
                    $0.endpoints.append(described)
                }
            } catch {
                await stop()
                throw error
            }
        }
        return running.withLock { $0.endpoints }
    }

    /// Closes every listener and the shared event loop.
    public func stop() async {
        let (servers, poolTask) = running.withLock { state in
            let taken = (state.servers, state.poolTask)
            state = Running()
            return taken
        }
        for server in servers {
            await server.stop(timeout: 0)
        }
        poolTask?.cancel()
    }

    /// The endpoints as started (empty before `start()`).
    public var endpoints: [Endpoint] {
        running.withLock { $0.endpoints }
    }

    /// A `prometheus.yml` scraping the endpoints every `interval` seconds; before `start()`, at the ports
    /// the options imply.
    public func prometheusScrapeConfig(interval: Int) -> String {
        let started = endpoints
        let ports =
            started.isEmpty
            ? (0..<options.endpoints).map { options.basePort + $0 } : started.map(\.port)
        return "# Prometheus scraping `llmdeck sim --label-sets \(options.deployments)` "
            + "(\(options.endpoints) endpoints, seed \(options.seed))\n"
            + Self.prometheusScrapeConfig(host: options.host, ports: ports, interval: interval)
    }

    /// A `prometheus.yml` scraping label-set endpoints at `host:port` every `interval` seconds, keeping
    /// the pages' own `deployment`, `env` and `model_name` labels (`honor_labels`).
    public static func prometheusScrapeConfig(host: String, ports: [Int], interval: Int) -> String {
        var yaml = "global:\n  scrape_interval: \(interval)s\n  scrape_timeout: \(interval)s\n"
        yaml += "scrape_configs:\n  - job_name: llmdeck-sim\n    honor_labels: true\n    static_configs:\n"
        yaml += "      - targets: [" + ports.map { "'\(host):\($0)'" }.joined(separator: ", ") + "]\n"
        return yaml
    }
}

/// One endpoint's page, rendered by whichever request reads it; the clock is wall time scaled.
private final class LabelSetEndpointPage: Sendable {
    let names: [String]
    private let page: Mutex<LabelSetPage>
    private let wallStart: Date
    private let timeScale: Double

    init(deployments: [LabelSetDeployment], wallStart: Date, timeScale: Double) {
        names = deployments.map(\.name)
        page = Mutex(LabelSetPage(deployments: deployments))
        self.wallStart = wallStart
        self.timeScale = timeScale
    }

    func answer(path: String) -> HTTPResponse {
        switch path {
        case "/metrics":
            let now = Date().timeIntervalSince(wallStart) * timeScale
            let bytes = page.withLock { $0.render(at: now) }
            return Responses.raw(status: 200, contentType: VLLMExposition.contentType, Data(bytes))
        case "/health":
            return Responses.raw(status: 200, contentType: "application/json", Data())
        default:
            let detail = "Not Found; a label-set endpoint serves /metrics and /health"
            return Responses.json(status: 404, ["detail": detail])
        }
    }
}

/// How many deployments a label-set fleet carries, on how many endpoints, and how fast they run.
public struct LabelSetOptions: Sendable {
    /// Deployments (label sets) in all.
    public var deployments: Int
    /// Listening endpoints the deployments are spread over.
    public var endpoints: Int
    /// Listening address; loopback by default so nothing is exposed.
    public var host: String
    /// First port; endpoints take consecutive ports from it. 0 asks the kernel for ephemeral ports.
    public var basePort: Int
    /// Seed of every deployment's rates, latencies and noise.
    public var seed: UInt64
    /// Mean finished requests per second of a production deployment (canary and staging get less).
    public var requestsPerSecond: Double
    /// Simulated seconds per wall-clock second.
    public var timeScale: Double

    public init(
        deployments: Int = 5_000,
        endpoints: Int = 4,
        host: String = "127.0.0.1",
        basePort: Int = 0,
        seed: UInt64 = 42,
        requestsPerSecond: Double = 5,
        timeScale: Double = 1
    ) {
        self.deployments = deployments
        self.endpoints = endpoints
        self.host = host
        self.basePort = basePort
        self.seed = seed
        self.requestsPerSecond = requestsPerSecond
        self.timeScale = timeScale
    }

    /// Checks the options before anything listens; the error says which option to fix.
    public func validated() throws(SimulatorError) -> LabelSetOptions {
        if deployments < 1 || deployments > 100_000 {
            throw SimulatorError(
                kind: .invalidOption,
                message: "--label-sets must be between 1 and 100000, got \(deployments)"
            )
        }
        if endpoints < 1 || endpoints > min(deployments, 64) {
            throw SimulatorError(
                kind: .invalidOption,
                message: "--endpoints must be between 1 and \(min(deployments, 64)) (at most one per label set), "
                    + "got \(endpoints)"
            )
        }
        try SimulatorOptions.checkListening(basePort: basePort, count: endpoints, countOption: "--endpoints")
        try SimulatorOptions.checkTraffic(requestsPerSecond: requestsPerSecond, timeScale: timeScale)
        return self
    }
}
