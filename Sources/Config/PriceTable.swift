/// Prices per served model over time, as written under `pricing:`, so that history stays
/// priced at the price of its day.
public struct PriceTable: Sendable, Equatable {
    /// Entries in file order.
    public var entries: [PriceEntry]

    public init(entries: [PriceEntry] = []) {
        self.entries = entries
    }

    public var isEmpty: Bool { entries.isEmpty }

    /// The price of a model at a time: among the entries matching the model and in effect then
    /// (`effectiveFrom` at or before `time`, or none), the most specific pattern wins (an exact
    /// id, then the glob with the most characters besides `*`, then the earlier in the file),
    /// and of its entries the latest `effectiveFrom`.
    /// - Parameters:
    ///   - model: the served model id as the server reports it.
    ///   - time: milliseconds since the Unix epoch.
    /// - Returns: the entry, or `nil` when no entry matches the model at that time.
    public func price(model: String, at time: Int64) -> PriceEntry? {
        var best: (entry: PriceEntry, rank: PriceRank)?
        for (index, entry) in entries.enumerated() {
            let from = entry.effectiveFrom ?? .min
            guard from <= time, entry.matches(model: model) else {
                continue
            }
            let rank = PriceRank(specificity: entry.specificity, effectiveFrom: from, laterInFile: -index)
            if best.map({ rank > $0.rank }) ?? true {
                best = (entry, rank)
            }
        }
        return best?.entry
    }

    /// Dollars for a number of tokens of a model at the price in effect at `time`; `nil` when
    /// no entry prices the model then.
    public func cost(model: String, at time: Int64, promptTokens: Double, completionTokens: Double) -> Double? {
        price(model: model, at: time)?.cost(promptTokens: promptTokens, completionTokens: completionTokens)
    }
}

/// One price of a model (or a glob of models) from a time on.
public struct PriceEntry: Sendable, Equatable {
    /// The served model id exactly as the server reports it, or a glob where `*` stands for
    /// any run of characters (`gpt-4o*`, `*`); every other character is literal.
    public var model: String
    /// Dollars per million prompt (input) tokens.
    public var promptPerMillion: Double
    /// Dollars per million completion (output) tokens.
    public var completionPerMillion: Double
    /// Milliseconds since the Unix epoch from which this price holds; `nil` means always.
    public var effectiveFrom: Int64?

    public init(model: String, promptPerMillion: Double, completionPerMillion: Double, effectiveFrom: Int64? = nil) {
        self.model = model
        self.promptPerMillion = promptPerMillion
        self.completionPerMillion = completionPerMillion
        self.effectiveFrom = effectiveFrom
    }

    /// Whether `model` is a glob rather than an exact id.
    public var isGlob: Bool { model.contains("*") }

    /// Whether the entry prices the served model `id`: equal text, or a match of the glob.
    public func matches(model id: String) -> Bool {
        isGlob ? globMatches(Array(model.utf8), Array(id.utf8)) : model == id
    }

    /// Dollars for the tokens at this price.
    public func cost(promptTokens: Double, completionTokens: Double) -> Double {
        (promptTokens * promptPerMillion + completionTokens * completionPerMillion) / 1_000_000
    }

    /// Exact ids first, then globs by how many literal characters they pin down.
    fileprivate var specificity: Int {
        isGlob ? model.utf8.count - model.utf8.filter { $0 == UInt8(ascii: "*") }.count : .max
    }
}

/// How an entry ranks among those matching a model at a time; higher wins.
private struct PriceRank: Comparable {
    var specificity: Int
    var effectiveFrom: Int64
    var laterInFile: Int

    static func < (lhs: PriceRank, rhs: PriceRank) -> Bool {
        (lhs.specificity, lhs.effectiveFrom, lhs.laterInFile) < (rhs.specificity, rhs.effectiveFrom, rhs.laterInFile)
    }
}

/// Whether `text` matches `pattern`, in which `*` matches any run of bytes (the greedy
/// backtracking match of fnmatch without classes; at worst pattern × text steps).
private func globMatches(_ pattern: [UInt8], _ text: [UInt8]) -> Bool {
    let star = UInt8(ascii: "*")
    var p = 0
    var t = 0
    var resume: (pattern: Int, text: Int)?
    while t < text.count {
        if p < pattern.count, pattern[p] == star {
            resume = (p, t)
            p += 1
        } else if p < pattern.count, pattern[p] == text[t] {
            p += 1
            t += 1
        } else if let point = resume {
            p = point.pattern + 1
            t = point.text + 1
            resume = (point.pattern, point.text + 1)
        } else {
            return false
        }
    }
    while p < pattern.count, pattern[p] == star {
        p += 1
    }
    return p == pattern.count
}

extension PriceTable {
    /// The `pricing:` section as `LLMDeckConfig.yamlText` writes it.
    var yamlLines: [String] {
        var lines = ["pricing:"]
        for entry in entries {
            lines.append("  - model: \(quoted(entry.model))")
            lines.append("    prompt: \(formatDecimal(entry.promptPerMillion))")
            lines.append("    completion: \(formatDecimal(entry.completionPerMillion))")
            if let from = entry.effectiveFrom {
                lines.append("    effective_from: \(formatTimestamp(from))")
            }
        }
        return lines
    }
}
