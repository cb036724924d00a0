import Analysis
import Config
import Store
import StoreTestSupport
import Testing

@testable import Fleet

/// `:baseline pin` moves a deployment's drift baseline to the window ending at the pin;
/// `:baseline reset` returns it to the default (no deploy here: the 24 hours before the current
/// window).
struct DriftBaselinePinTests {
    @Test func aPinEndsTheBaselineWindowAndAResetUndoesIt() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let span = try FleetStatusTests.fill(store, seed: 7)
        let targets = try store.targets()
        let name = try #require(targets.first?.name)
        let config = DriftConfig(window: 600, minimumCount: 1)
        var watch = DriftWatch()
        func baselineEnd(at now: Int64) throws -> Int64? {
            try watch.refresh(targets, deploys: DeployTimes(), config: config, now: now, store: store)
            return watch.detail(of: name)?.baselineWindow.upperBound
        }
        #expect(
            try baselineEnd(at: span.end) == span.end - 600_000,
            "the default: ends where the current window starts"
        )
        let pin = span.end - 1_800_000
        try AlertLedger(store: store).pinBaseline(name, actor: "ana", at: pin)
        #expect(try baselineEnd(at: span.end + 60_000) == pin)
        try AlertLedger(store: store).pinBaseline(name, pinned: false, actor: "ana", at: span.end + 90_000)
        #expect(try baselineEnd(at: span.end + 120_000) == span.end + 120_000 - 600_000)
    }
}
