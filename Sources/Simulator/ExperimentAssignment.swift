/// Which vLLM servers serve which experiment, decided once when the fleet starts.
///
/// Production vLLM servers come first, then the others by index; each plan takes the next `servers` of them,
/// wrapping around, so in a small fleet every experiment shares the same few replicas and in a large one
/// the experiments spread over different servers.
struct ExperimentAssignment: Sendable {
    /// One experiment and the indices of the servers that serve it.
    struct Entry: Sendable {
        var plan: ExperimentPlan
        var serverIndices: [Int]
        var serverNames: [String]
    }

    let entries: [Entry]

    init(plans: [ExperimentPlan], identities: [ServerIdentity]) {
        let candidates = identities.filter { $0.kind == .vllm }.sorted { first, second in
            let firstProduction = first.environment == "production"
            let secondProduction = second.environment == "production"
            return firstProduction != secondProduction ? firstProduction : first.index < second.index
        }
        var next = 0
        entries = plans.map { plan in
            let count = candidates.isEmpty ? 0 : min(plan.servers, candidates.count)
            let replicas = (0..<count).map { candidates[(next + $0) % candidates.count] }
            next += count
            return Entry(plan: plan, serverIndices: replicas.map(\.index), serverNames: replicas.map(\.name))
        }
    }

    /// The plans a server serves, in plan order.
    func plans(servedBy index: Int) -> [ExperimentPlan] {
        entries.filter { $0.serverIndices.contains(index) }.map(\.plan)
    }
}
