import Exposition
import Foundation
import TestSupport
import Testing

@testable import Collector

/// The shared reusable parsers give exactly what a one-shot parse gives, whichever target's page
/// they parsed before.
struct ParserPoolTests {
    @Test func everyFixtureParsesAsTheOneShotParserDoesInAnyOrderAndFromManyThreads() async throws {
        let names = ["vllm_metrics.prom", "tgi_metrics.prom", "llamacpp_metrics.prom", "triton_metrics.prom"]
        let pages = try names.map { try [UInt8](TestPaths.fixture($0)) }
        // Families are compared by their full description (every name, label, value and line).
        let expected = try pages.map { String(describing: try ExpositionParser.parse($0, format: .prometheusText)) }
        let pool = ParserPool(capacity: 2, cachedBytes: 64 << 10)
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var mismatches = 0
                    for round in 0..<20 {
                        let page = (worker + round) % pages.count
                        let families = try? pool.parse(pages[page], format: .prometheusText)
                        if families.map({ String(describing: $0) }) != expected[page] { mismatches += 1 }
                    }
                    return mismatches
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
    }

    @Test func aBrokenPageThrowsTheOneShotParsersError() {
        let page = Array("# TYPE x counter\nx{a=\"1\" 2\n".utf8)
        let pool = ParserPool(capacity: 1, cachedBytes: 1 << 20)
        #expect(throws: (any Error).self) { try pool.parse(page, format: .prometheusText) }
        let oneShot = String(describing: (try? ExpositionParser.parse(page, format: .prometheusText)) as Any)
        var pooled = ""
        do { _ = try pool.parse(page, format: .prometheusText) } catch { pooled = "\(error)" }
        var direct = ""
        do { _ = try ExpositionParser.parse(page, format: .prometheusText) } catch { direct = "\(error)" }
        #expect(oneShot == "nil")
        #expect(!pooled.isEmpty && pooled == direct)
    }
}
