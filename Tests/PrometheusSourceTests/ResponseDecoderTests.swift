import Testing

@testable import PrometheusSource

/// The query API's envelope read exactly as `web/api/v1/api.go` writes it (serving-metrics.md §9).
struct ResponseDecoderTests {
    let context = RequestContext(url: "http://prometheus:9090/api/v1/query", query: "up")

    func decode(
        _ json: String,
        status: Int = 200,
        contentType: String? = "application/json"
    ) throws(PrometheusError) -> PrometheusResponse<QueryResult> {
        try ResponseDecoder.queryResult(
            status: status,
            contentType: contentType,
            body: Array(json.utf8),
            context: context
        )
    }

    func failure(_ json: String, status: Int, contentType: String? = "application/json") -> PrometheusError? {
        do {
            _ = try decode(json, status: status, contentType: contentType)
            return nil
        } catch {
            return error
        }
    }

    @Test func decodesAVectorWithItsLabelsAndValues() throws {
        let response = try decode(
            #"""
            {"status":"success","data":{"resultType":"vector","result":[
              {"metric":{"deployment":"chat-prod","env":"production"},"value":[1700000000.123,"4.5"]},
              {"metric":{"deployment":"code-canary"},"value":[1700000000.123,"1e+06"]}]}}
            """#
        )
        let series = response.value.instantSeries
        #expect(series.count == 2)
        #expect(series[0].labels == ["deployment": "chat-prod", "env": "production"])
        #expect(series[0].sample == PrometheusSample(timestamp: 1_700_000_000.123, value: 4.5))
        #expect(series[1].sample.value == 1_000_000)
        #expect(response.warnings.isEmpty)
        #expect(response.warningSummary == nil)
    }

    @Test func decodesAMatrixKeepingItsGaps() throws {
        let response = try decode(
            #"""
            {"status":"success","data":{"resultType":"matrix","result":[
              {"metric":{"deployment":"a"},"values":[[1700000000,"1"],[1700000030,"2"]]},
              {"metric":{"deployment":"b"},"values":[[1700000015,"3"]]}]}}
            """#
        )
        let series = response.value.rangeSeries
        #expect(series.count == 2)
        #expect(series[0].samples.map(\.timestamp) == [1_700_000_000, 1_700_000_030])
        #expect(series[0].samples.map(\.value) == [1, 2])
        #expect(series[1].samples == [PrometheusSample(timestamp: 1_700_000_015, value: 3)])
        #expect(response.value.instantSeries.isEmpty)
    }

    @Test func decodesScalarAndStringResults() throws {
        let scalar = try decode(#"{"status":"success","data":{"resultType":"scalar","result":[1700000000.5,"42"]}}"#)
        #expect(scalar.value == .scalar(PrometheusSample(timestamp: 1_700_000_000.5, value: 42)))
        #expect(
            scalar.value.instantSeries == [
                InstantSeries(labels: [:], sample: .init(timestamp: 1_700_000_000.5, value: 42))
            ]
        )
        let string = try decode(#"{"status":"success","data":{"resultType":"string","result":[1700000000,"hello"]}}"#)
        #expect(string.value == .string(timestamp: 1_700_000_000, value: "hello"))
    }

    @Test func sampleValuesKeepNaNAndInfinities() throws {
        let response = try decode(
            #"""
            {"status":"success","data":{"resultType":"vector","result":[
              {"metric":{"d":"a"},"value":[1,"NaN"]},{"metric":{"d":"b"},"value":[1,"+Inf"]},
              {"metric":{"d":"c"},"value":[1,"-Inf"]},{"metric":{"d":"d"},"value":[1,"-0.25"]}]}}
            """#
        )
        let values = response.value.instantSeries.map(\.sample.value)
        #expect(values[0].isNaN)
        #expect(values[1] == .infinity)
        #expect(values[2] == -.infinity)
        #expect(values[3] == -0.25)
    }

    @Test func nativeHistogramSamplesAreSkippedAndCounted() throws {
        let response = try decode(
            #"""
            {"status":"success","data":{"resultType":"vector","result":[
              {"metric":{"d":"a"},"histogram":[1,{"count":"3","sum":"1.5","buckets":[]}]},
              {"metric":{"d":"b"},"value":[1,"2"]}]}}
            """#
        )
        #expect(response.value.instantSeries.map(\.labels) == [["d": "b"]])
        #expect(response.skippedNativeHistograms == 1)
    }

    @Test func warningsAndInfosAccompanyASuccess() throws {
        let response = try decode(
            #"""
            {"status":"success","data":{"resultType":"vector","result":[]},
             "warnings":["store eu-1 did not answer: partial response"],
             "infos":["PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \"tgi_request_success\""]}
            """#
        )
        #expect(response.warnings == ["store eu-1 did not answer: partial response"])
        #expect(response.infos.count == 1)
        #expect(response.isPossiblyPartial)
        #expect(
            response.warningSummary
                == "Prometheus warned (figures may be partial): store eu-1 did not answer: partial response"
        )
    }

    @Test func badDataNamesTheQueryAndPrometheusMessage() throws {
        let error = try #require(
            failure(
                #"{"status":"error","errorType":"bad_data","error":"1:5: parse error: unclosed left parenthesis"}"#,
                status: 400
            )
        )
        #expect(error.kind == .badData)
        #expect(error.status == 400)
        #expect(error.errorType == "bad_data")
        #expect(error.query == "up")
        #expect(error.serverMessage == "1:5: parse error: unclosed left parenthesis")
        #expect(error.message.contains("http://prometheus:9090/api/v1/query"))
        #expect(error.message.contains("`up`"))
        #expect(error.message.contains("1:5: parse error: unclosed left parenthesis"))
    }

    @Test func otherErrorTypesReportTheHTTPStatusAndMessage() throws {
        let error = try #require(
            failure(
                #"{"status":"error","errorType":"execution","error":"many-to-many matching not allowed"}"#,
                status: 422
            )
        )
        #expect(error.kind == .httpStatus)
        #expect(error.status == 422)
        #expect(error.message.contains("HTTP 422 (execution)"))
        #expect(error.message.contains("many-to-many matching not allowed"))
    }

    @Test func prometheusTimeoutIsATimeout() throws {
        let error = try #require(
            failure(
                #"{"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"}"#,
                status: 503
            )
        )
        #expect(error.kind == .timeout)
        #expect(error.message.contains("query timed out in expression evaluation"))
        #expect(error.message.contains("raise the source's timeout"))
    }

    @Test func theServersPointLimitSuggestsALargerStep() throws {
        let error = try #require(
            failure(
                #"{"status":"error","errorType":"bad_data","error":"exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)"}"#,
                status: 400
            )
        )
        #expect(error.kind == .tooManyPoints)
        #expect(error.message.contains("Use a larger step"))
        #expect(error.message.contains("11,000"))
    }

    @Test func anHTMLLoginPageIsNamedAsSuch() throws {
        let page = """
            <!DOCTYPE html>
            <html><head><title>Sign in · Example SSO</title></head><body><form>…</form></body></html>
            """
        let error = try #require(failure(page, status: 200, contentType: "text/html; charset=utf-8"))
        #expect(error.kind == .notJSON)
        #expect(error.status == 200)
        #expect(error.message.contains("an HTML page titled \"Sign in · Example SSO\""))
        #expect(error.message.contains("login page"))
        let unauthorized = try #require(failure(page, status: 401, contentType: "text/html"))
        #expect(unauthorized.message.contains("HTTP 401"))
        #expect(unauthorized.message.contains("bearer token"))
    }

    @Test func plainTextAndEmptyBodiesAreNotJSON() throws {
        let text = try #require(failure("404 page not found\n", status: 404, contentType: "text/plain"))
        #expect(text.kind == .notJSON)
        #expect(text.message.contains("\"404 page not found\""))
        #expect(text.message.contains("without /api/v1"))
        let empty = try #require(failure("", status: 502, contentType: nil))
        #expect(empty.kind == .notJSON)
        #expect(empty.message.contains("an empty body"))
    }

    @Test func jsonOfAnotherShapeIsMalformed() throws {
        let other = try #require(failure(#"{"data":[1,2,3]}"#, status: 200))
        #expect(other.kind == .malformedResponse)
        let badValue = try #require(
            failure(
                #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"x"]}]}}"#,
                status: 200
            )
        )
        #expect(badValue.kind == .malformedResponse)
        let proxy = try #require(failure(#"{"message":"Forbidden"}"#, status: 403))
        #expect(proxy.kind == .httpStatus)
        #expect(proxy.message.contains("Forbidden"))
    }

    @Test func seriesAndLabelValuesDecode() throws {
        let series = try ResponseDecoder.labelSets(
            status: 200,
            contentType: "application/json",
            body: Array(#"{"status":"success","data":[{"__name__":"up","job":"vllm","deployment":"a"}]}"#.utf8),
            context: context
        )
        #expect(series.value == [["__name__": "up", "job": "vllm", "deployment": "a"]])
        let values = try ResponseDecoder.strings(
            status: 200,
            contentType: "application/json",
            body: Array(#"{"status":"success","data":["a","b"]}"#.utf8),
            context: context
        )
        #expect(values.value == ["a", "b"])
    }
}
