import ArgumentParser
import Collector
import Config
import Dispatch
import Foundation
import HTTP
import PrometheusSource
import PrometheusTestSupport
import Simulator
import Synchronization
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The Prometheus source at fleet scale: discovery and ticks for thousands of deployments, read from the
/// real Prometheus (`/usr/bin/prometheus`) scraping a label-set fleet.
///
/// The fleet (`LabelSetFleet`: deployments as label sets behind a few `/metrics` endpoints) runs in a
/// child process, this binary again, so its page rendering is apart from the bench's CPU and memory;
/// Prometheus runs on a free loopback port with a temporary configuration and TSDB. Both are stopped on
/// every path (the child also when the bench dies: it exits when its standard input closes).
struct PrometheusBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prometheus",
        abstract: "Discovery and ticks of the Prometheus source for a large simulated fleet behind a real Prometheus."
    )

    /// Matches one series per deployment, with the environment label, whatever its value: label-set
    /// deployments have no `up` of their own (`up` is per endpoint).
    static let discover = "group by (deployment, env) (vllm:num_requests_running)"

    @Option(help: "Deployments, served as label sets.")
    var deployments = 5_000

    @Option(help: "Simulated /metrics endpoints carrying them.")
    var endpoints = 4

    @Option(help: "Ticks to measure.")
    var runs = 5

    @Option(
        help:
            "Prometheus' scrape interval, seconds (15: that of Prometheus' example configuration and the default of a source's scrape_interval)."
    )
    var scrapeInterval = 15

    @Option(help: "The source's histogram_batch: deployments whose latency histograms one tick reads (default: all).")
    var histogramBatch: Int?

    @Option(help: .hidden)
    var serveLabelSets: Int?

    var command: String {
        "swift run -c release llmdeck-bench prometheus --deployments \(deployments) --endpoints \(endpoints) "
            + "--runs \(runs)" + (scrapeInterval == 15 ? "" : " --scrape-interval \(scrapeInterval)")
            + (histogramBatch.map { " --histogram-batch \($0)" } ?? "")
    }

    func run() throws {
        if let count = serveLabelSets {
            serve(count)
            return
        }
        do {
            _ = try LabelSetOptions(deployments: deployments, endpoints: endpoints).validated()
        } catch {
            throw ValidationError(error.message)
        }
        guard runs >= 1, scrapeInterval >= 1, histogramBatch.map({ $0 >= 1 }) ?? true else {
            throw ValidationError("--runs, --scrape-interval and --histogram-batch must be ≥ 1")
        }
        guard PrometheusProcess.isInstalled else {
            throw ValidationError("needs \(PrometheusProcess.binary) (Debian package prometheus)")
        }
        MallocArenas.limit()  // as `llmdeck` does at start
        let child = try LabelSetChild(
            arguments: ["prometheus", "--serve-label-sets", String(deployments), "--endpoints", String(endpoints)]
        )
        defer { child.stop() }
        let ports = child.ports
        let fleetPID = child.process.processIdentifier
        let figures = try CollectorBench.wait { try await measure(ports: ports, fleetPID: fleetPID) }
        figures.print(command: command, deployments: deployments, endpoints: endpoints)
    }

    /// Starts Prometheus on the fleet, measures, and stops it whatever happened.
    func measure(ports: [Int], fleetPID: pid_t) async throws -> PrometheusFigures {
        let configuration = LabelSetFleet.prometheusScrapeConfig(
            host: "127.0.0.1",
            ports: ports,
            interval: scrapeInterval
        )
        let prometheus = try await PrometheusProcess.start(configuration: configuration)
        let stopOnSignal = SignalStop(pid: prometheus.process.processIdentifier, directory: prometheus.directory)
        let client = HTTPClient()
        defer {
            stopOnSignal.cancel()
            client.shutdown()
        }
        do {
            let figures = try await measure(prometheus, client, fleetPID: fleetPID)
            await prometheus.stop()
            return figures
        } catch {
            FileHandle.standardError.write(Data("Prometheus log:\n\(prometheus.log.suffix(2000))\n".utf8))
            await prometheus.stop()
            throw error
        }
    }

    private func measure(
        _ prometheus: ServerProcess,
        _ client: HTTPClient,
        fleetPID: pid_t
    ) async throws -> PrometheusFigures {
        var figures = PrometheusFigures()
        let config = PrometheusSourceConfig(
            name: "bench",
            url: prometheus.url,
            interval: 15,
            timeout: 30,
            scrapeInterval: Double(scrapeInterval),
            discover: Self.discover,
            deploymentLabel: "deployment",
            environmentLabel: "env",
            histogramBatch: histogramBatch
        )
        let api = PrometheusAPI(url: prometheus.url, client: client, timeout: 30, maxResponseBytes: 256 << 20)
        let dashboard = try PromQLVocabulary(
            deploymentLabel: "deployment",
            environmentLabel: "env",
            rangeWindow: RangeWindow(scrapeInterval: config.scrapeInterval, queryInterval: config.interval)
        )
        figures.waitSeconds = try await waitForEveryDeployment(api, dashboard)
        figures.loadAverages.append(ProcFS.loadAverage())
        // What scraping alone costs: Prometheus and the fleet over ten seconds without a query.
        let pid = prometheus.process.processIdentifier
        let (prometheusIdle, fleetIdle) = (ProcFS.cpuSeconds(of: pid), ProcFS.cpuSeconds(of: fleetPID))
        try await Task.sleep(for: .seconds(10))
        figures.prometheusScrapingShare = (ProcFS.cpuSeconds(of: pid) - prometheusIdle) / 10
        figures.fleetShare = (ProcFS.cpuSeconds(of: fleetPID) - fleetIdle) / 10
        let scrape = try? await api.query(#"max(scrape_duration_seconds{job="llmdeck-sim"})"#)
        figures.scrapeSeconds = scrape?.value.instantSeries.first?.sample.value ?? .nan

        let source = try PrometheusFleetSource(config: config, client: client)
        let discoveryStart = ContinuousClock.now
        let found = try await source.discover().get()
        figures.discoverySeconds = Self.seconds(since: discoveryStart)
        figures.discovered = Set(found.map(\.name)).count

        if histogramBatch != nil {
            // The source's first tick knows no deployment yet and reads every histogram; turns start after.
            let first = ContinuousClock.now
            _ = await source.tick()
            figures.firstTickSeconds = Self.seconds(since: first)
        }
        for run in 0..<runs {
            if run > 0 { try await Task.sleep(for: .seconds(2)) }
            let cpuBefore = CollectorBench.cpuSeconds()
            let prometheusBefore = ProcFS.cpuSeconds(of: pid)
            let started = ContinuousClock.now
            let tick = await source.tick()
            figures.ticks.append(
                PrometheusFigures.Tick(
                    seconds: Self.seconds(since: started),
                    cpuSeconds: CollectorBench.cpuSeconds() - cpuBefore,
                    prometheusCPUSeconds: ProcFS.cpuSeconds(of: pid) - prometheusBefore,
                    queries: tick.queries,
                    observations: tick.observations.count,
                    upObservations: tick.observations.count { $0.health == .up },
                    canonicalSamples: tick.observations.reduce(0) { $0 + $1.canonical.count },
                    problems: tick.problems
                )
            )
        }

        figures.peakRSSAfterTicksMegabytes = Self.peakRSSMegabytes()

        // Where a tick's time goes: the same queries one at a time, then all at once without the source.
        let texts =
            dashboard.ingestQueries(kinds: ServerKind.allCases, presence: Self.discover)
            .map { ($0.subject.name, $0.promql) } + [("kinds", dashboard.kindQuery())]
        figures.breakdown = try await QueryBreakdown.measure(texts, api: api, client: client)
        let together = ContinuousClock.now
        let togetherCPU = CollectorBench.cpuSeconds()
        _ = await api.queries(texts.map(\.1))
        figures.queriesTogether = (Self.seconds(since: together), CollectorBench.cpuSeconds() - togetherCPU)

        // The dashboard PromQL for comparison: rates and quantiles evaluated by Prometheus, a row each.
        let dashboardQueries = dashboard.tickQueries(kinds: [.vllm], includingExperiments: false).map(\.promql)
        let dashboardStart = ContinuousClock.now
        let answers = await api.queries(dashboardQueries)
        figures.dashboard = (
            Self.seconds(since: dashboardStart), dashboardQueries.count,
            answers.reduce(0) { $0 + ((try? $1.get())?.value.instantSeries.count ?? 0) }
        )
        figures.loadAverages.append(ProcFS.loadAverage())
        figures.prometheusRSSMegabytes = ProcFS.rssMegabytes(of: pid)
        figures.headSeries = await Self.headSeries(prometheus.url, client)
        figures.benchPeakRSSMegabytes = Self.peakRSSMegabytes()
        return figures
    }

    /// Polls (every second, at most five minutes) until the dashboard's request rate has a row for every
    /// deployment: Prometheus holds at least two scrapes of each. Returns the seconds waited.
    private func waitForEveryDeployment(_ api: PrometheusAPI, _ vocabulary: PromQLVocabulary) async throws -> Double {
        let started = ContinuousClock.now
        guard let rate = vocabulary.query(.requestRate, kinds: [.vllm]) else { return 0 }
        var seen = 0.0
        for _ in 0..<300 {
            let answer = try? await api.query("count(\(rate))")
            seen = answer?.value.instantSeries.first?.sample.value ?? 0
            if seen >= Double(deployments) { return Self.seconds(since: started) }
            try await Task.sleep(for: .seconds(1))
        }
        throw ValidationError("after 5 minutes Prometheus had rates for \(Int(seen)) of \(deployments) deployments")
    }

    /// Child mode: serve the label-set fleet, print its ports and `ready`, and stop when standard input
    /// closes (the bench ended, normally or not).
    func serve(_ count: Int) {
        let fleet = LabelSetFleet(options: LabelSetOptions(deployments: count, endpoints: endpoints))
        let endpoints: [LabelSetFleet.Endpoint]
        do {
            endpoints = try CollectorBench.wait { try await fleet.start() }
        } catch {
            FileHandle.standardError.write(Data("label-set fleet: \(error)\n".utf8))
            return
        }
        for endpoint in endpoints { print(endpoint.port) }
        print("ready")
        fflush(nil)
        var byte: UInt8 = 0
        while true {
            let count = read(STDIN_FILENO, &byte, 1)
            if count == 0 || (count < 0 && errno != EINTR) { break }
        }
        CollectorBench.wait { await fleet.stop() }
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let parts = (ContinuousClock.now - start).components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// This process' peak resident set so far, MB.
    static func peakRSSMegabytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss / 1024
    }

    /// Series in Prometheus' head block (`/api/v1/status/tsdb`).
    static func headSeries(_ url: String, _ client: HTTPClient) async -> Int? {
        guard case .success(let response) = await client.send(HTTPRequest(url: url + "/api/v1/status/tsdb")),
            let json = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
            let data = json["data"] as? [String: Any], let head = data["headStats"] as? [String: Any]
        else { return nil }
        return (head["numSeries"] as? NSNumber)?.intValue
    }
}

/// The label-set fleet in a child process; it exits when its standard input closes.
final class LabelSetChild {
    let process = Process()
    private let input = Pipe()
    let ports: [Int]

    init(arguments: [String]) throws {
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        process.arguments = arguments
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var text = ""
        while !text.hasSuffix("ready\n") {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty {
                process.waitUntilExit()
                throw ValidationError("the simulated fleet did not start (\(text.isEmpty ? "no output" : text))")
            }
            text += String(decoding: data, as: UTF8.self)
        }
        ports = text.split(separator: "\n").compactMap { Int($0) }
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

/// Stops a child process and removes its directory on SIGINT or SIGTERM before the bench exits, so
/// Prometheus and its TSDB never outlive it.
final class SignalStop: Sendable {
    private let sources: Mutex<[any DispatchSourceSignal]>

    init(pid: pid_t, directory: TemporaryDirectory) {
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                FileHandle.standardError.write(Data("interrupted: stopping Prometheus (pid \(pid))\n".utf8))
                kill(pid, SIGTERM)
                var status: Int32 = 0
                waitpid(pid, &status, 0)
                directory.remove()
                exit(128 + signalNumber)
            }
            source.resume()
            sources.append(source)
        }
        self.sources = Mutex(sources)
    }

    func cancel() {
        sources.withLock { sources in
            sources.forEach { $0.cancel() }
            sources = []
        }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
