import ArgumentParser
import Dispatch
import Foundation
import Simulator

/// `llmdeck-sim` (run as `llmdeck sim`): serves a fleet of fake vLLM, TGI and llama.cpp servers on
/// loopback.
///
/// A binary of its own so that `llmdeck` does not link the HTTP server library, which links
/// Foundation's URLSession and through it libcurl and its ~25 libraries: every `llmdeck status`
/// or `ab` would load them at start. `llmdeck sim` executes this binary; `llmdeck demo` runs it
/// as a child (`--announce-config`).
@main
struct SimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "llmdeck sim",
        abstract: "Serve a fleet of fake model servers (vLLM, TGI, llama.cpp) on 127.0.0.1.",
        discussion: """
            Each server answers its kind's real endpoints (/metrics, /health, /v1/models, /info, /props …) with \
            realistic traffic, plus GET /sim/state (ground truth), POST /sim/control and POST /sim/rollback.
            Example: llmdeck sim --print-config > sim.yaml && llmdeck sim & llmdeck collect --config sim.yaml
            With --label-sets N, serves instead N vLLM deployments as label sets (deployment, env, model_name) \
            on --endpoints /metrics endpoints, for a Prometheus scraping with honor_labels (--print-config \
            prints its scrape config): llmdeck sim --label-sets 5000 --endpoints 4
            """
    )

    @Option(help: "Number of fake servers.")
    var count = 6

    @Option(name: .customLong("base-port"), help: "First port; servers use consecutive ports. 0 = ephemeral.")
    var basePort = 18_000

    @Option(help: "Random seed; the same seed replays the same traffic.")
    var seed: UInt64 = 42

    @Option(help: "Stop after this many seconds (default: run until SIGINT/SIGTERM).")
    var duration: Double?

    @Option(help: "Mean requests per second on each production server.")
    var rate = 5.0

    @Option(help: "Scenario: default (bad deploy at 60 s, drift at 75 s, error burst at 90 s), quick, none.")
    var scenario = "default"

    @Option(name: .customLong("time-scale"), help: "Simulated seconds per wall-clock second.")
    var timeScale = 1.0

    @Option(
        help: """
            A prompt experiment the vLLM servers serve, repeatable (replaces the standard three; `none` for \
            none): NAME:variants=a,b;weights=50,50;success=0.85,0.89;latency=1,1.1;servers=2;rate=15;\
            cost=0.15/0.6;score=yes;start=30. Only variants is required.
            """
    )
    var experiment: [String] = []

    @Option(
        name: .customLong("label-sets"),
        help: """
            Serve this many vLLM deployments as label sets (deployment, env, model_name) behind a few \
            /metrics endpoints instead of one server each; --count, --scenario and --experiment do not apply.
            """
    )
    var labelSets: Int?

    @Option(help: "With --label-sets: the /metrics endpoints (consecutive ports from --base-port).")
    var endpoints = 4

    @Flag(
        name: .customLong("print-config"),
        help: "Print an llmdeck config for the fleet (with --label-sets: a Prometheus scrape config) and exit."
    )
    var printConfig = false

    @Option(help: "The store path written into --print-config's configuration.")
    var db: String?

    /// For `llmdeck demo`: once listening, print the configuration (with the ports chosen) and
    /// the line `# end of llmdeck config`, then serve until standard input closes.
    @Flag(name: .customLong("announce-config"), help: .hidden)
    var announceConfig = false

    func run() async throws {
        if let labelSets {
            try await serveLabelSets(labelSets)
            return
        }
        guard let chosen = Scenario.named(scenario) else {
            throw ValidationError(
                "unknown scenario \"\(scenario)\"; use one of \(Scenario.names.joined(separator: ", "))"
            )
        }
        let options = SimulatorOptions(
            count: count,
            basePort: basePort,
            seed: seed,
            duration: duration,
            requestsPerSecond: rate,
            scenario: chosen,
            timeScale: timeScale,
            experiments: try Self.experimentPlans(experiment)
        )
        do {
            _ = try options.validated()
        } catch {
            throw ValidationError(error.message)
        }
        let fleet = FleetSimulator(options: options)
        if printConfig {
            print(fleet.configYAML(storePath: db), terminator: "")
            return
        }
        let servers: [SimulatedServer]
        do {
            servers = try await fleet.start()
        } catch {
            FileHandle.standardError.write(Data("llmdeck sim: \(error.message)\n".utf8))
            throw ExitCode(1)
        }
        if announceConfig {
            print(fleet.configYAML(storePath: db), terminator: "")
            print(Self.endOfConfig)
        } else {
            for server in servers {
                print("\(server.name)\t\(server.kind.rawValue)\t\(server.environment)\t\(server.url)")
            }
            print("serving \(servers.count) servers, scenario \(chosen.name), seed \(seed); Ctrl-C stops")
        }
        fflush(nil)
        await Self.waitForStop(after: duration, orStandardInputEnd: announceConfig)
        await fleet.stop()
    }

    /// `--label-sets`: a few endpoints carrying many deployments, until a signal or `--duration`.
    private func serveLabelSets(_ count: Int) async throws {
        if !experiment.isEmpty || scenario != "default" || announceConfig {
            throw ValidationError("--label-sets serves plain vLLM label sets: drop --scenario, --experiment")
        }
        let options = LabelSetOptions(
            deployments: count,
            endpoints: endpoints,
            basePort: basePort,
            seed: seed,
            requestsPerSecond: rate,
            timeScale: timeScale
        )
        do {
            _ = try options.validated()
        } catch {
            throw ValidationError(error.message)
        }
        let fleet = LabelSetFleet(options: options)
        if printConfig {
            print(fleet.prometheusScrapeConfig(interval: 5), terminator: "")
            return
        }
        let endpoints: [LabelSetFleet.Endpoint]
        do {
            endpoints = try await fleet.start()
        } catch {
            FileHandle.standardError.write(Data("llmdeck sim: \(error.message)\n".utf8))
            throw ExitCode(1)
        }
        for endpoint in endpoints {
            let range = "\(endpoint.deployments.first ?? "")…\(endpoint.deployments.last ?? "")"
            print("\(endpoint.url)/metrics\t\(endpoint.deployments.count) deployments\t\(range)")
        }
        print("serving \(count) deployments on \(endpoints.count) endpoints, seed \(seed); Ctrl-C stops")
        fflush(nil)
        await Self.waitForStop(after: duration)
        await fleet.stop()
    }

    /// The line after the configuration `--announce-config` prints.
    static let endOfConfig = "# end of llmdeck config"

    /// Returns on SIGINT, SIGTERM, after `duration` seconds, or (`orStandardInputEnd`) when
    /// standard input reaches its end: the demo that started this process closed it or died.
    private static func waitForStop(after duration: Double?, orStandardInputEnd: Bool = false) async {
        let (events, continuation) = AsyncStream<Void>.makeStream()
        var sources: [DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { continuation.yield() }
            source.resume()
            sources.append(source)
        }
        let timer = Task {
            if let duration {
                try? await Task.sleep(for: .seconds(duration))
                continuation.yield()
            }
        }
        if orStandardInputEnd {
            let watcher = Thread {
                var byte: UInt8 = 0
                while true {
                    let count = read(STDIN_FILENO, &byte, 1)
                    if count == 0 || (count < 0 && errno != EINTR) { break }
                }
                continuation.yield()
            }
            watcher.start()
        }
        for await _ in events {
            break
        }
        timer.cancel()
        sources.forEach { $0.cancel() }
    }

    /// The plans of `--experiment` texts (the standard ones when none is given); a bad text is a
    /// usage error naming its field.
    static func experimentPlans(_ texts: [String]) throws -> [ExperimentPlan] {
        do {
            return try ExperimentPlan.plans(parsing: texts)
        } catch {
            throw ValidationError(error.description)
        }
    }
}
