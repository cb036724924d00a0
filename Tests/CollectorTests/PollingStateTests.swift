import Synchronization
import Testing

@testable import Collector

/// `ScrapeSource.run` returns only once the polls running at cancellation have delivered.
struct PollingStateTests {
    @Test func stopWaitsForRunningPollsAndRefusesNewOnes() async {
        let state = PollingState()
        #expect(state.begin())
        #expect(state.begin())
        let returned = Mutex(false)
        let waiter = Task {
            await state.waitUntilStopped()
            returned.withLock { $0 = true }
        }
        state.stop()
        #expect(!state.begin())
        #expect(!state.finish())  // one still running: the waiter keeps waiting
        #expect(returned.withLock { $0 } == false)
        #expect(!state.finish())
        await waiter.value
        #expect(returned.withLock { $0 })
    }

    @Test func pollsGoOnUntilStopped() async {
        let state = PollingState()
        #expect(state.begin())
        #expect(state.finish())
        state.stop()
        await state.waitUntilStopped()  // nothing running: returns at once
        #expect(!state.begin())
    }

    @Test func cancellingASourceWithNothingRunningReturns() async {
        let source = ScrapeSource(targets: [], scraper: TargetScraper(client: .init()))
        let task = Task { await source.run { _ in } }
        task.cancel()
        await task.value
        #expect(source.statistics.totalPolls == 0)
    }
}
