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
    /// The figures up to the latest settled look, left by `read` for the next one.
    private(set) var checkpoint: ExperimentCheckpoint?

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

    /// Rows younger than this (milliseconds) may still be written: a checkpoint ends before them.
    static let settleTime: Int64 = 120_000

    /// Reads every figure since the start, in the open view: from `saved` on when it fits this
    /// experiment, else from the start. Leaves in `checkpoint` the figures up to the latest look
    /// older than `settleTime`, for the next read.
    mutating func read(_ view: StoreView, now: Int64, resuming saved: ExperimentCheckpoint? = nil) throws {
        self.now = now
        let fingerprint = ExperimentCheckpoint.fingerprint(
            name: name,
            variants: variants,
            configuredStart: settings.start,
            rawRetention: rawRetention,
            pricing: pricing
        )
        let resume = saved.flatMap { $0.fingerprint == fingerprint && $0.through <= now ? $0 : nil }
        if let resume {
            start = resume.start
        } else {
            let oldest = try view.oldestMinute(of: order.flatMap { variants[$0]?.requests ?? [] })
            start = settings.start ?? oldest ?? now
        }
        schedule = LookSchedule(start: start, now: now, rawRetention: rawRetention)
        // Rows before `through` are in the resumed checkpoint; those before `mark` go into the
        // next one.
        let through = resume?.through ?? start
        let mark = max(through, schedule.lastLook(atOrBefore: now - Self.settleTime) ?? start)
        var next = ExperimentCheckpoint(
            fingerprint: fingerprint,
            start: start,
            through: mark,
            looks: [],
            requests: [:],
            feedback: [:],
            latency: resume?.latency ?? [:],
            score: resume?.score ?? [:],
            counters: resume?.counters ?? [:],
            dollars: resume?.dollars ?? [:],
            unpriced: resume?.unpriced ?? []
        )
        try readSteps(view, resume: resume, mark: mark, into: &next)
        // Histograms and token and cost counters: before the mark (added to the checkpoint's),
        // then after it.
        var layouts: [String: (latency: HistogramLayout?, score: HistogramLayout?)] = [:]
        for (name, series) in variants {
            layouts[name] = (ExperimentCatalog.layout(series.latency), ExperimentCatalog.layout(series.score))
        }
        let wanted = order.flatMap { [layouts[$0]?.latency, layouts[$0]?.score].compactMap { $0 ?? nil } }
        let counterIDs = variants.values.flatMap { $0.tokens + $0.cost }
        let settled = try Self.totals(view, wanted, counterIDs, from: through - 1, to: mark - 1)
        let fresh = try Self.totals(view, wanted, counterIDs, from: mark - 1, to: now)
        for variant in order {
            if let layout = layouts[variant]?.latency {
                next.latency[variant] = Self.merged(
                    next.latency[variant],
                    settled.histograms[layout],
                    bounds: layout.bounds
                )
            }
            if let layout = layouts[variant]?.score {
                next.score[variant] = Self.merged(
                    next.score[variant],
                    settled.histograms[layout],
                    bounds: layout.bounds
                )
            }
        }
        next.counters.merge(settled.sums, uniquingKeysWith: +)
        let dollars = try priceTokens(view, after: through, mark: mark, into: &next)
        checkpoint = next
        let counters = next.counters.merging(fresh.sums, uniquingKeysWith: +)
        for variant in order {
            guard let series = variants[variant] else { continue }
            func total(_ saved: ExperimentCheckpoint.Histogram?, _ layout: HistogramLayout?) -> HistogramTotal? {
                guard let layout else { return nil }
                return Self.merged(saved, fresh.histograms[layout], bounds: layout.bounds)?.total(bounds: layout.bounds)
            }
            var figure = Self.figures(
                variant,
                series,
                total: requests[variant]?.last ?? ProportionSample(successes: 0, trials: 0),
                feedback: feedback[variant]?.last,
                confidence: 1 - settings.alpha,
                latency: total(next.latency[variant], layouts[variant]?.latency ?? nil),
                score: total(next.score[variant], layouts[variant]?.score ?? nil),
                counters: counters
            )
            if figure.costPerRequest == nil, figure.requests > 0, let dollars = dollars[variant] {
                figure.costPerRequest = dollars / figure.requests
            }
            figures[variant] = figure
        }
    }

    /// The merged histograms of `layouts` and the totals of the counters `ids` over `(from, to]`.
    private static func totals(
        _ view: StoreView,
        _ layouts: [HistogramLayout],
        _ ids: [Int64],
        from: Int64,
        to: Int64
    ) throws -> (histograms: [HistogramLayout: HistogramTotal], sums: [Int64: Double]) {
        guard to > from else { return ([:], [:]) }
        var histograms: [HistogramLayout: HistogramTotal] = [:]
        for (layout, total) in zip(layouts, try view.histogramTotals(layouts, from: from, to: to)) {
            if histograms[layout] == nil, let total { histograms[layout] = total }
        }
        let sums = try view.counterSums(ids, from: from, to: to)
        var totals: [Int64: Double] = [:]
        for id in ids {
            if let total = sums.total([id]) { totals[id] = total }
        }
        return (histograms, totals)
    }

    /// Per variant without exported cost, dollars of its tokens since the start, each step priced
    /// at the price in effect at its start for the model its target served then; a variant is
    /// left out when a token counter's model had no price. Steps before `mark` are added to
    /// `next`'s dollars as well.
    private func priceTokens(
        _ view: StoreView,
        after through: Int64,
        mark: Int64,
        into next: inout ExperimentCheckpoint
    ) throws -> [String: Double] {
        if pricing.isEmpty { return [:] }
        var owner: [Int64: (variant: String, target: String, isPrompt: Bool)] = [:]
        for (variant, series) in variants where series.cost.isEmpty {
            for (target, ids) in series.tokensByTarget {
                for id in ids.prompt { owner[id] = (variant, target, true) }
                for id in ids.completion { owner[id] = (variant, target, false) }
            }
        }
        if owner.isEmpty { return [:] }
        var models = ModelHistory()
        var fresh: [String: Double] = [:]
        var unpriced = next.unpriced
        try schedule.forEachStep(Array(owner.keys).sorted(), in: view, after: through) { look, stepStart, id, sum in
            guard let token = owner[id] else { return }
            guard let model = try models.model(of: token.target, at: stepStart, view),
                let price = pricing.price(model: model, at: stepStart)
            else {
                unpriced.insert(token.variant)
                if look <= mark { next.unpriced.insert(token.variant) }
                return
            }
            let dollars = sum * (token.isPrompt ? price.promptPerMillion : price.completionPerMillion) / 1_000_000
            if look <= mark {
                next.dollars[token.variant, default: 0] += dollars
            } else {
                fresh[token.variant, default: 0] += dollars
            }
        }
        var dollars: [String: Double] = [:]
        for variant in Set(owner.values.map(\.variant)) where !unpriced.contains(variant) {
            dollars[variant] = (next.dollars[variant] ?? 0) + (fresh[variant] ?? 0)
        }
        return dollars
    }

    /// The request and feedback counters per step, as cumulative samples per variant: the
    /// resumed checkpoint's looks, then the steps after it; the looks up to `mark` go into `next`.
    private mutating func readSteps(
        _ view: StoreView,
        resume: ExperimentCheckpoint?,
        mark: Int64,
        into next: inout ExperimentCheckpoint
    ) throws {
        var role: [Int64: (variant: String, isFeedback: Bool, isSuccess: Bool)] = [:]
        for (variant, series) in variants {
            for id in series.successes { role[id] = (variant, false, true) }
            for id in series.failures { role[id] = (variant, false, false) }
            for id in series.positive { role[id] = (variant, true, true) }
            for id in series.negative { role[id] = (variant, true, false) }
        }
        var increments: [Int64: [String: (requests: ProportionSample, feedback: ProportionSample)]] = [:]
        let zero = ProportionSample(successes: 0, trials: 0)
        let empty = (requests: zero, feedback: zero)
        try schedule.forEachStep(Array(role.keys).sorted(), in: view, after: resume?.through) { look, _, id, sum in
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
        let newLooks = increments.keys.sorted()
        let resumedLooks = resume?.looks ?? []
        looks = resumedLooks + newLooks
        next.looks = resumedLooks + newLooks.filter { $0 <= mark }
        for variant in order {
            let hasFeedback =
                !(variants[variant]?.positive.isEmpty ?? true) || !(variants[variant]?.negative.isEmpty ?? true)
            var requestSteps = resume?.requests[variant]?.map(\.sample) ?? []
            var feedbackSteps = resume?.feedback[variant]?.map(\.sample) ?? []
            var running = (requests: requestSteps.last ?? zero, feedback: feedbackSteps.last ?? zero)
            for look in newLooks {
                let step = increments[look]?[variant] ?? empty
                running.requests.successes += step.requests.successes
                running.requests.trials += step.requests.trials
                running.feedback.successes += step.feedback.successes
                running.feedback.trials += step.feedback.trials
                requestSteps.append(running.requests)
                feedbackSteps.append(running.feedback)
            }
            requests[variant] = requestSteps
            feedback[variant] = hasFeedback ? feedbackSteps : nil
            next.requests[variant] = requestSteps.prefix(next.looks.count).map(ExperimentCheckpoint.Counts.init)
            if hasFeedback {
                next.feedback[variant] = feedbackSteps.prefix(next.looks.count).map(ExperimentCheckpoint.Counts.init)
            }
        }
    }

    /// `saved` plus `added`, either of which may be missing.
    private static func merged(
        _ saved: ExperimentCheckpoint.Histogram?,
        _ added: HistogramTotal?,
        bounds: [Double]
    ) -> ExperimentCheckpoint.Histogram? {
        guard let added else { return saved }
        guard let saved, let base = saved.total(bounds: bounds) else { return ExperimentCheckpoint.Histogram(added) }
        return ExperimentCheckpoint.Histogram(
            HistogramTotal(
                upperBounds: bounds,
                cumulativeCounts: zip(base.cumulativeCounts, added.cumulativeCounts).map(+),
                count: base.count + added.count,
                sum: base.sum + added.sum
            )
        )
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
        counters: [Int64: Double]
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
            tokensPerRequest: tokenIDs.isEmpty ? nil : perRequest(tokenIDs.reduce(0) { $0 + (counters[$1] ?? 0) }),
            costPerRequest: series.cost.isEmpty ? nil : perRequest(series.cost.reduce(0) { $0 + (counters[$1] ?? 0) }),
            positiveFeedbackRate: feedback?.rate,
            scoreMean: score.flatMap { $0.count > 0 ? $0.sum / $0.count : nil }
        )
    }
}
