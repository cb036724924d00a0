import Fleet
import Glibc
import Testing
import Vocabulary

@testable import Console

/// The feed's ready descriptor: what lets the UI sleep until data instead of polling.
struct DataFeedTests {
    @Test func readyDescriptorIsReadableFromASnapshotUntilItIsTaken() throws {
        let feed = DataFeed(request: ReadRequest(interval: 60)) { _ in
            FleetSnapshot(
                takenAt: 1,
                deployments: [DeploymentStatus(name: "vllm-a", kind: "vllm", environment: "production")]
            )
        }
        let descriptor = try #require(feed.readyDescriptor)
        var watch = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        #expect(poll(&watch, 1, 0) == 0)
        feed.start()
        defer { feed.stop() }
        // The first read starts at once; 30 s only bounds a broken feed.
        #expect(poll(&watch, 1, 30_000) == 1)
        #expect(feed.hasSnapshot)
        #expect(feed.take()?.deployments.map(\.name) == ["vllm-a"])
        // Taken: nothing is pending, and the next read is a minute away.
        watch.revents = 0
        #expect(poll(&watch, 1, 0) == 0)
        #expect(!feed.hasSnapshot)
        #expect(feed.take() == nil)
    }
}
