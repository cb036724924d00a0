import Testing
import TestSupport

@testable import Analysis

struct AnalysisPackageTests {
    @Test func fixturesAreReachable() throws {
        let data = try TestPaths.fixture("vllm_metrics.prom")
        #expect(!data.isEmpty)
    }
}
