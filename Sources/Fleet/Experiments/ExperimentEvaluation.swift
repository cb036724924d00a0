import Analysis
import Config
import Store

/// One experiment's figures read from the store and judged: the work behind an
/// `ExperimentReport`.
///
/// Request counters are read per step since the start (`LookSchedule`); each step's cumulative
/// counts are one look of the always-valid test, so the p-value and band are the same whichever
/// reader computes them, and the history shows them converge.
struct ExperimentEvaluation {
    let name: String
    let variants: [String: ExperimentCatalog.VariantSeries]
    let settings: ExperimentSettings
    /// Prices the tokens of variants whose application exports no cost.
    let pricing: PriceTable
    /// Milliseconds the store keeps raw rows.
    let rawRetention: Int64
    /// Control first, then the others by name.
    let order: [String]
    private(set) var start: Int64 = 0
    private(set) var schedule = LookSchedule(start: 0, now: 0)
    private(set) var now: Int64 = 0
    /// Look times with a row (the end of their step, at most now), ascending.
    private(set) var looks: [Int64] = []
    /// Per variant, cumulative successes and trials at each of `looks`.
    private(set) var requests: [String: [ProportionSample]] = [:]
    /// Per variant, cumulative positive and rated feedback at the end of each step.
    private(set) var feedback: [String: [ProportionSample]] = [:]
    private(set) var figures: [String: VariantFigures] = [:]

    init(
        name: String,
        variants: [String: ExperimentCatalog.VariantSeries],
        settings: ExperimentSettings,
        pricing: PriceTable = PriceTable(),
        rawRetention: Int64 = 48 * 3_600_000
    ) {
        self.rawRetention = rawRetention
        self.name = name
        self.variants = variants
        self.settings = settings
        self.pricing = pricing
        let names = variants.keys.sorted()
        let control = settings.control.flatMap { names.contains($0) ? $0 : nil } ?? names.first ?? ""
        order = [control] + names.filter { $0 != control }
    }

    /// Reads every figure since the start, in the open view.
    mutating func read(_ view: StoreView, now: Int64) throws {
        self.now = now
        let allRequests = order.flatMap { variants[$0]?.requests ?? [] }
        let oldest = try view.oldestMinute(of: allRequests)
        start = settings.start ?? oldest ?? now
        schedule = LookSchedule(start: start, now: now, rawRetention: rawRetention)
        let from = start - 1
        try readSteps(view)
        // Every variant's histograms and token and cost counters in one read each.
        var layouts: [String: (latency: HistogramLayout?, score: HistogramLayout?)] = [:]
        for (name, series) in variants {
            layouts[name] = (ExperimentCatalog.layout(series.latency), ExperimentCatalog.layout(series.score))
        }
        let wanted = order.flatMap { [layouts[$0]?.latency, layouts[$0]?.score].compactMap { $0 ?? nil } }
        let histograms = Dictionary(
            zip(wanted, try view.histogramTotals(wanted, from: from, to: now)),
            uniquingKeysWith: { first, _ in first }
        )
        let counterIDs = variants.values.flatMap { $0.tokens + $0.cost }
        let sums = try view.counterSums(counterIDs, from: from, to: now)
        var models = ModelHistory()
        for variant in order {
            guard let series = variants[variant] else { continue }
            var figure = Self.figures(
                variant,
                series,
                total: requests[variant]?.last ?? ProportionSample(successes: 0, trials: 0),
                feedback: feedback[variant]?.last,
                confidence: 1 - settings.alpha,
                latency: layouts[variant]?.latency.flatMap { histograms[$0] ?? nil },
                score: layouts[variant]?.score.flatMap { histograms[$0] ?? nil },
                sums: sums
            )
            if figure.costPerRequest == nil, !pricing.isEmpty, figure.requests > 0,
                let dollars = try pricedTokens(series, view, models: &models)
            {
                figure.costPerRequest = dollars / figure.requests
            }
            figures[variant] = figure
        }
    }

    /// Dollars of a variant's tokens, each step priced at the price in effect at its start for
    /// the model its target served then; nil when a token counter's model has no price.
    private func pricedTokens(
        _ series: ExperimentCatalog.VariantSeries,
        _ view: StoreView,
        models: inout ModelHistory
    ) throws -> Double? {
        var owner: [Int64: (target: String, isPrompt: Bool)] = [:]
        for (target, ids) in series.tokensByTarget {
            for id in ids.prompt { owner[id] = (target, true) }
            for id in ids.completion { owner[id] = (target, false) }
        }
        if owner.isEmpty { return nil }
        var dollars: Double? = 0
        try schedule.forEachStep(Array(owner.keys).sorted(), in: view) { _, stepStart, id, sum in
            guard let token = owner[id], let total = dollars else { return }
            guard let model = try models.model(of: token.target, at: stepStart, view),
                let price = pricing.price(model: model, at: stepStart)
            else {
                dollars = nil
                return
            }
            dollars = total + sum * (token.isPrompt ? price.promptPerMillion : price.completionPerMillion) / 1_000_000
        }
        return dollars
    }

    /// The request and feedback counters per step, as cumulative samples per variant.
    private mutating func readSteps(_ view: StoreView) throws {
        var role: [Int64: (variant: String, isFeedback: Bool, isSuccess: Bool)] = [:]
        for (variant, series) in variants {
            for id in series.successes { role[id] = (variant, false, true) }
            for id in series.failures { role[id] = (variant, false, false) }
            for id in series.positive { role[id] = (variant, true, true) }
            for id in series.negative { role[id] = (variant, true, false) }
        }
        var increments: [Int64: [String: (requests: ProportionSample, feedback: ProportionSample)]] = [:]
        let empty = (ProportionSample(successes: 0, trials: 0), ProportionSample(successes: 0, trials: 0))
        try schedule.forEachStep(Array(role.keys).sorted(), in: view) { look, _, id, sum in
            guard let what = role[id] else { return }
            var entry = increments[look, default: [:]][what.variant, default: empty]
            if what.isFeedback {
                entry.feedback.trials += sum
                if what.isSuccess { entry.feedback.successes += sum }
            } else {
                entry.requests.trials += sum
                if what.isSuccess { entry.requests.successes += sum }
            }
            increments[look, default: [:]][what.variant] = entry
        }
        looks = increments.keys.sorted()
        for variant in order {
            var running = empty
            var requestSteps: [ProportionSample] = []
            var feedbackSteps: [ProportionSample] = []
            for look in looks {
                let step = increments[look]?[variant] ?? empty
                running.0.successes += step.requests.successes
                running.0.trials += step.requests.trials
                running.1.successes += step.feedback.successes
                running.1.trials += step.feedback.trials
                requestSteps.append(running.0)
                feedbackSteps.append(running.1)
            }
            requests[variant] = requestSteps
            let hasFeedback =
                !(variants[variant]?.positive.isEmpty ?? true) || !(variants[variant]?.negative.isEmpty ?? true)
            feedback[variant] = hasFeedback ? feedbackSteps : nil
        }
    }

    /// Latency quantiles, tokens, cost and score of one variant since the start, from its merged
    /// histograms and the experiment's counter sums.
    private static func figures(
        _ name: String,
        _ series: ExperimentCatalog.VariantSeries,
        total: ProportionSample,
        feedback: ProportionSample?,
        confidence: Double,
        latency: HistogramTotal?,
        score: HistogramTotal?,
        sums: CounterSums
    ) -> VariantFigures {
        let requests = total.trials
        func perRequest(_ value: Double?) -> Double? { requests > 0 ? value.map { $0 / requests } : nil }
        func quantile(_ q: Double) -> Double? {
            guard let latency, latency.count > 0 else { return nil }
            let value = latency.quantile(q)
            return value.isFinite ? value : nil
        }
        let tokenIDs = series.tokens
        return VariantFigures(
            name: name,
            requests: requests,
            successes: total.successes,
            successRate: total.rate,
            successInterval: total.wilsonInterval(confidence: confidence),
            latencyP50: quantile(0.5),
            latencyP95: quantile(0.95),
            tokensPerRequest: tokenIDs.isEmpty ? nil : perRequest(sums.total(tokenIDs) ?? 0),
            costPerRequest: series.cost.isEmpty ? nil : perRequest(sums.total(series.cost) ?? 0),
            positiveFeedbackRate: feedback?.rate,
            scoreMean: score.flatMap { $0.count > 0 ? $0.sum / $0.count : nil }
        )
    }
}
