import Store

/// Which model each target served when, read from the store's version history once per target
/// and read.
struct ModelHistory {
    /// Per target, oldest first.
    private var versions: [String: [VersionRecord]] = [:]

    /// The model `target` served at `time` (milliseconds since the Unix epoch): the newest
    /// version observed at or before it, else the oldest one; nil when none was observed.
    mutating func model(of target: String, at time: Int64, _ view: StoreView) throws -> String? {
        if versions[target] == nil { versions[target] = try view.versions(of: target).reversed() }
        let history = versions[target] ?? []
        let record = history.last { $0.ts <= time } ?? history.first
        return record.flatMap { $0.model.isEmpty ? nil : $0.model }
    }
}
