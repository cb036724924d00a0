import Analysis
import Foundation
import Store

/// What the evaluator saves per alert in the store: the state machine's state and what a reader
/// needs besides it to show the alert (the drift comparison behind a drift alert).
struct AlertSnapshot: Codable, Equatable {
    var state: AlertState
    var drift: DriftDetail?

    func stored(at time: Int64) -> StoredAlert? {
        guard let data = try? JSONEncoder().encode(self) else { return nil }
        return StoredAlert(
            ruleID: state.ruleID,
            deployment: state.deployment,
            phase: state.phase.rawValue,
            updatedAt: time,
            state: data
        )
    }

    /// The snapshot in `stored`; nil when it does not decode (written by another version).
    init?(_ stored: StoredAlert) {
        guard let decoded = try? JSONDecoder().decode(Self.self, from: stored.state) else { return nil }
        self = decoded
    }

    init(state: AlertState, drift: DriftDetail? = nil) {
        self.state = state
        self.drift = drift
    }
}
