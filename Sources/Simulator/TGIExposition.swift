/// TGI's `/metrics` as `metrics-exporter-prometheus` renders it: no `_total`, integer counters, shortest
/// round-trip `le` bounds, a blank line after every family, families in hash-map order, and a family only
/// once something was recorded in it.
enum TGIExposition {
    static let contentType = "text/plain; charset=utf-8"

    /// `scrape` numbers the page; the family order is shuffled from it, as a Rust `HashMap` would vary.
    static func render(_ model: ServerModel, scrape: UInt64) -> String {
        let metrics = model.metrics
        let load = model.runningAndWaiting
        var families: [String] = []
        func add(_ build: (inout ExpositionWriter) -> Void) {
            var writer = ExpositionWriter(style: .rustExporter, capacity: 4096)
            build(&writer)
            if !writer.text.isEmpty {
                families.append(writer.text)
            }
        }
        let requests = metrics.requestsTotal
        if requests > 0 {
            add { counter(&$0, "tgi_request_count", "Total number of requests", [([], requests)]) }
        }
        if metrics.successTotal > 0 {
            add { counter(&$0, "tgi_request_success", "Number of successful requests", [([], metrics.successTotal)]) }
        }
        let failures = ["validation", "overloaded", "generation"].compactMap { error in
            metrics.tgiFailures[error].map { ([("err", error)], $0) }
        }
        if !failures.isEmpty {
            add { counter(&$0, "tgi_request_failure", nil, failures) }
        }
        if metrics.tgiPrefillCalls > 0 {
            let calls = [
                ([("method", "prefill")], metrics.tgiPrefillCalls), ([("method", "decode")], metrics.tgiDecodeCalls),
            ]
            add { counter(&$0, "tgi_batch_inference_count", "Inference calls per method (prefill or decode)", calls) }
            add {
                counter(&$0, "tgi_batch_inference_success", "Number of successful inference calls per method", calls)
            }
        }
        let running = Double(load.running)
        add { gauge(&$0, "tgi_queue_size", "Current queue size", Double(load.waiting)) }
        add { gauge(&$0, "tgi_batch_current_size", "Current batch size", running) }
        add {
            gauge(
                &$0,
                "tgi_batch_current_max_tokens",
                "Maximum tokens for the current batch",
                (model.kvCacheUsage * 65_536).rounded()
            )
        }
        let histograms: [(String, String, BucketedHistogram)] = [
            ("tgi_request_duration", "Request duration", metrics.tgiDuration),
            ("tgi_request_validation_duration", "Request validation duration", metrics.tgiValidation),
            ("tgi_request_queue_duration", "Request queue duration", metrics.tgiQueue),
            ("tgi_request_inference_duration", "Request inference duration", metrics.tgiInference),
            ("tgi_request_mean_time_per_token_duration", "Mean time per token per request", metrics.tgiTimePerToken),
            ("tgi_request_input_length", "Input token length per request", metrics.tgiInputLength),
            ("tgi_request_generated_tokens", "Generated tokens per request", metrics.tgiGeneratedTokens),
            ("tgi_batch_next_size", "Batch size of the next batch", metrics.tgiBatchNextSize),
        ]
        for (name, help, histogram) in histograms where histogram.count > 0 {
            add { histogramFamily(&$0, name, help, histogram) }
        }
        var random = SeededGenerator(seed: scrape, stream: UInt64(model.identity.index) + 7)
        families.shuffle(using: &random)
        return families.joined()
    }

    private static func counter(
        _ writer: inout ExpositionWriter,
        _ name: String,
        _ help: String?,
        _ series: [([(String, String)], Double)]
    ) {
        writer.family(name, type: "counter", help: help)
        for (labels, value) in series {
            writer.sample(name, labels, value, integer: true)
        }
        writer.endFamily()
    }

    private static func gauge(_ writer: inout ExpositionWriter, _ name: String, _ help: String, _ value: Double) {
        writer.family(name, type: "gauge", help: help)
        writer.sample(name, [], value)
        writer.endFamily()
    }

    /// Buckets, `_sum`, `_count`: the Rust exporter's order.
    private static func histogramFamily(
        _ writer: inout ExpositionWriter,
        _ name: String,
        _ help: String,
        _ histogram: BucketedHistogram
    ) {
        writer.family(name, type: "histogram", help: help)
        writer.buckets(name, [], histogram)
        writer.sample(name + "_sum", [], histogram.sum)
        writer.sample(name + "_count", [], histogram.count, integer: true)
        writer.endFamily()
    }
}
