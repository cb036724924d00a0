import Testing
import TestSupport

@testable import Simulator

struct SimulatorPackageTests {
    @Test func fixturesAreReachable() throws {
        let data = try TestPaths.fixture("vllm_metrics.prom")
        #expect(!data.isEmpty)
    }
}
