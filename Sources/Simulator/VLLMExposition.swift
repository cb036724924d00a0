/// vLLM's `/metrics` as `prometheus_client` renders it in single-process mode: sorted labels, Go-style floats,
/// `_total` added to counters, and a `_created` gauge family after every counter and histogram.
enum VLLMExposition {
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    static func render(_ model: ServerModel) -> String {
        var page = Page(writer: ExpositionWriter(style: .prometheusClient), model: model)
        let metrics = model.metrics
        let load = model.runningAndWaiting
        page.gauge("vllm:num_requests_running", "Number of requests in model execution batches.", Double(load.running))
        page.gauge("vllm:num_requests_waiting", "Number of requests waiting to be processed.", Double(load.waiting))
        page.gauge("vllm:kv_cache_usage_perc", "KV-cache usage. 1 means 100 percent usage.", model.kvCacheUsage)
        page.counter(
            "vllm:prefix_cache_queries",
            "Prefix cache queries, in terms of number of queried tokens.",
            [([], metrics.prefixQueries)]
        )
        page.counter(
            "vllm:prefix_cache_hits",
            "Prefix cache hits, in terms of number of cached tokens.",
            [([], metrics.prefixHits)]
        )
        page.counter(
            "vllm:num_preemptions",
            "Cumulative number of preemption from the engine.",
            [([], metrics.preemptions)]
        )
        page.counter("vllm:prompt_tokens", "Number of prefill tokens processed.", [([], metrics.promptTokens)])
        page.counter(
            "vllm:generation_tokens",
            "Number of generation tokens processed.",
            [([], metrics.generationTokens)]
        )
        page.counter(
            "vllm:request_success",
            "Count of successfully processed requests.",
            SimulatedRequest.FinishReason.allCases.map {
                ([("finished_reason", $0.rawValue)], metrics.finished[$0] ?? 0)
            }
        )
        page.histogram("vllm:request_prompt_tokens", "Number of prefill tokens processed.", metrics.promptLength)
        page.histogram(
            "vllm:request_generation_tokens",
            "Number of generation tokens processed.",
            metrics.generationLength
        )
        page.histogram(
            "vllm:iteration_tokens_total",
            "Histogram of number of tokens per engine_step.",
            metrics.iterationTokens
        )
        page.histogram(
            "vllm:time_to_first_token_seconds",
            "Histogram of time to first token in seconds.",
            metrics.firstToken
        )
        page.histogram(
            "vllm:inter_token_latency_seconds",
            "Histogram of inter-token latency in seconds.",
            metrics.interToken
        )
        page.histogram(
            "vllm:request_time_per_output_token_seconds",
            "Histogram of time_per_output_token_seconds per request.",
            metrics.timePerOutputToken
        )
        page.histogram(
            "vllm:e2e_request_latency_seconds",
            "Histogram of e2e request latency in seconds.",
            metrics.endToEnd
        )
        page.histogram(
            "vllm:request_queue_time_seconds",
            "Histogram of time spent in WAITING phase for request.",
            metrics.queue
        )
        page.histogram(
            "vllm:request_inference_time_seconds",
            "Histogram of time spent in RUNNING phase for request.",
            metrics.inference
        )
        page.histogram(
            "vllm:request_prefill_time_seconds",
            "Histogram of time spent in PREFILL phase for request.",
            metrics.prefill
        )
        page.histogram(
            "vllm:request_decode_time_seconds",
            "Histogram of time spent in DECODE phase for request.",
            metrics.decode
        )
        renderExperiment(&page, metrics)
        return page.writer.text
    }

    /// The prompt A/B experiment: `llm_prompt_requests_total{experiment,outcome,variant}` and
    /// `llm_prompt_latency_seconds{experiment,variant}`, from the application's own `prometheus_client`.
    private static func renderExperiment(_ page: inout Page, _ metrics: ServerMetrics) {
        var requestSeries: [([(String, String)], Double)] = []
        for (index, name) in ServerModel.variantNames.enumerated() {
            let totals = metrics.variants[index]
            let labels = [("experiment", ServerModel.experimentName), ("variant", name)]
            requestSeries.append((labels + [("outcome", "success")], totals.success))
            requestSeries.append((labels + [("outcome", "error")], totals.error))
        }
        page.counter(
            "llm_prompt_requests",
            "Requests served per prompt variant and outcome.",
            requestSeries,
            engineLabels: false
        )
        page.writer.family(
            "llm_prompt_latency_seconds",
            type: "histogram",
            help: "End-to-end latency per prompt variant in seconds."
        )
        for (index, name) in ServerModel.variantNames.enumerated() {
            let labels = [("experiment", ServerModel.experimentName), ("variant", name)]
            page.histogramSamples("llm_prompt_latency_seconds", labels, metrics.variants[index].latency)
        }
        page.writer.family(
            "llm_prompt_latency_seconds_created",
            type: "gauge",
            help: "End-to-end latency per prompt variant in seconds."
        )
        for name in ServerModel.variantNames {
            let labels = [("experiment", ServerModel.experimentName), ("variant", name)]
            page.writer.sample("llm_prompt_latency_seconds_created", labels, page.nextCreated())
        }
    }

    /// Page state: the writer, the engine labels and the `_created` clock.
    private struct Page {
        var writer: ExpositionWriter
        let engineLabels: [(String, String)]
        let created: Double
        var createdStep = 0

        init(writer: ExpositionWriter, model: ServerModel) {
            self.writer = writer
            engineLabels = [("engine", "0"), ("model_name", model.servedModel)]
            created = model.metrics.createdUnix
        }

        /// `_created` values: the counters' start time, a few microseconds apart like real registrations.
        mutating func nextCreated() -> Double {
            createdStep += 1
            return created + Double(createdStep) * 0.000_011_3
        }

        mutating func gauge(_ name: String, _ help: String, _ value: Double) {
            writer.family(name, type: "gauge", help: help)
            writer.sample(name, engineLabels, value)
        }

        mutating func counter(
            _ base: String,
            _ help: String,
            _ series: [([(String, String)], Double)],
            engineLabels includeEngine: Bool = true
        ) {
            let common = includeEngine ? engineLabels : []
            writer.family(base + "_total", type: "counter", help: help)
            for (labels, value) in series {
                writer.sample(base + "_total", common + labels, value)
            }
            writer.family(base + "_created", type: "gauge", help: help)
            for (labels, _) in series {
                writer.sample(base + "_created", common + labels, nextCreated())
            }
        }

        mutating func histogram(_ name: String, _ help: String, _ histogram: BucketedHistogram) {
            writer.family(name, type: "histogram", help: help)
            histogramSamples(name, engineLabels, histogram)
            writer.family(name + "_created", type: "gauge", help: help)
            writer.sample(name + "_created", engineLabels, nextCreated())
        }

        /// Buckets, then `_count`, then `_sum`: prometheus_client's single-process order.
        mutating func histogramSamples(_ name: String, _ labels: [(String, String)], _ histogram: BucketedHistogram) {
            writer.buckets(name, labels, histogram)
            writer.sample(name + "_count", labels, histogram.count)
            writer.sample(name + "_sum", labels, histogram.sum)
        }
    }
}
