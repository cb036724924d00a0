/// What one server exports for one experiment: per variant, cumulative since its counters (re)started.
struct ExperimentTotals: Sendable {
    /// The counters and histograms of one variant.
    struct Variant: Sendable {
        var success = 0.0
        var failure = 0.0
        var promptTokens = 0.0
        var completionTokens = 0.0
        /// Dollars at the plan's prices; stays 0 when the plan exports no cost.
        var costDollars = 0.0
        var positiveFeedback = 0.0
        var negativeFeedback = 0.0
        var latency = BucketedHistogram(layout: .experimentLatency)
        var score = BucketedHistogram(layout: .experimentScore)

        var requests: Double { success + failure }
    }

    let plan: ExperimentPlan
    private(set) var variants: [Variant]

    init(plan: ExperimentPlan) {
        self.plan = plan
        variants = Array(repeating: Variant(), count: plan.variants.count)
    }

    /// Adds a finished request of this experiment.
    mutating func record(_ request: SimulatedRequest, _ draw: SimulatedRequest.ExperimentDraw) {
        guard variants.indices.contains(draw.variant) else { return }
        var totals = variants[draw.variant]
        if draw.isSuccess {
            totals.success += 1
        } else {
            totals.failure += 1
        }
        totals.promptTokens += Double(request.promptTokens)
        totals.completionTokens += Double(request.generationTokens)
        if let pricing = plan.pricing {
            totals.costDollars += pricing.dollars(
                promptTokens: request.promptTokens,
                completionTokens: request.generationTokens
            )
        }
        switch draw.feedback {
        case true?: totals.positiveFeedback += 1
        case false?: totals.negativeFeedback += 1
        case nil: break
        }
        totals.latency.observe(request.endToEnd)
        if plan.exportsScore {
            totals.score.observe(draw.score)
        }
        variants[draw.variant] = totals
    }
}
