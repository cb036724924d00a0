/// Parses Prometheus text 0.0.4 and OpenMetrics 1.0 payloads into metric families.
///
/// Follows the Prometheus exposition-format documentation and the OpenMetrics 1.0
/// specification, with prometheus/common's leniencies for 0.0.4 (blanks around tokens,
/// trailing commas, missing commas, interleaved families). Malformed input throws an
/// `ExpositionError` with the line and column; the parser never traps on any input.
public enum ExpositionParser {
    public static func parse(_ bytes: [UInt8], format: ExpositionFormat) throws(ExpositionError) -> [MetricFamily] {
        let result: Result<[MetricFamily], ExpositionError> = bytes.withUnsafeBytes { buffer in
            do throws(ExpositionError) {
                return .success(try parse(buffer, format: format))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    public static func parse(
        _ buffer: UnsafeRawBufferPointer,
        format: ExpositionFormat
    )
        throws(ExpositionError) -> [MetricFamily]
    {
        guard let base = buffer.baseAddress, buffer.count > 0 else {
            if format == .openMetrics {
                throw ExpositionError(line: 1, column: 1, message: "empty payload; OpenMetrics must end with '# EOF'")
            }
            return []
        }
        var session = ParseSession(
            bytes: base.assumingMemoryBound(to: UInt8.self),
            count: buffer.count,
            format: format
        )
        defer { session.release() }
        return try session.run()
    }

    /// Parses text, e.g. a payload already decoded or a test literal.
    public static func parse(_ text: String, format: ExpositionFormat) throws(ExpositionError) -> [MetricFamily] {
        try parse(Array(text.utf8), format: format)
    }
}
