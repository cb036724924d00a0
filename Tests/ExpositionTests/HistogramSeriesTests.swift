import Testing

@testable import Exposition

/// `histogramSeries()` groups classic histograms whatever the line order.
struct HistogramSeriesTests {
    @Test func groupsByLabelSetAndSortsBoundsNumerically() throws {
        let text = """
            # TYPE lat histogram
            lat_count{model="b"} 4
            lat_sum{model="b"} 2.5
            lat_bucket{model="b",le="+Inf"} 4
            lat_bucket{model="b",le="10"} 3
            lat_bucket{model="b",le="2.5"} 1
            lat_bucket{le="0.5",model="a"} 0
            lat_bucket{le="1e+06",model="a"} 2
            lat_bucket{le="+Inf",model="a"} 2

            """
        let family = try #require(try ExpositionParser.parse(text, format: .prometheusText).first)
        let series = family.histogramSeries()
        #expect(series.map(\.labels) == [[Label(name: "model", value: "b")], [Label(name: "model", value: "a")]])
        #expect(series[0].upperBounds == [2.5, 10, .infinity])
        #expect(series[0].cumulativeCounts == [1, 3, 4])
        #expect(series[0].count == 4)
        #expect(series[0].sum == 2.5)
        #expect(series[1].upperBounds == [0.5, 1_000_000, .infinity])
        #expect(series[1].cumulativeCounts == [0, 2, 2])
        #expect(series[1].count == nil)
        #expect(series[1].sum == nil)
    }

    @Test func labelsAreSortedByNameWithoutLe() throws {
        let text = "# TYPE h histogram\nh_bucket{z=\"1\",le=\"1\",a=\"2\"} 1\nh_bucket{z=\"1\",le=\"+Inf\",a=\"2\"} 1\n"
        let family = try #require(try ExpositionParser.parse(text, format: .prometheusText).first)
        let series = try #require(family.histogramSeries().first)
        #expect(series.labels == [Label(name: "a", value: "2"), Label(name: "z", value: "1")])
        #expect(series.upperBounds == [1, .infinity])
    }

    @Test func gaugeHistogramUsesGcountAndGsum() throws {
        let text = """
            # TYPE q gaugehistogram
            q_bucket{le="1.0"} 2
            q_bucket{le="+Inf"} 3
            q_gcount 3
            q_gsum 2
            # EOF
            """
        let family = try #require(try ExpositionParser.parse(text, format: .openMetrics).first)
        let series = try #require(family.histogramSeries().first)
        #expect(series.cumulativeCounts == [2, 3])
        #expect(series.count == 3)
        #expect(series.sum == 2)
    }

    @Test func nonHistogramFamilyHasNoSeries() throws {
        let family = try #require(try ExpositionParser.parse("g 1\n", format: .prometheusText).first)
        #expect(family.histogramSeries().isEmpty)
    }
}
