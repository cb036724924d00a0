import Testing
import TestSupport

@testable import Config

struct ConfigPackageTests {
    @Test func fixturesAreReachable() throws {
        let data = try TestPaths.fixture("vllm_metrics.prom")
        #expect(!data.isEmpty)
    }
}
