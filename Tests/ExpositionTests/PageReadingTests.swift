import TestSupport
import Testing

@testable import Exposition

/// `PageReading` finds each sample's value by skipping the name and the label block eight bytes
/// at a time; a brace, quote or backslash at any offset must still be seen.
struct PageReadingTests {
    @Test func valuesAreFoundWhereverBracesQuotesAndEscapesFall() throws {
        for pad in 0..<16 {
            let filler = String(repeating: "x", count: pad)
            let page = """
                # TYPE metric_\(filler)_total counter
                metric_\(filler)_total{path="/a}b\(filler)",q="say \\"hi\\" \(filler)\\\\"} 41
                metric_\(filler)_total{path="\(filler)"} 42.5
                metric_\(filler)_total 43

                """
            let reading = try #require(PageReading.read(Array(page.utf8)))
            #expect(reading.values == [41, 42.5, 43], "padding \(pad)")
            #expect(reading.sampleLines == [2, 3, 4])
            let changed = page.replacingOccurrences(of: "} 41", with: "} 7")
            let other = try #require(PageReading.read(Array(changed.utf8)))
            #expect(other.hasLayout(of: reading), "padding \(pad): only a value changed")
            #expect(other.values.first == 7)
        }
    }

    @Test func aLabelBlockThatNeverClosesIsNotRead() {
        let page = #"metric{path="a} 1"# + "\n"
        #expect(PageReading.read(Array(page.utf8)) == nil)
    }

    @Test func readingWithoutLinesGivesTheSameBlocksAndValues() throws {
        let page = Array(try TestPaths.fixture("tgi_metrics.prom"))
        let full = try #require(PageReading.read(page))
        let lean = try #require(PageReading.read(page, withLines: false))
        #expect(lean.blocks == full.blocks)
        #expect(lean.values == full.values)
        #expect(lean.sampleLines.isEmpty)
        #expect(full.sampleLines.count == full.values.count)
    }
}
