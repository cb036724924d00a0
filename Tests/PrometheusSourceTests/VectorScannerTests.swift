import Foundation
import Testing

@testable import PrometheusSource

/// The fast path for a fleet's answers reads exactly what the general decoder reads, and leaves every
/// other shape to it.
struct VectorScannerTests {
    /// A JSON string literal of `text`, as Prometheus' encoder would write it.
    func quoted(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.fragmentsAllowed])) ?? Data()
        let array = String(decoding: data, as: UTF8.self)
        return String(array.dropFirst().dropLast())
    }

    func vector(_ series: [([String: String], Double, String)], time: String = "1700000000.123") -> String {
        let items = series.map { labels, _, value in
            let metric = labels.sorted { $0.key < $1.key }.map { "\(quoted($0.key)):\(quoted($0.value))" }
            return #"{"metric":{"# + metric.joined(separator: ",") + #"},"value":["# + time + ",\(quoted(value))]}"
        }
        return #"{"status":"success","data":{"resultType":"vector","result":["# + items.joined(separator: ",") + "]}}"
    }

    @Test func readsRowsLabelsAndValuesAsWritten() throws {
        let text = vector([
            (["__name__": "vllm:e2e_request_latency_seconds_bucket", "deployment": "chat", "le": "+Inf"], 0, "1234"),
            (["deployment": "chat"], 0, "NaN"),
            (["deployment": "code"], 0, "-Inf"),
            ([:], 0, "0.25"),
        ])
        let series = try #require(VectorScanner.vector(Array(text.utf8)))
        #expect(series.count == 4)
        #expect(
            series[0].labels == [
                "__name__": "vllm:e2e_request_latency_seconds_bucket", "deployment": "chat", "le": "+Inf",
            ]
        )
        #expect(series[0].sample == PrometheusSample(timestamp: 1_700_000_000.123, value: 1234))
        #expect(series[1].sample.value.isNaN)
        #expect(series[2].sample.value == -.infinity)
        #expect(series[3].labels.isEmpty && series[3].sample.value == 0.25)
    }

    @Test func escapedAndHostileLabelValuesComeThroughIntact() throws {
        let hostile = ["a\"quote", "back\\slash", "new\nline", "tab\tand\u{7}bell", "é and 😀", "\u{1B}[2J", "/slash"]
        let text = vector(hostile.enumerated().map { (["deployment": $1, "n": "\($0)"], 0, "1") })
        let series = try #require(VectorScanner.vector(Array(text.utf8)))
        #expect(series.map { $0.labels["deployment"] } == hostile)
        // As the general decoder reads the same bytes.
        let general = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        let rows = (general?["data"] as? [String: Any])?["result"] as? [[String: Any]]
        #expect(rows?.map { ($0["metric"] as? [String: String])?["deployment"] } == hostile)
    }

    @Test func whitespaceBetweenTokensAndAnEmptyResultAreRead() throws {
        let pretty = """
            {
              "status" : "success",
              "data" : { "resultType" : "vector", "result" : [
                { "metric" : { "deployment" : "chat" }, "value" : [ 1700000000 , "7" ] }
              ] }
            }

            """
        #expect(try #require(VectorScanner.vector(Array(pretty.utf8))).first?.sample.value == 7)
        let empty = #"{"status":"success","data":{"resultType":"vector","result":[]}}"#
        #expect(VectorScanner.vector(Array(empty.utf8))?.isEmpty == true)
    }

    @Test func everyOtherShapeIsLeftToTheGeneralDecoder() {
        let refused = [
            #"{"status":"success","data":{"resultType":"vector","result":[]},"warnings":["partial response"]}"#,
            #"{"status":"success","data":{"resultType":"vector","result":[]},"infos":["metric might not be a counter"]}"#,
            #"{"status":"error","errorType":"bad_data","error":"parse error"}"#,
            #"{"status":"success","data":{"resultType":"matrix","result":[]}}"#,
            #"{"status":"success","data":{"resultType":"scalar","result":[1,"2"]}}"#,
            #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"histogram":[1,{}]}]}}"#,
            #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"2"]}]}} trailing"#,
            #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"2"]}"#,
            #"{"data":{"resultType":"vector","result":[]},"status":"success"}"#,
            #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":"b"},"value":[1,"x"]}]}}"#,
            "<html><title>Sign in</title></html>",
            "",
        ]
        for text in refused {
            #expect(VectorScanner.vector(Array(text.utf8)) == nil, "\(text)")
        }
    }

    @Test func aFleetsHistogramAnswerMatchesTheGeneralDecoder() throws {
        var rows: [([String: String], Double, String)] = []
        for deployment in 0..<300 {
            for le in ["0.1", "0.5", "1", "2.5", "+Inf"] {
                rows.append(
                    (
                        [
                            "__name__": "vllm:e2e_request_latency_seconds_bucket", "deployment": "dep-\(deployment)",
                            "le": le,
                        ],
                        0, "\(deployment * 7 + le.count)"
                    )
                )
            }
        }
        let text = vector(rows)
        let fast = try #require(VectorScanner.vector(Array(text.utf8)))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let general = try #require((document["data"] as? [String: Any])?["result"] as? [[String: Any]])
        #expect(fast.count == general.count)
        for (row, expected) in zip(fast, general) {
            #expect(row.labels == expected["metric"] as? [String: String])
            #expect("\(Int(row.sample.value))" == (expected["value"] as? [Any])?.last as? String)
        }
    }
}
