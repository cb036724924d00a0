/// The two text formats the parser reads; they differ in whitespace, timestamps, metadata and `# EOF`.
public enum ExpositionFormat: Sendable {
    /// Prometheus text format 0.0.4 (`text/plain; version=0.0.4`).
    case prometheusText
    /// OpenMetrics 1.0 (`application/openmetrics-text; version=1.0.0`).
    case openMetrics

    /// Picks the format from an HTTP `Content-Type`; anything not OpenMetrics (including nil) is 0.0.4 text.
    public init(contentType: String?) {
        let mediaType = contentType?.split(separator: ";").first?.trimmingSpaces().lowercased()
        self = mediaType == "application/openmetrics-text" ? .openMetrics : .prometheusText
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return text
    }
}
