import Analysis
import Store

/// The values of rules on a raw series (`series:` in the config), per deployment, over each
/// rule's window: a counter's rate, a gauge's value (summed over its label sets), a histogram's
/// quantile (merged over its label sets); `ratio` has no meaning on one series and reads as no
/// data.
enum SeriesRuleValues {
    static func read(
        _ rules: [AlertRuleSpec],
        targets: [String],
        now: Int64,
        _ view: StoreView
    ) throws -> [String: [String: AlertObservation]] {
        let seriesRules = rules.compactMap { rule -> (AlertRuleSpec, String)? in
            if case .series(let name) = rule.measure { return (rule, name) }
            return nil
        }
        if seriesRules.isEmpty { return [:] }
        var byName: [String: [String: [(id: Int64, key: SeriesKey)]]] = [:]
        for entry in try view.series(named: Array(Set(seriesRules.map(\.1))).sorted()) {
            byName[entry.key.name, default: [:]][entry.key.target, default: []].append(entry)
        }
        var values: [String: [String: AlertObservation]] = [:]
        for (rule, name) in seriesRules {
            let window = Int64((rule.window * 1000).rounded())
            for target in targets {
                guard let series = byName[name]?[target], !series.isEmpty else {
                    values[rule.id, default: [:]][target] = .noData
                    continue
                }
                values[rule.id, default: [:]][target] = try observation(rule, series, window: window, now: now, view)
            }
        }
        return values
    }

    private static func observation(
        _ rule: AlertRuleSpec,
        _ series: [(id: Int64, key: SeriesKey)],
        window: Int64,
        now: Int64,
        _ view: StoreView
    ) throws -> AlertObservation {
        let ids = series.map(\.id)
        switch rule.aggregation {
        case .rate:
            guard window > 0, let sum = try view.counterSums(ids, from: now - window, to: now).total(ids) else {
                return .noData
            }
            return .value(sum / (Double(window) / 1000))
        case .value:
            let latest = try view.latestGauges(ids, notBefore: now - window)
            return latest.isEmpty ? .noData : .value(latest.values.reduce(0, +))
        case .quantile(let q):
            guard let layout = ExperimentCatalog.layout(series.map { ($0.id, $0.key.bucketBounds) }),
                let total = try view.histogramTotals([layout], from: now - window, to: now).first ?? nil,
                total.count > 0
            else { return .noData }
            let value = total.quantile(q)
            return value.isFinite ? .value(value) : .noData
        case .ratio:
            return .noData
        }
    }
}
