/// Everything cumulative a fake server exports; replaced by an empty one on `reset_counters`.
struct ServerMetrics: Sendable {
    static let maxModelLength = 8192
    static let tgiMaxInputTokens = 7168
    static let tgiMaxTotalTokens = 8192
    /// Generated latencies kept for exact quantiles; beyond this `/sim/state` reports none.
    static let exactLatencyCap = 10_000

    /// Unix seconds when the counters (re)started: the `_created` value.
    var createdUnix: Double

    var finished: [SimulatedRequest.FinishReason: Double] = [:]
    var tgiFailures: [String: Double] = [:]
    var promptTokens = 0.0
    var generationTokens = 0.0
    var prefixQueries = 0.0
    var prefixHits = 0.0
    var preemptions = 0.0

    // vLLM histograms.
    var endToEnd = BucketedHistogram(layout: .vllmRequestLatency)
    var queue = BucketedHistogram(layout: .vllmRequestLatency)
    var inference = BucketedHistogram(layout: .vllmRequestLatency)
    var prefill = BucketedHistogram(layout: .vllmRequestLatency)
    var decode = BucketedHistogram(layout: .vllmRequestLatency)
    var firstToken = BucketedHistogram(layout: .vllmTimeToFirstToken)
    var interToken = BucketedHistogram(layout: .vllmInterToken)
    var timePerOutputToken = BucketedHistogram(layout: .vllmInterToken)
    var promptLength = BucketedHistogram(layout: .vllmRequestTokens)
    var generationLength = BucketedHistogram(layout: .vllmRequestTokens)
    var iterationTokens = BucketedHistogram(layout: .vllmIterationTokens)
    /// The experiments the server serves, in plan order.
    var experiments: [ExperimentTotals]

    // TGI histograms (successful requests only, as the router records them).
    var tgiDuration = BucketedHistogram(layout: .tgiDuration)
    var tgiValidation = BucketedHistogram(layout: .tgiDuration)
    var tgiQueue = BucketedHistogram(layout: .tgiDuration)
    var tgiInference = BucketedHistogram(layout: .tgiDuration)
    var tgiTimePerToken = BucketedHistogram(layout: .tgiDuration)
    var tgiInputLength = BucketedHistogram(layout: .tgiInputLength)
    var tgiGeneratedTokens = BucketedHistogram(layout: .tgiGeneratedTokens)
    var tgiBatchNextSize = BucketedHistogram(layout: .tgiBatchSize)
    var tgiPrefillCalls = 0.0
    var tgiDecodeCalls = 0.0

    // llama.cpp counters (seconds).
    var promptSeconds = 0.0
    var predictedSeconds = 0.0
    var decodeCalls = 0.0
    var busySlotSamples = 0.0

    /// End-to-end latencies of the requests the exported latency histogram holds, for exact quantiles.
    var exactLatencies: [Double] = []
    var exactLatenciesOverflowed = false

    init(createdUnix: Double, experiments: [ExperimentPlan] = []) {
        self.createdUnix = createdUnix
        self.experiments = experiments.map(ExperimentTotals.init(plan:))
        for reason in SimulatedRequest.FinishReason.allCases {
            finished[reason] = 0
        }
    }

    var requestsTotal: Double { finished.values.reduce(0, +) }
    var successTotal: Double { finished.filter { $0.key.isSuccess }.values.reduce(0, +) }

    /// Adds a finished request; `batchSize` is the number of requests running when it arrived.
    mutating func record(_ request: SimulatedRequest, kind: SimulatedKind, batchSize: Int) {
        finished[request.finishReason, default: 0] += 1
        let prompt = Double(request.promptTokens)
        let generated = Double(request.generationTokens)
        let decodeSteps = Double(max(request.generationTokens - 1, 0))
        promptTokens += prompt
        generationTokens += generated
        switch kind {
        case .vllm:
            prefixQueries += prompt
            prefixHits += Double(request.cachedTokens)
            if request.finishReason == .abort { preemptions += 1 }
            endToEnd.observe(request.endToEnd)
            queue.observe(request.queue)
            inference.observe(request.prefill + request.decode)
            prefill.observe(request.prefill)
            decode.observe(request.decode)
            firstToken.observe(request.firstToken)
            interToken.observe(request.timePerToken, times: decodeSteps)
            if decodeSteps > 0 { timePerOutputToken.observe(request.timePerToken) }
            promptLength.observe(prompt)
            generationLength.observe(generated)
            iterationTokens.observe(prompt)
            let batch = Double(max(batchSize, 1))
            iterationTokens.observe(batch, times: (decodeSteps / batch).rounded(.down))
            if let draw = request.experiment, experiments.indices.contains(draw.experiment) {
                experiments[draw.experiment].record(request, draw)
            }
            keepExact(request.endToEnd)
        case .tgi:
            if request.finishReason.isSuccess {
                tgiDuration.observe(request.endToEnd)
                tgiValidation.observe(0.0004 + prompt * 0.000_000_5)
                tgiQueue.observe(request.queue)
                tgiInference.observe(request.prefill + request.decode)
                tgiTimePerToken.observe((request.prefill + request.decode) / max(generated, 1))
                tgiInputLength.observe(prompt)
                tgiGeneratedTokens.observe(generated)
                keepExact(request.endToEnd)
            } else {
                tgiFailures[request.tgiError, default: 0] += 1
            }
            if !request.isValidationFailure {
                tgiBatchNextSize.observe(Double(min(max(batchSize, 1), 1024)))
                tgiPrefillCalls += 1
                tgiDecodeCalls += (decodeSteps / Double(max(batchSize, 1))).rounded(.up)
            }
        case .llamacpp:
            promptSeconds += request.prefill
            predictedSeconds += request.decode
            let slots = Double(min(max(batchSize, 1), 4))
            decodeCalls += 1 + (decodeSteps / slots).rounded(.up)
            busySlotSamples += slots
            keepExact(request.endToEnd)
        }
    }

    private mutating func keepExact(_ latency: Double) {
        if exactLatencies.count < Self.exactLatencyCap {
            exactLatencies.append(latency)
        } else {
            exactLatenciesOverflowed = true
        }
    }
}
