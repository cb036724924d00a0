import FlyingFox
import FlyingSocks
import Foundation
import Synchronization

/// One fake server: its simulated state and the FlyingFox listener that answers for it.
///
/// The actor is the single owner of the state; the clock is wall time scaled by the fleet's time scale,
/// minus the time spent paused.
actor ServerHost {
    /// What a request gets, decided inside the actor and carried out outside it.
    enum Reply: Sendable {
        case response(HTTPResponse)
        case hang
        case huge(bytes: Int)
    }

    let identity: ServerIdentity
    private let address: String
    private(set) var port: Int
    var model: ServerModel
    private let wallStart: Date
    private let timeScale: Double
    private var pausedAt: Double?
    private var pausedTotal = 0.0
    var scrapes: UInt64 = 0
    var llamaMark = LlamaCppExposition.ThroughputMark()
    private var server: HTTPServer?
    private var reopenTask: Task<Void, Never>?
    private let pool: any AsyncSocketPool
    private let directory: FleetDirectory
    private let assignment: ExperimentAssignment

    init(
        identity: ServerIdentity,
        model: ServerModel,
        address: String,
        port: Int,
        wallStart: Date,
        timeScale: Double,
        pool: any AsyncSocketPool,
        directory: FleetDirectory,
        assignment: ExperimentAssignment
    ) {
        self.identity = identity
        self.model = model
        self.address = address
        self.port = port
        self.wallStart = wallStart
        self.timeScale = timeScale
        self.pool = pool
        self.directory = directory
        self.assignment = assignment
    }

    var url: String { "http://\(address):\(port)" }

    var descriptor: SimulatedServer {
        SimulatedServer(
            name: identity.name,
            kind: identity.kind,
            environment: identity.environment,
            url: url,
            port: port
        )
    }

    /// Simulated seconds since the fleet started.
    private var simulatedNow: Double {
        if let pausedAt { return pausedAt }
        return Date().timeIntervalSince(wallStart) * timeScale - pausedTotal
    }

    func advance() {
        model.advance(to: simulatedNow)
    }

    // MARK: Listening

    /// Binds and starts answering; on an ephemeral port the kernel's choice is kept for later restarts.
    func open() async throws(SimulatorError) {
        guard server == nil else { return }
        let opened = try await LoopbackListener.open(
            name: identity.name,
            address: address,
            port: port,
            pool: pool
        ) { [self] request in
            try await self.serve(request)
        }
        port = opened.port
        server = opened.server
    }

    /// Stops answering: new connections are refused.
    func close() async {
        reopenTask?.cancel()
        reopenTask = nil
        await closeListenerOnly()
    }

    // MARK: Control

    /// Applies a command now and carries out its effect on the listener.
    ///
    /// A request to this server cannot close its own listener while it is being answered (stopping the
    /// server waits for that very request), so `fromOwnRequest` closes it just after the answer is sent.
    func apply(_ command: ControlCommand, fromOwnRequest: Bool = false) async throws(SimulatorError) {
        advance()
        switch command {
        case .pause:
            if pausedAt == nil { pausedAt = simulatedNow }
            return
        case .resume:
            if let pausedAt {
                pausedTotal = Date().timeIntervalSince(wallStart) * timeScale - pausedAt
                self.pausedAt = nil
            }
            return
        default:
            break
        }
        let effect = try model.apply(command, unixNow: Date().timeIntervalSince1970)
        switch effect {
        case .none:
            break
        case .openListener:
            reopenTask?.cancel()
            reopenTask = nil
            try await reopen()
        case .closeListener(let seconds):
            reopenTask?.cancel()
            let wallSeconds = seconds.map { $0 / timeScale }
            if !fromOwnRequest {
                await close()
            }
            reopenTask = Task { [weak self] in
                if fromOwnRequest {
                    try? await Task.sleep(for: .milliseconds(100))
                    // An `up` meanwhile cancelled this close: the listener stays open.
                    guard !Task.isCancelled else { return }
                    await self?.closeListenerOnly()
                }
                guard let wallSeconds else { return }
                try? await Task.sleep(for: .seconds(wallSeconds))
                guard !Task.isCancelled else { return }
                try? await self?.open()
            }
        }
    }

    /// Listens again; the port of a listener just closed can take a moment to be free (its socket is
    /// closed on the event loop), so a failed bind is tried again for up to two seconds.
    private func reopen() async throws(SimulatorError) {
        var attempts = 0
        while true {
            do {
                try await open()
                return
            } catch {
                attempts += 1
                if attempts >= 40 { throw error }
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    private func closeListenerOnly() async {
        guard let server else { return }
        self.server = nil
        await server.stop(timeout: 0)
    }

    /// Ground truth as JSON, at the current simulated time.
    func state() -> Data {
        advance()
        return GroundTruth.json(model, url: url, paused: pausedAt != nil)
    }

    /// This server's totals of the named experiment at the current simulated time; nil if it does not serve it.
    func experimentTotals(named name: String) -> ExperimentTotals? {
        advance()
        return model.metrics.experiments.first { $0.plan.name == name }
    }

    /// The current release label (for tests and the Swift API).
    var releaseLabel: String { model.currentRelease.label }

    // MARK: Requests

    private nonisolated func serve(_ request: HTTPRequest) async throws -> HTTPResponse {
        switch await reply(to: request) {
        case .response(let response):
            return response
        case .hang:
            while await isHanging() {
                try await Task.sleep(for: .milliseconds(100))
            }
            return try await serve(request)
        case .huge(let bytes):
            let body = HTTPBodySequence(
                from: RepeatedBytes(block: RepeatedBytes.metricsBlock(), total: bytes),
                count: bytes,
                suggestedBufferSize: 65_536
            )
            return HTTPResponse(
                statusCode: .ok,
                headers: [.contentType: VLLMExposition.contentType],
                body: body
            )
        }
    }

    private func isHanging() -> Bool {
        advance()
        return model.fault == .hang
    }

    private func reply(to request: HTTPRequest) async -> Reply {
        let path = request.path
        let method = request.method.rawValue
        if path.hasPrefix("/sim/") {
            return .response(
                await simulatorRoute(method: method, path: path, body: (try? await request.bodyData) ?? Data())
            )
        }
        advance()
        switch model.fault {
        case .hang:
            return .hang
        case .html:
            return .response(Responses.html(for: identity))
        case .huge(let bytes) where path == "/metrics":
            return .huge(bytes: bytes)
        default:
            break
        }
        guard method == "GET" || method == "HEAD" else {
            return .response(Responses.json(status: 405, ["detail": "Method Not Allowed"]))
        }
        return .response(endpoint(path: path))
    }

    private func simulatorRoute(method: String, path: String, body: Data) async -> HTTPResponse {
        switch (method, path) {
        case ("GET", "/sim/state"):
            return Responses.raw(status: 200, contentType: "application/json", state())
        case ("GET", "/sim/experiments"):
            let truth = await ExperimentTruth.fleet(assignment, directory)
            return Responses.raw(status: 200, contentType: "application/json", ExperimentTruth.json(truth))
        case ("POST", "/sim/rollback"):
            do {
                let from = model.currentRelease.label
                try await apply(.rollback)
                return Responses.json(
                    status: 200,
                    ["rolled_back_from": from, "release": releaseLabel, "version": model.reportedVersion]
                )
            } catch {
                return Responses.json(status: 409, ["error": error.message])
            }
        case ("POST", "/sim/control"):
            do throws(SimulatorError) {
                let (command, target) = try ControlCommand.decode(json: body)
                if let target, target != identity.name {
                    guard let host = directory.host(named: target) else {
                        throw SimulatorError(
                            kind: .unknownServer,
                            message: "no server named \"\(target)\" in this fleet"
                        )
                    }
                    try await host.apply(command)
                    return Responses.raw(status: 200, contentType: "application/json", await host.state())
                }
                try await apply(command, fromOwnRequest: true)
                return Responses.raw(status: 200, contentType: "application/json", state())
            } catch {
                let status = error.kind == .unknownServer ? 404 : (error.kind == .nothingToRollBack ? 409 : 400)
                return Responses.json(status: status, ["error": error.message])
            }
        default:
            return Responses.json(
                status: 404,
                [
                    "error":
                        "unknown simulator endpoint \(method) \(path); use GET /sim/state, GET /sim/experiments, "
                        + "POST /sim/control or POST /sim/rollback"
                ]
            )
        }
    }
}
