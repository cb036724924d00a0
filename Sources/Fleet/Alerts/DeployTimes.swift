import Store

/// When each deployment's current version was deployed: the time of its newest version row when
/// an older one exists (the oldest row is llmdeck's first sighting, not a deploy). The version
/// history is read once per deployment per new version, for every baseline that ends at a
/// deploy (the latency rules', drift's).
struct DeployTimes {
    private var known: [String: (version: VersionRecord, deployedAt: Int64?)] = [:]

    /// Takes the newest versions of one reading, reading the history of those that changed.
    mutating func update(_ versions: [String: VersionRecord], _ view: StoreView) throws {
        for (name, newest) in versions where known[name]?.version != newest {
            known[name] = (newest, try view.versions(of: name).count > 1 ? newest.ts : nil)
        }
    }

    /// Milliseconds since the Unix epoch; nil when no deploy was seen.
    func deployedAt(_ target: String) -> Int64? { known[target]?.deployedAt ?? nil }
}
