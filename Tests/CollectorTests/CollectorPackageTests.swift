import Testing
import TestSupport

@testable import Collector

struct CollectorPackageTests {
    @Test func fixturesAreReachable() throws {
        let data = try TestPaths.fixture("vllm_metrics.prom")
        #expect(!data.isEmpty)
    }
}
