import Config
import Fleet
import Foundation
import Terminal

/// The `s` prompt of the Alerts pane, on the status line: first how long (a preset picked with
/// Tab, or typed, such as `90m`), then why (required, as Alertmanager requires a comment). Enter
/// goes on, Esc cancels; the outcome is an `AlertAction.silence` for the rule on the deployment.
///
/// On an Alertmanager alert the outcome is a silence of the alert in its Alertmanager; `a` on one
/// asks only why (an acknowledgement there is a silence, which needs a comment).
public struct SilencePrompt: Sendable, Equatable {
    public let ruleID: String
    public let deployment: String
    /// The Alertmanager alert acted on; nil for llmdeck's own rule on the deployment.
    public let alertmanagerAlert: AlertRecord?
    /// `a` on an Alertmanager alert: no duration, the comment only.
    public let isAcknowledgement: Bool
    /// Milliseconds, once given; nil while the duration is asked for.
    public private(set) var duration: Int64?
    /// The duration being typed, then the comment.
    public private(set) var input = TextInput(limit: 200)
    /// What was wrong with the last Enter; cleared by the next key.
    public private(set) var note: String?

    /// The durations Tab cycles through.
    public static let presets = ["15m", "1h", "4h", "1d"]

    public init(ruleID: String, deployment: String) {
        self.ruleID = ruleID
        self.deployment = deployment
        alertmanagerAlert = nil
        isAcknowledgement = false
    }

    /// Silences (or, `acknowledging`, acknowledges) an alert of an Alertmanager there.
    public init(alertmanager alert: AlertRecord, acknowledging: Bool) {
        ruleID = alert.ruleID
        deployment = alert.deployment
        alertmanagerAlert = alert
        isAcknowledgement = acknowledging
        if acknowledging { duration = 0 }
    }

    /// What a key did to the prompt.
    public enum Outcome: Sendable, Equatable {
        case editing
        case cancelled
        case done(AlertAction)
    }

    public mutating func handle(_ key: Key) -> Outcome {
        note = nil
        if duration == nil, key == .tab || key == .backTab {
            let count = Self.presets.count
            let forward = key == .tab
            let next = Self.presets.firstIndex(of: input.text).map { ($0 + (forward ? 1 : count - 1)) % count }
            input.setText(Self.presets[next ?? (forward ? 0 : count - 1)])
            return .editing
        }
        switch input.handle(key) {
        case .edited, .ignored: return .editing
        case .cancelled: return .cancelled
        case .submitted(let text):
            guard let duration else {
                accept(duration: text)
                return .editing
            }
            let comment = text.trimmingCharacters(in: .whitespaces)
            guard !comment.isEmpty else {
                note =
                    "\(isAcknowledgement ? "an acknowledgement" : "a silence") needs a comment: say why (Esc cancels)"
                return .editing
            }
            if let alert = alertmanagerAlert {
                return .done(
                    isAcknowledgement
                        ? .acknowledgeInAlertmanager(alert, comment: comment)
                        : .silenceInAlertmanager(alert, duration: duration, comment: comment)
                )
            }
            return .done(.silence(ruleID: ruleID, deployment: deployment, duration: duration, comment: comment))
        }
    }

    /// Takes `text` as the duration and asks for the comment, or says what is wrong with it.
    private mutating func accept(duration text: String) {
        guard let seconds = parseDuration(text), seconds > 0 else {
            note =
                text.isEmpty
                ? "pick a duration with Tab (15m, 1h, 4h, 1d) or type one, such as 90m"
                : "\(text) is not a duration: type one such as 90m, 2h or 1d"
            return
        }
        let milliseconds = Int64((seconds * 1000).rounded())
        guard milliseconds <= AlertLedger.longestSilence else {
            note = "a silence lasts at most 30 days"
            return
        }
        duration = milliseconds
        input = TextInput(limit: 200)
    }

    /// The prompt before the text: what is silenced, and for how long once known.
    public var prompt: String {
        let place = alertmanagerAlert.map { " in Alertmanager \($0.source)" } ?? ""
        if isAcknowledgement { return "acknowledge \(ruleID) on \(deployment)\(place) because: " }
        let what = "silence \(ruleID) on \(deployment)\(place)"
        guard let duration else { return what + " for: " }
        return what + " for \(formatDuration(Double(duration) / 1000)) because: "
    }

    /// The footer's line: the note when the last Enter was refused, else the keys.
    public var hint: String {
        if let note { return note }
        return duration == nil
            ? "Tab picks 15m/1h/4h/1d, or type one (90m) · Enter next · Esc cancels"
            : "a comment is required · Enter \(isAcknowledgement ? "acknowledges" : "silences") · Esc cancels"
    }
}
