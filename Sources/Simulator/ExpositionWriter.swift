/// Builds a Prometheus text 0.0.4 page in the layout of one client library.
struct ExpositionWriter {
    /// The library whose quirks the page imitates (serving-metrics.md §1.5).
    enum Style {
        /// Python `prometheus_client` (vLLM): sorted labels, Go-style floats, `_created` gauges.
        case prometheusClient
        /// Rust `metrics-exporter-prometheus` (TGI): integer counters, insertion-order labels, blank lines.
        case rustExporter
        /// llama.cpp's hand-written C++ exporter: unlabeled, `%g` with 6 significant digits.
        case llamaCpp
    }

    let style: Style
    private(set) var text = ""

    init(style: Style, capacity: Int = 16_384) {
        self.style = style
        text.reserveCapacity(capacity)
    }

    /// `# HELP` and `# TYPE` lines; `help` nil omits the HELP line (TGI metrics without a description).
    mutating func family(_ name: String, type: String, help: String?) {
        if let help {
            text += "# HELP \(name) \(Self.escapeHelp(help))\n"
        }
        text += "# TYPE \(name) \(type)\n"
    }

    /// One sample line; labels are sorted by name for `prometheus_client`, kept in order otherwise.
    mutating func sample(_ name: String, _ labels: [(String, String)] = [], _ value: Double, integer: Bool = false) {
        text += name
        if !labels.isEmpty {
            let ordered = style == .prometheusClient ? labels.sorted { $0.0 < $1.0 } : labels
            text += "{"
            var first = true
            for (key, labelValue) in ordered {
                if !first { text += "," }
                first = false
                text += key
                text += "=\""
                text += Self.escapeLabel(labelValue)
                text += "\""
            }
            text += "}"
        }
        text += " "
        text += format(value, integer: integer)
        text += "\n"
    }

    /// The `_bucket` lines of one histogram series: the label text around `le` is built once, not per bucket.
    mutating func buckets(_ name: String, _ labels: [(String, String)], _ histogram: BucketedHistogram) {
        let withLe = labels + [("le", "\u{0}")]
        let ordered = style == .prometheusClient ? withLe.sorted { $0.0 < $1.0 } : withLe
        var prefix = name + "_bucket{"
        var suffix = ""
        var seenLe = false
        for (index, (key, value)) in ordered.enumerated() {
            let separator = index == 0 ? "" : ","
            if key == "le" {
                prefix += separator + "le=\""
                seenLe = true
                suffix = "\""
            } else if seenLe {
                suffix += separator + key + "=\"" + Self.escapeLabel(value) + "\""
            } else {
                prefix += separator + key + "=\"" + Self.escapeLabel(value) + "\""
            }
        }
        suffix += "} "
        let integer = style == .rustExporter
        for (count, bound) in zip(histogram.cumulativeCounts, histogram.layout.labels(for: style)) {
            text += prefix
            text += bound
            text += suffix
            text += format(count, integer: integer)
            text += "\n"
        }
    }

    /// The blank line the Rust exporter writes after every family.
    mutating func endFamily() {
        if style == .rustExporter {
            text += "\n"
        }
    }

    /// A value in this style; `integer` marks Rust counters, which are `u64` there.
    func format(_ value: Double, integer: Bool = false) -> String {
        switch style {
        case .prometheusClient:
            return ExpositionNumber.prometheusClient(value)
        case .rustExporter:
            if integer, value.isFinite, value >= 0, value < 1.8e19 {
                return String(UInt64(value))
            }
            return ExpositionNumber.rust(value)
        case .llamaCpp:
            return ExpositionNumber.cpp(value)
        }
    }

    /// An `le` label value in this style.
    func bound(_ value: Double) -> String {
        if value == .infinity { return "+Inf" }
        switch style {
        case .prometheusClient: return ExpositionNumber.prometheusClient(value)
        case .rustExporter: return ExpositionNumber.rust(value)
        case .llamaCpp: return ExpositionNumber.cpp(value)
        }
    }

    /// Label values escape backslash, double quote and newline (exposition format 0.0.4).
    static func escapeLabel(_ value: String) -> String {
        guard value.contains(where: { $0 == "\\" || $0 == "\"" || $0 == "\n" }) else { return value }
        var escaped = ""
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// HELP text escapes only backslash and newline.
    static func escapeHelp(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }
}
