/// Default histogram bounds of the real servers (serving-metrics.md §2 and §3).
enum ServingBuckets {
    /// vLLM `request_latency`: e2e, queue, inference, prefill, decode (seconds).
    static let vllmRequestLatency: [Double] = [
        0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 120.0, 240.0, 480.0,
        960.0, 1920.0, 7680.0,
    ]
    /// vLLM `time_to_first_token` (seconds).
    static let vllmTimeToFirstToken: [Double] = [
        0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0,
        160.0, 640.0, 2560.0,
    ]
    /// vLLM `inter_token_latency`: ITL and per-request TPOT (seconds).
    static let vllmInterToken: [Double] = [
        0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0,
    ]
    /// vLLM `iteration_tokens` (tokens per engine step).
    static let vllmIterationTokens: [Double] = [1, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384]

    /// vLLM `request_tokens`: the 1-2-5 series up to `max_model_len`.
    static func vllmRequestTokens(maxModelLength: Int) -> [Double] {
        var bounds: [Double] = []
        var decade = 1.0
        while true {
            for step in [1.0, 2.0, 5.0] {
                let bound = step * decade
                if bound > Double(maxModelLength) { return bounds }
                bounds.append(bound)
            }
            decade *= 10
        }
    }

    /// TGI durations: `0.0001 × 1.5^k`, k = 1…35, by repeated multiplication as router/src/server.rs does.
    static let tgiDuration: [Double] = {
        var value = 0.0001
        return (0..<35).map { _ in
            value *= 1.5
            return value
        }
    }()

    /// TGI token-length histograms: 100 bounds `(limit / 100) × (1…100)`.
    static func tgiTokens(limit: Int) -> [Double] {
        (1...100).map { Double(limit) / 100 * Double($0) }
    }

    /// TGI `tgi_batch_next_size`: 1, 2, …, 1024.
    static let tgiBatchSize: [Double] = (1...1024).map(Double.init)

    /// The prompt experiment's latency histogram (seconds).
    static let experimentLatency: [Double] = [0.25, 0.5, 1, 2, 3, 4, 5, 7.5, 10, 15, 20, 30, 60]
    /// The experiment's quality score (0…1), in tenths.
    static let experimentScore: [Double] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]
}
