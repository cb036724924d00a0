/// A metric family: its metadata and every sample that belongs to it.
public struct MetricFamily: Sendable {
    /// The family name: from `# TYPE`/`# HELP`, or the sample name for a family without metadata.
    public var name: String
    /// The declared type; families without `# TYPE` (and `untyped`) are `.unknown`.
    public var type: MetricType
    /// The `# HELP` text with escapes resolved; `""` for a `# HELP` line without text.
    public var help: String?
    /// The OpenMetrics `# UNIT`; always nil in Prometheus text 0.0.4.
    public var unit: String?
    /// Samples in exposition order, e.g. a histogram's `_bucket`, `_sum`, `_count` and `_created` lines.
    public var samples: [Sample]

    public init(name: String, type: MetricType, help: String? = nil, unit: String? = nil, samples: [Sample] = []) {
        self.name = name
        self.type = type
        self.help = help
        self.unit = unit
        self.samples = samples
    }
}
