import Analysis
import Exposition
import Foundation
import Store
import Vocabulary

/// What `llmdeck probe` shows of one poll: detection, health, identity, canonical values, families.
public struct ProbeReport: Sendable, Encodable {
    public struct Canonical: Sendable, Encodable, Equatable {
        public var name: String
        public var labels: String
        public var source: String
        public var type: String
        /// Counter or gauge value; for a histogram its observation count.
        public var value: Double
        /// Histograms only: sum (seconds) and quantiles over everything since the server started.
        public var sum: Double?
        public var p50: Double?
        public var p95: Double?
        public var p99: Double?
    }

    public struct Family: Sendable, Encodable, Equatable {
        public var name: String
        public var type: String
        public var samples: Int
    }

    /// The server's base URL, where health and identity endpoints were asked.
    public var url: String
    /// The metrics page fetched.
    public var metricsURL: String
    public var kind: String?
    public var health: String
    public var error: String?
    public var model: String?
    public var version: String?
    public var durationSeconds: Double
    public var bytes: Int
    public var canonical: [Canonical]
    public var families: [Family]

    enum CodingKeys: String, CodingKey {
        case url, kind, health, error, model, version, bytes, canonical, families
        case metricsURL = "metrics_url"
        case durationSeconds = "duration_seconds"
    }

    public init(_ observation: TargetObservation, of target: ScrapeTarget) {
        url = observation.url
        metricsURL = target.metricsURL
        kind = observation.kind?.rawValue
        health = observation.health.rawValue
        error = observation.error
        model = observation.identity.model
        version = observation.identity.version
        durationSeconds = observation.durationSeconds
        bytes = observation.bytes
        canonical = observation.canonical.map(Self.canonical)
        families = observation.families.map { Family(name: $0.name, type: $0.type.rawValue, samples: $0.samples.count) }
    }

    static func canonical(_ sample: CanonicalSample) -> Canonical {
        var out = Canonical(
            name: sample.metric.rawValue,
            labels: sample.labels,
            source: sample.source,
            type: "",
            value: 0
        )
        switch sample.value {
        case .counter(let value):
            out.type = "counter"
            out.value = value
        case .gauge(let value):
            out.type = "gauge"
            out.value = value
        case .histogram(let bounds, let counts, let count, let sum):
            out.type = "histogram"
            out.value = count
            out.sum = sum
            let buckets = zip(bounds, counts).map { HistogramBucket(upperBound: $0, cumulativeCount: $1) }
            let quantile = { (q: Double) -> Double? in
                let value = histogramQuantile(q, buckets)
                return value.isFinite ? value : nil
            }
            out.p50 = quantile(0.5)
            out.p95 = quantile(0.95)
            out.p99 = quantile(0.99)
        }
        return out
    }

    /// The human-readable report; every line passes through `TextSanitizer`, the console grid's rules,
    /// so server-supplied text (names, labels, errors) cannot steer the terminal.
    public var text: String {
        var lines = [
            "url       \(url)",
            "metrics   \(metricsURL)",
            "kind      \(kind ?? "not recognised")",
            "health    \(health)" + (error.map { "  (\($0))" } ?? ""),
            "model     \(model ?? "-")",
            "version   \(version ?? "-")",
            "fetched   \(bytes) bytes in \(String(format: "%.3f", durationSeconds)) s",
            "",
            "canonical values (\(canonical.count)):",
        ]
        for value in canonical {
            let labels = value.labels.isEmpty ? "" : "{\(value.labels)}"
            var line = "  \(value.name)\(labels) \(value.type) "
            if value.type == "histogram" {
                let format = { (x: Double?) in x.map { String(format: "%.4g", $0) } ?? "-" }
                line += "count=\(format(value.value)) sum=\(format(value.sum)) p50=\(format(value.p50))"
                line += " p95=\(format(value.p95)) p99=\(format(value.p99))"
            } else {
                line += String(format: "%.6g", value.value)
            }
            lines.append(line + "  ← \(value.source)")
        }
        lines.append("")
        lines.append("families (\(families.count)):")
        let width = families.map(\.name.count).max() ?? 0
        for family in families {
            let name = family.name.padding(toLength: width, withPad: " ", startingAt: 0)
            lines.append(
                "  \(name)  \(family.type.padding(toLength: 9, withPad: " ", startingAt: 0)) \(family.samples)"
            )
        }
        return lines.map(TextSanitizer.sanitize).joined(separator: "\n") + "\n"
    }
}
