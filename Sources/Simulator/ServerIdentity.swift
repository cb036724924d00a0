/// Who a fake server is: its name, kind, environment and the model it serves at start.
struct ServerIdentity: Sendable, Equatable {
    var index: Int
    var name: String
    var kind: SimulatedKind
    var environment: String
    /// The served model id (`--served-model-name`, TGI `model_id`, llama.cpp alias).
    var model: String
    /// The minor version of the first release: the server starts at `v1.<minor>.0`.
    var initialMinor: Int
    var initialRelease: String { "v1.\(initialMinor).0" }
    /// Arrival rate relative to a production server.
    var trafficShare: Double

    private static let services = ["chat", "code", "assist", "search", "summarize", "rag", "agent", "translate"]
    /// Served model ids, cycled over the fleet (and over label-set deployments).
    static let models = [
        "meta-llama/Llama-3.1-8B-Instruct", "Qwen/Qwen2.5-Coder-7B-Instruct", "mistralai/Mistral-7B-Instruct-v0.3",
        "meta-llama/Llama-3.1-70B-Instruct", "google/gemma-2-9b-it", "Qwen/Qwen2.5-14B-Instruct",
        "microsoft/Phi-3.5-mini-instruct", "mistralai/Mixtral-8x7B-Instruct-v0.1",
    ]

    /// Environments cycled over a fleet after its first four (production) servers.
    static let environmentCycle = ["production", "canary", "production", "staging"]

    /// Arrival rate of an environment relative to production.
    static func trafficShare(of environment: String) -> Double {
        ["production": 1.0, "canary": 0.25, "staging": 0.1][environment] ?? 1
    }

    /// The fleet's servers: the first four are production, then canary and staging alternate with production.
    static func fleet(count: Int, kinds: [SimulatedKind]) -> [ServerIdentity] {
        var names = Set<String>()
        return (0..<count).map { index in
            let kind = kinds[index % kinds.count]
            let environment = index < 4 ? "production" : environmentCycle[index % environmentCycle.count]
            let suffix = ["production": "prod", "canary": "canary", "staging": "staging"][environment] ?? environment
            let service = services[(index < 4 ? index : index * 3) % services.count]
            var name = "\(service)-\(suffix)"
            var round = 2
            while names.contains(name) {
                name = "\(service)-\(suffix)-\(round)"
                round += 1
            }
            names.insert(name)
            return ServerIdentity(
                index: index,
                name: name,
                kind: kind,
                environment: environment,
                model: models[index % models.count],
                initialMinor: index % 7 + 2,
                trafficShare: trafficShare(of: environment)
            )
        }
    }
}
