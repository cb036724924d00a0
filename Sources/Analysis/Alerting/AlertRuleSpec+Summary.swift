extension AlertRuleSpec {
    /// The placeholders a summary template may use.
    public static let placeholderNames = ["value", "threshold", "deployment", "for"]

    /// The names inside `{{…}}` in `template`, in order, known or not (for the config to check).
    public static func placeholders(in template: String) -> [String] {
        filled(template) { _ in nil }.names
    }

    /// The summary template filled in: `p95 latency 2.9 s > 2.0 s for 3m`.
    ///
    /// `{{value}}` is the value in the rule's unit ("no data" without one), `{{threshold}}` the
    /// threshold of `severity` (the warning one when there is none), `{{deployment}}` the
    /// deployment's name and `{{for}}` how long the condition has held, in whole seconds, minutes,
    /// hours and days. Unknown placeholders are left as written.
    public func summaryText(
        value: Double?,
        severity: AlertSeverity?,
        deployment: String,
        activeFor seconds: Double
    ) -> String {
        let threshold = thresholds.threshold(for: severity ?? .warning)
        let replacements = [
            "value": value.map(unit.text) ?? "no data",
            "threshold": threshold.map(unit.text) ?? "none",
            "deployment": deployment,
            "for": elapsedText(seconds),
        ]
        return Self.filled(summary) { replacements[$0] }.text
    }

    /// `template` with each `{{name}}` replaced by `replacement(name)`, or kept where that is
    /// `nil`, and the names met in order.
    private static func filled(
        _ template: String,
        replacement: (String) -> String?
    ) -> (text: String, names: [String]) {
        var text = ""
        var names: [String] = []
        var rest = Substring(template)
        while let open = rest.firstRange(of: "{{"), let close = rest[open.upperBound...].firstRange(of: "}}") {
            let name = String(rest[open.upperBound..<close.lowerBound])
            names.append(name)
            text += rest[..<open.lowerBound]
            text += replacement(name) ?? String(rest[open.lowerBound..<close.upperBound])
            rest = rest[close.upperBound...]
        }
        return (text + rest, names)
    }

    /// The summary of an alert as it stands at `time` (milliseconds); `{{for}}` counts from when
    /// the condition started to hold, up to the resolution for a resolved alert.
    public func summaryText(for state: AlertState, at time: Int64) -> String {
        let end = state.phase == .resolved ? state.resolvedAt ?? time : time
        let held = state.activeSince.map { max(0, end - $0) } ?? 0
        return summaryText(
            value: state.value,
            severity: state.severity,
            deployment: state.deployment,
            activeFor: Double(held) / 1000
        )
    }
}

/// Whole seconds as the two largest units: 45 → "45s", 180 → "3m", 3900 → "1h5m", 0 → "0s".
private func elapsedText(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds >= 1 else {
        return "0s"
    }
    var rest = Int64(min(seconds, 1e15))
    var parts: [String] = []
    for (symbol, size) in [("d", Int64(86_400)), ("h", 3600), ("m", 60), ("s", 1)] where rest >= size {
        parts.append("\(rest / size)\(symbol)")
        rest %= size
    }
    return parts.prefix(2).joined()
}
