import Glibc
import HTTP
import Synchronization
import Testing

@testable import HTTP

/// Timers on the client's threads: what a poller schedules its polls with.
struct ScheduledWorkTests {
    /// Records the order work ran in and the thread each piece ran on.
    final class Trace: Sendable {
        private let entries = Mutex<[(label: String, thread: UInt)]>([])

        func add(_ label: String) {
            entries.withLock { $0.append((label, UInt(bitPattern: Int(pthread_self())))) }
        }

        var labels: [String] { entries.withLock { $0.map(\.label) } }
        var threads: Set<UInt> { entries.withLock { Set($0.map(\.thread)) } }
    }

    @Test func workRunsInDeadlineOrderOnTheThreadWhereTheServersRequestsComplete() async throws {
        let server = try await FixtureServer.start()
        let client = HTTPClient(eventLoops: 4)
        defer { client.shutdown() }
        let url = server.baseURL + "/metrics"
        let trace = Trace()
        let done = AsyncSignal()
        client.schedule(after: .milliseconds(60), near: url) {
            trace.add("third")
            client.send(all: [HTTPRequest(url: url)]) { outcomes in
                trace.add(outcomes.count == 1 && (try? outcomes[0].get().status) == 200 ? "answered" : "failed")
                done.fire()
            }
        }
        client.schedule(after: .milliseconds(10), near: url) { trace.add("first") }
        client.schedule(after: .milliseconds(30), near: url) { trace.add("second") }
        await done.wait()
        await server.stop()
        #expect(trace.labels == ["first", "second", "third", "answered"])
        #expect(trace.threads.count == 1)
        #expect(!trace.threads.contains(UInt(bitPattern: Int(pthread_self()))))
    }

    @Test func workStillWaitingAtShutdownNeverRuns() async throws {
        let client = HTTPClient()
        let ran = Mutex(false)
        let accepted = client.schedule(after: .seconds(30), near: "http://127.0.0.1:9/") { ran.withLock { $0 = true } }
        client.shutdown()
        let acceptedAfterShutdown = client.schedule(after: .zero, near: "http://127.0.0.1:9/") {
            ran.withLock { $0 = true }
        }
        #expect(accepted)
        #expect(!acceptedAfterShutdown)
        #expect(ran.withLock { $0 } == false)
    }

    @Test func sendingNothingCompletesAtOnce() {
        let client = HTTPClient()
        defer { client.shutdown() }
        let outcomes = Mutex<Int?>(nil)
        client.send(all: []) { results in outcomes.withLock { $0 = results.count } }
        #expect(outcomes.withLock { $0 } == 0)
    }

    @Test func equalDeadlinesRunInTheOrderTheyWereSet() {
        var queue = TimerQueue()
        let order = Mutex<[Int]>([])
        for label in [5, 1, 4, 2, 3] {
            queue.insert(deadline: label == 5 ? 200 : 100) { order.withLock { $0.append(label) } }
        }
        #expect(queue.popDue(now: 99) == nil)
        while let due = queue.popDue(now: 150) { due.work() }
        #expect(order.withLock { $0 } == [1, 4, 2, 3])
        #expect(queue.nextDeadline == 200)
        while let due = queue.popDue(now: 200) { due.work() }
        #expect(order.withLock { $0 } == [1, 4, 2, 3, 5])
        #expect(queue.isEmpty)
    }
}
