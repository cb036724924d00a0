/// vLLM's `/metrics` as `prometheus_client` renders it in single-process mode: sorted labels, Go-style floats,
/// `_total` added to counters, and a `_created` gauge family after every counter and histogram.
enum VLLMExposition {
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    static func render(_ model: ServerModel) -> String {
        var page = Page(writer: ExpositionWriter(style: .prometheusClient), model: model)
        let metrics = model.metrics
        let load = model.runningAndWaiting
        // prometheus_client's process collector: a deploy or rollback restarts the server.
        page.writer.family(
            "process_start_time_seconds",
            type: "gauge",
            help: "Start time of the process since unix epoch in seconds."
        )
        page.writer.sample("process_start_time_seconds", [], model.unixTime(at: model.currentRelease.startedAt))
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
        renderExperiments(&page, metrics)
        return page.writer.text
    }

    /// Page state: the writer, the engine labels and the `_created` clock.
    struct Page {
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
            createdFamily(base + "_created", help, series.map { common + $0.0 })
        }

        mutating func histogram(_ name: String, _ help: String, _ histogram: BucketedHistogram) {
            histograms(name, help, [(engineLabels, histogram)])
        }

        /// A histogram family with one series per label set (none: only its HELP and TYPE lines).
        mutating func histograms(_ name: String, _ help: String, _ series: [([(String, String)], BucketedHistogram)]) {
            writer.family(name, type: "histogram", help: help)
            for (labels, histogram) in series {
                histogramSamples(name, labels, histogram)
            }
            createdFamily(name + "_created", help, series.map(\.0))
        }

        /// The `_created` gauge family after a counter or histogram; a family without series has none, as
        /// `generate_latest` writes it only from samples.
        private mutating func createdFamily(_ name: String, _ help: String, _ labelSets: [[(String, String)]]) {
            guard !labelSets.isEmpty else { return }
            writer.family(name, type: "gauge", help: help)
            for labels in labelSets {
                writer.sample(name, labels, nextCreated())
            }
        }

        /// Buckets, then `_count`, then `_sum`: prometheus_client's single-process order.
        mutating func histogramSamples(_ name: String, _ labels: [(String, String)], _ histogram: BucketedHistogram) {
            writer.buckets(name, labels, histogram)
            writer.sample(name + "_count", labels, histogram.count)
            writer.sample(name + "_sum", labels, histogram.sum)
        }
    }
}
