import Store
import StoreTestSupport
import TestSupport

/// A store holding prompt experiments written the way the collector writes an application's
/// `llm_prompt_*` counters: increments per 5 s poll, per target, per variant and outcome.
struct ExperimentStore {
    let temporary: TemporaryStore
    let store: Store
    /// The time of the last poll written, milliseconds since the Unix epoch.
    private(set) var now: Int64
    let start: Int64

    init(start: Int64 = StoreFixtures.origin) throws {
        temporary = try TemporaryStore()
        store = try temporary.open()
        self.start = start
        now = start
    }

    func remove() { temporary.remove() }

    /// One variant's traffic in one poll on one target.
    struct Poll {
        var target: String
        var experiment: String
        var variant: String
        var successes: Double
        var failures: Double
        /// Prompt and completion tokens of the poll's requests, when the application exports them.
        var tokens: (prompt: Double, completion: Double)? = nil
    }

    /// Records that `target` serves `model` from `ts` on (a `versions` row).
    func deploy(_ target: String, model: String, at ts: Int64) throws {
        try store.write(StoreBatch(versions: [VersionRecord(target: target, ts: ts, model: model, version: "v1")]))
    }

    /// Writes `polls` at `ts` (milliseconds since the Unix epoch).
    mutating func write(_ polls: [Poll], at ts: Int64) throws {
        var batch = StoreBatch()
        for poll in polls {
            func labels(_ outcome: String) -> String {
                "experiment=\"\(poll.experiment)\",outcome=\"\(outcome)\",variant=\"\(poll.variant)\""
            }
            let success = try store.seriesID(
                for: .counter("llm_prompt_requests_total", target: poll.target, labels: labels("success"))
            )
            let failure = try store.seriesID(
                for: .counter("llm_prompt_requests_total", target: poll.target, labels: labels("failure"))
            )
            batch.counterIncrements += [
                PointRecord(seriesID: success, ts: ts, value: poll.successes),
                PointRecord(seriesID: failure, ts: ts, value: poll.failures),
            ]
            if let tokens = poll.tokens {
                for (direction, count) in [("completion", tokens.completion), ("prompt", tokens.prompt)] {
                    let labels =
                        "direction=\"\(direction)\",experiment=\"\(poll.experiment)\",variant=\"\(poll.variant)\""
                    let id = try store.seriesID(
                        for: .counter("llm_prompt_tokens_total", target: poll.target, labels: labels)
                    )
                    batch.counterIncrements.append(PointRecord(seriesID: id, ts: ts, value: count))
                }
            }
        }
        try store.write(batch)
        now = max(now, ts)
    }

    /// Writes `ticks` polls 5 s apart after the last one, each from `polls(tick)`.
    mutating func run(ticks: Int, _ polls: (Int) -> [Poll]) throws {
        let first = now == start ? start : now + 5_000
        for tick in 0..<ticks { try write(polls(tick), at: first + Int64(tick) * 5_000) }
    }
}
