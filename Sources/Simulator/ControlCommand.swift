import Foundation

/// A change of a fake server's behaviour, from `POST /sim/control`, a scenario step or the Swift API.
public enum ControlCommand: Sendable, Equatable {
    /// How a server that is "down" fails.
    public enum DownMode: String, Sendable {
        /// The kind's real unhealthy answer: vLLM 503 empty, TGI 503 JSON, llama.cpp 503 "Loading model".
        case unhealthy
        /// The listener closes: connection refused, as vLLM while it loads weights.
        case refuse
    }

    /// A new release: `latencyFactor` multiplies prefill and per-token time; `errorRate` replaces the error rate.
    case deploy(version: String?, latencyFactor: Double, errorRate: Double?)
    /// Prompt lengths multiplied by `promptFactor` from now on (1 ends the drift).
    case drift(promptFactor: Double)
    /// Error rate raised to `rate` (0…1) for `seconds` of simulated time, or until changed.
    case errors(rate: Double, seconds: Double?)
    case down(mode: DownMode, seconds: Double?)
    /// Ends down, hang, html and huge.
    case up
    /// Requests to the server's own endpoints never get an answer.
    case hang
    /// Endpoints answer an HTML error page, as a misrouted proxy does.
    case html
    /// `/metrics` answers a valid-looking page of `bytes` bytes, streamed.
    case huge(bytes: Int)
    /// Counters and histograms restart from zero, like a restarted process.
    case resetCounters
    /// The served model name, taken verbatim (it may be hostile: quotes, newlines, escapes).
    case modelName(String)
    /// Reverts the last deploy (version and behaviour).
    case rollback
    /// Freezes the simulated clock, so `/metrics` and `/sim/state` describe the same instant.
    case pause
    case resume

    /// Decodes a `/sim/control` body: `{"action": "deploy", "version": "v2", "latency_factor": 3, …}`.
    ///
    /// Returns the command and the optional `server` field, which addresses another server of the fleet.
    public static func decode(json bytes: Data) throws(SimulatorError) -> (command: ControlCommand, server: String?) {
        let object: [String: Any]
        do {
            guard let decoded = try JSONSerialization.jsonObject(with: bytes) as? [String: Any] else {
                throw SimulatorError(kind: .badControl, message: "control body must be a JSON object")
            }
            object = decoded
        } catch let error as SimulatorError {
            throw error
        } catch {
            throw SimulatorError(
                kind: .badControl,
                message: "control body is not valid JSON; send e.g. {\"action\":\"deploy\"}"
            )
        }
        guard let action = object["action"] as? String else {
            throw SimulatorError(kind: .badControl, message: "control body needs a string field \"action\"")
        }
        let server = object["server"] as? String
        return (try command(action: action, fields: object), server)
    }

    private static func command(action: String, fields: [String: Any]) throws(SimulatorError) -> ControlCommand {
        func number(_ key: String) throws(SimulatorError) -> Double? {
            guard let raw = fields[key] else { return nil }
            guard let value = (raw as? NSNumber)?.doubleValue, value.isFinite, value >= 0 else {
                throw SimulatorError(kind: .badControl, message: "\"\(key)\" must be a non-negative number")
            }
            return value
        }
        switch action {
        case "deploy":
            let factor = try number("latency_factor") ?? 3
            let rate = try number("error_rate")
            if let rate, rate > 1 {
                throw SimulatorError(kind: .badControl, message: "\"error_rate\" is a fraction between 0 and 1")
            }
            return .deploy(version: fields["version"] as? String, latencyFactor: max(factor, 0.01), errorRate: rate)
        case "drift":
            return .drift(promptFactor: max(try number("factor") ?? 3, 0.01))
        case "errors":
            let rate = try number("rate") ?? 0.3
            guard rate <= 1 else {
                throw SimulatorError(kind: .badControl, message: "\"rate\" is a fraction between 0 and 1")
            }
            return .errors(rate: rate, seconds: try number("seconds"))
        case "down":
            let modeText = fields["mode"] as? String ?? "unhealthy"
            guard let mode = DownMode(rawValue: modeText) else {
                throw SimulatorError(kind: .badControl, message: "\"mode\" must be \"unhealthy\" or \"refuse\"")
            }
            return .down(mode: mode, seconds: try number("seconds"))
        case "up": return .up
        case "hang": return .hang
        case "html": return .html
        case "huge":
            let bytes = try number("bytes") ?? Double(64 << 20)
            return .huge(bytes: Int(min(bytes, Double(1 << 34))))
        case "reset_counters": return .resetCounters
        case "model_name":
            guard let name = fields["name"] as? String else {
                throw SimulatorError(kind: .badControl, message: "model_name needs a string field \"name\"")
            }
            return .modelName(name)
        case "rollback": return .rollback
        case "pause": return .pause
        case "resume": return .resume
        default:
            throw SimulatorError(
                kind: .badControl,
                message: "unknown action \"\(action)\"; use deploy, drift, errors, down, up, hang, html, huge, "
                    + "reset_counters, model_name, rollback, pause or resume"
            )
        }
    }
}
