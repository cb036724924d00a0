import Foundation
import Yams

extension ConfigDocumentReader {
    /// What a number must be and an example value, for the message that refuses another.
    struct NumberRule {
        /// "a number between 0 and 0.5 (exclusive)".
        var expected: String
        /// "0.05", written after the key in the message's "write e.g. alpha: 0.05".
        var example: String
        /// Whether a leading `$` is allowed (dollar amounts).
        var allowsDollarSign = false
        var accepts: (Double) -> Bool
    }

    /// A decimal number the rule accepts; a non-scalar or other text is refused with the rule's
    /// wording and example.
    func number(_ node: Node, _ key: String, context: String, rule: NumberRule) throws(ConfigError) -> Double {
        let advice = "write e.g. \(key): \(rule.example)"
        guard case .scalar(let scalar) = node else {
            throw error(
                at: node,
                .wrongType,
                "'\(key)' \(context) must be \(rule.expected), got \(describe(node)); \(advice)"
            )
        }
        var text = Substring(scalar.string.trimmingCharacters(in: .whitespaces))
        if rule.allowsDollarSign, text.first == "$" {
            text = text.dropFirst()
        }
        guard let value = parseDecimal(text), rule.accepts(value) else {
            throw error(
                at: node,
                .invalidValue,
                "'\(key)' \(context) must be \(rule.expected), got \(describe(node)); \(advice)"
            )
        }
        return value
    }

    func optionalNumber(
        _ node: Node?,
        _ key: String,
        context: String,
        rule: NumberRule
    ) throws(ConfigError) -> Double? {
        guard let node, !isNull(node) else {
            return nil
        }
        return try number(node, key, context: context, rule: rule)
    }

    /// Milliseconds since the Unix epoch from a date or an ISO 8601 time with its zone.
    func optionalTimestamp(_ node: Node?, _ key: String, context: String) throws(ConfigError) -> Int64? {
        guard let node, !isNull(node) else {
            return nil
        }
        let forms =
            "write a date such as 2026-12-01 (UTC midnight) or an ISO 8601 time with its zone "
            + "such as 2026-12-01T09:00:00Z or 2026-12-01T10:00:00+01:00"
        guard case .scalar(let scalar) = node else {
            throw error(
                at: node,
                .wrongType,
                "'\(key)' \(context) must be a date or time, got \(describe(node)); \(forms)"
            )
        }
        guard let milliseconds = parseTimestamp(scalar.string) else {
            throw error(at: node, .invalidValue, "'\(key)' \(context) has bad time '\(scalar.string)'; \(forms)")
        }
        return milliseconds
    }
}
