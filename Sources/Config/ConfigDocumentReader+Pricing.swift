import Yams

extension ConfigDocumentReader {
    static let priceKeys = ["model", "prompt", "completion", "effective_from"]

    /// `pricing:`: a list of prices, at most one per model and `effective_from`.
    func readPricing(_ node: Node?) throws(ConfigError) -> PriceTable {
        let prices = try listItems(
            node,
            "pricing",
            hint: "start each price with '- model:'",
            readItem: readPrice(_:position:)
        )
        try rejectDuplicates(
            prices,
            key: { PriceKey(model: $0.model, effectiveFrom: $0.effectiveFrom) },
            at: { $0.mapping?["effective_from"] ?? $0.mapping?["model"] ?? $0 },
            message: duplicatePriceMessage
        )
        return PriceTable(entries: prices.map(\.item))
    }

    private func duplicatePriceMessage(_ price: PriceEntry, firstLine: Int) -> String {
        guard let from = price.effectiveFrom else {
            return "a second price for '\(price.model)' without effective_from (first on line \(firstLine)); "
                + "give the newer price the date it starts, such as effective_from: 2026-11-01"
        }
        return "a second price for '\(price.model)' effective from \(formatTimestamp(from)) "
            + "(first on line \(firstLine)); change its effective_from or remove one of them"
    }

    private func readPrice(_ node: Node, position: Int) throws(ConfigError) -> PriceEntry {
        let label = "price #\(position)"
        let context = try entryContext(
            node,
            label: label,
            nameKey: "model",
            shape: "'model', 'prompt' and 'completion'"
        ) { "in \(label) for '\($0)'" }
        let fields = try mapping(node, named: label, allowedKeys: Self.priceKeys, context: context)
        let model = try requiredString(fields, "model", in: node, context: context)
        let prompt = try number(
            try required(fields, "prompt", in: node, context: context),
            "prompt",
            context: context,
            rule: Self.pricePerMillion("prompt", example: "0.15")
        )
        let completion = try number(
            try required(fields, "completion", in: node, context: context),
            "completion",
            context: context,
            rule: Self.pricePerMillion("completion", example: "0.60")
        )
        let effectiveFrom = try optionalTimestamp(fields["effective_from"], "effective_from", context: context)
        return PriceEntry(
            model: model,
            promptPerMillion: prompt,
            completionPerMillion: completion,
            effectiveFrom: effectiveFrom
        )
    }

    private static func pricePerMillion(_ direction: String, example: String) -> NumberRule {
        NumberRule(
            expected: "dollars per million \(direction) tokens, 0 or more",
            example: example,
            allowsDollarSign: true
        ) { $0 >= 0 }
    }
}

/// What may appear only once in a price table: a model's price from one time on.
private struct PriceKey: Hashable {
    var model: String
    var effectiveFrom: Int64?
}
