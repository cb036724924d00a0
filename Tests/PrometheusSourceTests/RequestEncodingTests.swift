import Foundation
import Testing

@testable import PrometheusSource

/// Form bodies, times, steps and the 11,000-point limit, as Prometheus reads them.
struct RequestEncodingTests {
    @Test func formEncodingEscapesEverythingButUnreservedCharacters() {
        let promql = #"sum by (le) (rate(vllm:x_bucket{a="b&c",d=~"é|+"}[1m]))"#
        #expect(
            FormEncoding.encode([(name: "query", value: promql), (name: "match[]", value: "up")])
                == "query=sum+by+%28le%29+%28rate%28vllm%3Ax_bucket%7Ba%3D%22b%26c%22%2Cd%3D%7E%22%C3%A9%7C%2B%22%7D%5B1m%5D%29%29"
                + "&match%5B%5D=up"
        )
        #expect(FormEncoding.escape("a-b_c.d*e") == "a-b_c.d*e")
    }

    @Test func timesAreUnixSecondsWithMilliseconds() {
        #expect(FormEncoding.time(Date(timeIntervalSince1970: 1_700_000_000.1234)) == "1700000000.123")
        #expect(FormEncoding.time(Date(timeIntervalSince1970: 5)) == "5.000")
        #expect(FormEncoding.time(Date(timeIntervalSince1970: -0.5)) == "-0.500")
        #expect(FormEncoding.time(Date(timeIntervalSince1970: -1.5)) == "-1.500")
        #expect(FormEncoding.seconds(15) == "15")
        #expect(FormEncoding.seconds(0.25) == "0.25")
    }

    @Test func rangesOverElevenThousandPointsPerSeriesAreRefused() {
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        // 11,000 steps fit (Prometheus divides the durations and refuses above 11,000).
        #expect(!RangeResolution.exceedsLimit(start: start, end: start + 11_000, step: 1))
        #expect(!RangeResolution.exceedsLimit(start: start, end: start + 11_000.999, step: 1))
        #expect(RangeResolution.exceedsLimit(start: start, end: start + 11_001, step: 1))
        #expect(RangeResolution.exceedsLimit(start: start, end: start + 7 * 86_400, step: 15))
        #expect(!RangeResolution.exceedsLimit(start: start, end: start + 7 * 86_400, step: 60))
    }

    @Test func theSmallestStepThatFitsIsWholeSeconds() {
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        let week = start + 7 * 86_400
        let step = RangeResolution.smallestStep(start: start, end: week)
        #expect(step == 55)
        #expect(!RangeResolution.exceedsLimit(start: start, end: week, step: step))
        #expect(RangeResolution.exceedsLimit(start: start, end: week, step: step - 1))
        #expect(RangeResolution.smallestStep(start: start, end: start + 60) == 1)
    }

    @Test func rangeWindowHoldsAtLeastFourScrapes() {
        #expect(RangeWindow(scrapeInterval: 15).seconds == 60)
        #expect(RangeWindow(scrapeInterval: 15).promql == "1m")
        #expect(RangeWindow(scrapeInterval: 1).promql == "4s")
        #expect(RangeWindow(scrapeInterval: 2.5).promql == "10s")
        #expect(RangeWindow(scrapeInterval: 15, queryInterval: 60).promql == "75s")
        #expect(RangeWindow(scrapeInterval: 900).promql == "1h")
        #expect(RangeWindow(scrapeInterval: .nan).promql == "4m")
        for scrape in [0.5, 1, 7, 10, 30, 60] {
            #expect(Double(RangeWindow(scrapeInterval: scrape).seconds) >= 4 * scrape)
        }
    }
}
