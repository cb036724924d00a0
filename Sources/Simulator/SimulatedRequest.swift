/// One generated request, with every duration the servers' histograms observe (seconds).
struct SimulatedRequest: Sendable {
    /// Why a request finished, as vLLM's `finished_reason` label names it.
    enum FinishReason: String, Sendable, CaseIterable {
        case stop, length, abort, error, repetition

        var isSuccess: Bool { self == .stop || self == .length || self == .repetition }
    }

    /// Simulated seconds since the fleet started.
    var arrival: Double
    var queue: Double
    /// Scheduled → first token.
    var prefill: Double
    /// Mean seconds per output token after the first.
    var timePerToken: Double
    var promptTokens: Int
    var generationTokens: Int
    var finishReason: FinishReason
    /// TGI's `err` label for a failure: `generation`, `overloaded` or `validation`.
    var tgiError: String
    /// Index into the experiment's variants, for vLLM servers.
    var variant: Int?
    /// Prompt tokens found in the prefix cache (vLLM).
    var cachedTokens: Int

    var decode: Double { Double(max(generationTokens - 1, 0)) * timePerToken }
    var inferenceStart: Double { arrival + queue }
    var firstToken: Double { queue + prefill }
    var endToEnd: Double { queue + prefill + decode }
    var finish: Double { arrival + endToEnd }
    /// TGI validation failures end before the queue and observe nothing.
    var isValidationFailure: Bool { !finishReason.isSuccess && tgiError == "validation" }
}
