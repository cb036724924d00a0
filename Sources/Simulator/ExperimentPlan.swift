/// A prompt A/B experiment the simulated application runs on some vLLM servers: its variants, the split
/// actually served, each variant's true success probability and latency, and how much traffic it gets.
///
/// The first variant is the control. The expected split is always equal (what `llmdeck ab` assumes when
/// the config names none), so weights that are not all equal make a broken split on purpose.
public struct ExperimentPlan: Sendable, Equatable {
    /// One prompt variant and its true behaviour.
    public struct Variant: Sendable, Equatable {
        public var name: String
        /// Relative share of the experiment's requests served with this variant (normalised over the
        /// variants, so 40/60 and 0.4/0.6 are the same split).
        public var weight: Double
        /// Probability (0…1) that the application judges a request the server answered a success; a server
        /// failure (1 % at the base release, more in an error burst) is always a failure.
        public var successProbability: Double
        /// Multiplies the request's prefill and per-token time (1 = as the server's release; 1.1 = 10 % slower).
        public var latencyFactor: Double

        public init(name: String, weight: Double = 1, successProbability: Double = 0.85, latencyFactor: Double = 1) {
            self.name = name
            self.weight = weight
            self.successProbability = successProbability
            self.latencyFactor = latencyFactor
        }
    }

    /// Dollars per million tokens, for the experiments whose application exports its own cost.
    public struct Pricing: Sendable, Equatable {
        public var promptPerMillion: Double
        public var completionPerMillion: Double

        public init(promptPerMillion: Double, completionPerMillion: Double) {
            self.promptPerMillion = promptPerMillion
            self.completionPerMillion = completionPerMillion
        }

        /// Dollars for one request's tokens.
        func dollars(promptTokens: Int, completionTokens: Int) -> Double {
            (Double(promptTokens) * promptPerMillion + Double(completionTokens) * completionPerMillion) / 1_000_000
        }
    }

    /// The `experiment` label value.
    public var name: String
    /// Variants in order; the first is the control.
    public var variants: [Variant]
    /// How many vLLM servers serve the experiment (production ones first); each exports its own part of the
    /// counts. A fleet with fewer vLLM servers uses all it has.
    public var servers: Int
    /// Experiment requests per simulated second on each of its servers, on top of the server's own traffic.
    public var requestsPerSecond: Double
    /// Exports `llm_prompt_cost_dollars_total` at these prices; nil leaves cost to the console's price table.
    public var pricing: Pricing?
    /// Exports the quality-score histogram `llm_prompt_score`.
    public var exportsScore: Bool
    /// Simulated seconds after the fleet starts when the experiment begins: before it, its series are exported
    /// at zero and its share of requests is served outside any experiment, so a collector that starts with
    /// the fleet sees every experiment request as an increment.
    public var startSeconds: Double

    public init(
        name: String,
        variants: [Variant],
        servers: Int = 2,
        requestsPerSecond: Double = 5,
        pricing: Pricing? = nil,
        exportsScore: Bool = false,
        startSeconds: Double = 0
    ) {
        self.name = name
        self.variants = variants
        self.servers = servers
        self.requestsPerSecond = requestsPerSecond
        self.pricing = pricing
        self.exportsScore = exportsScore
        self.startSeconds = startSeconds
    }

    /// The control variant's name.
    public var control: String { variants.first?.name ?? "" }

    /// Each variant's share of the experiment's requests (the weights normalised to sum to 1).
    public var split: [Double] {
        let total = variants.reduce(0) { $0 + $1.weight }
        return variants.map { total > 0 ? $0.weight / total : 0 }
    }

    /// True when the served split differs from the equal split a consumer expects (a sample-ratio mismatch).
    public var hasBrokenSplit: Bool {
        let equal = 1 / Double(max(variants.count, 1))
        return split.contains { abs($0 - equal) > 1e-9 }
    }

    /// The experiments `llmdeck sim` and `llmdeck demo` run unless told otherwise: one with a real effect, one
    /// without, one with a broken split, each on two replicas. Rates are chosen so that the effect is found
    /// within a few minutes (notes/simulator-experiments.md has the arithmetic).
    public static let standard: [ExperimentPlan] = [
        // Treatment b: +4 points of success, 10 % slower; exports its own cost and a quality score.
        ExperimentPlan(
            name: "system-prompt",
            variants: [
                Variant(name: "a", successProbability: 0.85),
                Variant(name: "b", successProbability: 0.89, latencyFactor: 1.1),
            ],
            servers: 2,
            requestsPerSecond: 15,
            pricing: Pricing(promptPerMillion: 0.15, completionPerMillion: 0.6),
            exportsScore: true
        ),
        // Three variants, no true effect; a score but no exported cost.
        ExperimentPlan(
            name: "few-shot",
            variants: ["0-shot", "3-shot", "5-shot"].map { Variant(name: $0, successProbability: 0.8) },
            servers: 2,
            requestsPerSecond: 3,
            exportsScore: true
        ),
        // No effect, but 40/60 served where 50/50 is expected.
        ExperimentPlan(
            name: "router-v2",
            variants: [
                Variant(name: "v1", weight: 40, successProbability: 0.9),
                Variant(name: "v2", weight: 60, successProbability: 0.9),
            ],
            servers: 2,
            requestsPerSecond: 2
        ),
    ]

    /// Limits of a plan (the console refuses more than 20 variants; the simulator allows more to test that).
    static let maximumVariants = 100
    static let maximumServers = 10_000
    static let maximumRequestsPerSecond = 10_000.0

    /// Checks the plan; the error names the field to fix.
    public func validated() throws(ExperimentPlanError) -> ExperimentPlan {
        func fail(_ field: String, _ message: String) -> ExperimentPlanError {
            ExperimentPlanError(plan: name, field: field, message: message)
        }
        if name.isEmpty {
            throw fail("name", "the experiment needs a name")
        }
        if variants.isEmpty || variants.count > Self.maximumVariants {
            throw fail("variants", "give 1 to \(Self.maximumVariants) variants, got \(variants.count)")
        }
        if let empty = variants.firstIndex(where: { $0.name.isEmpty }) {
            throw fail("variants", "variant \(empty + 1) has no name")
        }
        if Set(variants.map(\.name)).count != variants.count {
            throw fail("variants", "variant names must be distinct")
        }
        if let bad = variants.first(where: { !($0.weight >= 0) || !$0.weight.isFinite }) {
            throw fail("weights", "weight of \(bad.name) must be a finite number ≥ 0, got \(bad.weight)")
        }
        if !(variants.reduce(0) { $0 + $1.weight } > 0) {
            throw fail("weights", "at least one weight must be positive")
        }
        if let bad = variants.first(where: { !($0.successProbability >= 0 && $0.successProbability <= 1) }) {
            throw fail("success", "success of \(bad.name) must be between 0 and 1, got \(bad.successProbability)")
        }
        if let bad = variants.first(where: { !($0.latencyFactor > 0 && $0.latencyFactor <= 100) }) {
            throw fail(
                "latency",
                "latency factor of \(bad.name) must be above 0 and at most 100, got \(bad.latencyFactor)"
            )
        }
        if servers < 1 || servers > Self.maximumServers {
            throw fail("servers", "must be between 1 and \(Self.maximumServers), got \(servers)")
        }
        if !(requestsPerSecond >= 0 && requestsPerSecond <= Self.maximumRequestsPerSecond) {
            throw fail("rate", "must be between 0 and \(Int(Self.maximumRequestsPerSecond)) requests per second")
        }
        if !(startSeconds >= 0 && startSeconds.isFinite) {
            throw fail("start", "must be a finite number of seconds ≥ 0, got \(startSeconds)")
        }
        if let pricing,
            ![pricing.promptPerMillion, pricing.completionPerMillion].allSatisfy({ $0 >= 0 && $0.isFinite })
        {
            throw fail("cost", "prices must be finite numbers ≥ 0 dollars per million tokens")
        }
        return self
    }
}
