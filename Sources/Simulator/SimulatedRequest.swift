/// One generated request, with every duration the servers' histograms observe (seconds).
struct SimulatedRequest: Sendable {
    /// Why a request finished, as vLLM's `finished_reason` label names it.
    enum FinishReason: String, Sendable, CaseIterable {
        case stop, length, abort, error, repetition

        var isSuccess: Bool { self == .stop || self == .length || self == .repetition }
    }

    /// An experiment request as the application saw it.
    struct ExperimentDraw: Sendable {
        /// Index into the server's served experiments.
        var experiment: Int
        /// Index into the experiment's variants.
        var variant: Int
        /// The application's outcome: the server answered and the answer passed.
        var isSuccess: Bool
        /// Thumbs up (true) or down (false); nil when the user left none.
        var feedback: Bool?
        /// Quality score, 0…1.
        var score: Double
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
    /// The experiment and variant the request belongs to and how the application judged it; nil outside
    /// experiments.
    var experiment: ExperimentDraw?
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
