import Foundation

/// The compact text form of a plan, for `--experiment` flags and tests:
///
///     system-prompt:variants=a,b;weights=50,50;success=0.85,0.89;latency=1,1.1;servers=2;rate=15;cost=0.15/0.6;score=yes
///
/// `name:` then `key=value` fields separated by `;`. Only `variants` is required; `weights` defaults to
/// equal, `success` to 0.85, `latency` to 1 (a single value applies to every variant), `servers` to 2,
/// `rate` (experiment requests per second on each server) to 5, `cost` (dollars per million prompt/completion
/// tokens) to none — no cost exported —, `score` (`yes`/`no`) to no, and `start` (simulated seconds after the
/// fleet starts when the experiment begins) to 0.
extension ExperimentPlan: CustomStringConvertible {
    private static let keys = [
        "variants", "weights", "success", "latency", "servers", "rate", "cost", "score", "start",
    ]

    /// Parses one plan's text; the error names the field at fault.
    public init(parsing text: String) throws(ExperimentPlanError) {
        func fail(_ field: String, _ message: String) -> ExperimentPlanError {
            ExperimentPlanError(plan: text, field: field, message: message)
        }
        guard let colon = text.firstIndex(of: ":") else {
            throw fail("name", "write the plan as NAME:variants=a,b;… (no \":\" after the name)")
        }
        let name = Self.trimmed(text[..<colon])
        guard !name.isEmpty else { throw fail("name", "the experiment needs a name before \":\"") }
        var fields: [String: String] = [:]
        for part in text[text.index(after: colon)...].split(separator: ";") where !Self.trimmed(part).isEmpty {
            guard let equals = part.firstIndex(of: "=") else {
                throw fail(Self.trimmed(part), "a field is written key=value")
            }
            let key = Self.trimmed(part[..<equals]).lowercased()
            guard Self.keys.contains(key) else {
                throw fail(key, "unknown field; use \(Self.keys.joined(separator: ", "))")
            }
            guard fields[key] == nil else { throw fail(key, "given twice") }
            fields[key] = Self.trimmed(part[part.index(after: equals)...])
        }
        guard let variantText = fields["variants"] else {
            throw fail("variants", "give the variants, control first: variants=a,b")
        }
        let names = Self.list(variantText)
        let count = names.count
        func numbers(_ key: String, default value: Double, broadcast: Bool) throws(ExperimentPlanError) -> [Double] {
            guard let field = fields[key] else { return Array(repeating: value, count: count) }
            var values: [Double] = []
            for item in Self.list(field) {
                guard let number = Double(item), number.isFinite else {
                    throw fail(key, "\"\(item)\" is not a number")
                }
                values.append(number)
            }
            if broadcast && values.count == 1 { return Array(repeating: values[0], count: count) }
            guard values.count == count else {
                throw fail(
                    key,
                    "give \(count) values, one per variant\(broadcast ? ", or one for all" : ""); got \(values.count)"
                )
            }
            return values
        }
        let weights = try numbers("weights", default: 1, broadcast: false)
        let success = try numbers("success", default: 0.85, broadcast: true)
        let latency = try numbers("latency", default: 1, broadcast: true)
        let variants = names.indices.map { index in
            Variant(
                name: names[index],
                weight: weights[index],
                successProbability: success[index],
                latencyFactor: latency[index]
            )
        }
        var servers = 2
        if let field = fields["servers"] {
            guard let value = Int(field) else { throw fail("servers", "\"\(field)\" is not a whole number") }
            servers = value
        }
        var rate = 5.0
        if let field = fields["rate"] {
            guard let value = Double(field) else { throw fail("rate", "\"\(field)\" is not a number") }
            rate = value
        }
        var start = 0.0
        if let field = fields["start"] {
            guard let value = Double(field) else { throw fail("start", "\"\(field)\" is not a number of seconds") }
            start = value
        }
        var pricing: Pricing?
        if let field = fields["cost"] {
            let prices = field.split(separator: "/", omittingEmptySubsequences: false).map { Double(Self.trimmed($0)) }
            guard prices.count == 2, let prompt = prices[0], let completion = prices[1] else {
                throw fail("cost", "write dollars per million prompt/completion tokens, e.g. cost=0.15/0.6")
            }
            pricing = Pricing(promptPerMillion: prompt, completionPerMillion: completion)
        }
        var score = false
        if let field = fields["score"] {
            switch field.lowercased() {
            case "yes", "true", "on": score = true
            case "no", "false", "off": score = false
            default: throw fail("score", "use yes or no, got \"\(field)\"")
            }
        }
        let plan = ExperimentPlan(
            name: name,
            variants: variants,
            servers: servers,
            requestsPerSecond: rate,
            pricing: pricing,
            exportsScore: score,
            startSeconds: start
        )
        do {
            self = try plan.validated()
        } catch {
            throw fail(error.field, error.message)
        }
    }

    /// The plans of repeated `--experiment` texts: none given keeps `standard`, a single `none` runs no
    /// experiment; names must be distinct.
    public static func plans(parsing texts: [String]) throws(ExperimentPlanError) -> [ExperimentPlan] {
        if texts.isEmpty { return standard }
        if texts.count == 1 && trimmed(Substring(texts[0])).lowercased() == "none" { return [] }
        var plans: [ExperimentPlan] = []
        for text in texts {
            let plan = try ExperimentPlan(parsing: text)
            if plans.contains(where: { $0.name == plan.name }) {
                throw ExperimentPlanError(
                    plan: text,
                    field: "name",
                    message: "another experiment is named \(plan.name)"
                )
            }
            plans.append(plan)
        }
        return plans
    }

    /// The plan in its text form, every field written; parsing it gives the same plan.
    public var description: String {
        func joined(_ values: [Double]) -> String { values.map { Self.number($0) }.joined(separator: ",") }
        var text = "\(name):variants=\(variants.map(\.name).joined(separator: ","))"
        text += ";weights=\(joined(variants.map(\.weight)))"
        text += ";success=\(joined(variants.map(\.successProbability)))"
        text += ";latency=\(joined(variants.map(\.latencyFactor)))"
        text += ";servers=\(servers);rate=\(Self.number(requestsPerSecond))"
        if let pricing {
            text += ";cost=\(Self.number(pricing.promptPerMillion))/\(Self.number(pricing.completionPerMillion))"
        }
        text += ";score=\(exportsScore ? "yes" : "no")"
        return startSeconds > 0 ? text + ";start=\(Self.number(startSeconds))" : text
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    private static func list(_ text: String) -> [String] {
        text.split(separator: ",", omittingEmptySubsequences: false).map { trimmed($0) }
    }

    private static func trimmed(_ text: Substring) -> String {
        text.trimmingCharacters(in: .whitespaces)
    }
}
