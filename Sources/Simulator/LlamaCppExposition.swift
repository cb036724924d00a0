/// llama.cpp's `/metrics` (started with `--metrics`): unlabeled families, each HELP/TYPE/sample, values
/// printed with C++ stream defaults (6 significant digits, so `1234567` becomes `1.23457e+06`).
enum LlamaCppExposition {
    static let contentType = "text/plain; version=0.0.4"

    /// Tokens and seconds at the previous scrape, for the "since last /metrics" throughput gauges.
    struct ThroughputMark: Sendable {
        var promptTokens = 0.0
        var promptSeconds = 0.0
        var predictedTokens = 0.0
        var predictedSeconds = 0.0
    }

    static let slots = 4

    static func render(_ model: ServerModel, since mark: ThroughputMark) -> (page: String, mark: ThroughputMark) {
        let metrics = model.metrics
        let load = model.runningAndWaiting
        let active = load.running + load.waiting
        var writer = ExpositionWriter(style: .llamaCpp, capacity: 2048)
        func line(_ name: String, _ type: String, _ help: String, _ value: Double) {
            writer.family(name, type: type, help: help)
            writer.sample(name, [], value)
        }
        let next = ThroughputMark(
            promptTokens: metrics.promptTokens,
            promptSeconds: metrics.promptSeconds,
            predictedTokens: metrics.generationTokens,
            predictedSeconds: metrics.predictedSeconds
        )
        func rate(_ tokens: Double, _ seconds: Double) -> Double {
            seconds > 0 && tokens >= 0 ? tokens / seconds : 0
        }
        let promptRate = rate(next.promptTokens - mark.promptTokens, next.promptSeconds - mark.promptSeconds)
        let predictedRate = rate(
            next.predictedTokens - mark.predictedTokens,
            next.predictedSeconds - mark.predictedSeconds
        )
        let busy = metrics.decodeCalls > 0 ? metrics.busySlotSamples / max(metrics.requestsTotal, 1) : 0
        line("llamacpp:prompt_tokens_total", "counter", "Number of prompt tokens processed.", metrics.promptTokens)
        line("llamacpp:prompt_seconds_total", "counter", "Prompt process time", metrics.promptSeconds)
        line(
            "llamacpp:tokens_predicted_total",
            "counter",
            "Number of generation tokens processed.",
            metrics.generationTokens
        )
        line("llamacpp:tokens_predicted_seconds_total", "counter", "Predict process time", metrics.predictedSeconds)
        line("llamacpp:n_decode_total", "counter", "Total number of llama_decode() calls", metrics.decodeCalls)
        line(
            "llamacpp:n_busy_slots_per_decode",
            "counter",
            "Average number of busy slots per llama_decode() call",
            busy
        )
        line("llamacpp:prompt_tokens_seconds", "gauge", "Average prompt throughput in tokens/s.", promptRate)
        line("llamacpp:predicted_tokens_seconds", "gauge", "Average generation throughput in tokens/s.", predictedRate)
        line("llamacpp:requests_processing", "gauge", "Number of requests processing.", Double(min(active, slots)))
        line("llamacpp:requests_deferred", "gauge", "Number of requests deferred.", Double(max(active - slots, 0)))
        return (writer.text, next)
    }
}
