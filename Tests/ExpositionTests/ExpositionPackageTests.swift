import Testing
import TestSupport

@testable import Exposition

struct ExpositionPackageTests {
    @Test func fixturesAreReachable() throws {
        let data = try TestPaths.fixture("vllm_metrics.prom")
        #expect(!data.isEmpty)
    }
}
