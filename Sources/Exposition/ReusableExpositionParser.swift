/// A parser that keeps its name table and label-block cache from one parse to the next, for
/// a collector that scrapes the same target again and again: names, label values and whole
/// label blocks seen in an earlier scrape are not converted to Strings again, and samples
/// share the `[Label]` arrays of earlier scrapes.
///
/// Results and errors are exactly those of `ExpositionParser.parse`. Keep one instance per
/// target and use it from one task at a time (it is not `Sendable`). The tables are dropped
/// when the format changes or they outgrow `maximumCachedBytes`, so a target whose label
/// values never repeat cannot make them grow without bound.
public final class ReusableExpositionParser {
    private var strings = InternTable()
    private var labelBlocks: LabelBlockCache?
    private var format: ExpositionFormat?

    /// Above this many cached bytes (names, values and label blocks) the tables start afresh.
    public let maximumCachedBytes: Int

    public init(maximumCachedBytes: Int = 8 << 20) {
        self.maximumCachedBytes = maximumCachedBytes
    }

    public func parse(_ bytes: [UInt8], format: ExpositionFormat) throws(ExpositionError) -> [MetricFamily] {
        let result: Result<[MetricFamily], ExpositionError> = bytes.withUnsafeBytes { buffer in
            do throws(ExpositionError) {
                return .success(try parse(buffer, format: format))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    public func parse(
        _ buffer: UnsafeRawBufferPointer,
        format: ExpositionFormat
    ) throws(ExpositionError) -> [MetricFamily] {
        guard let base = buffer.baseAddress, buffer.count > 0 else {
            return try ExpositionParser.parse(buffer, format: format)
        }
        if self.format != format || strings.byteCount + (labelBlocks?.byteCount ?? 0) > maximumCachedBytes {
            strings = InternTable()
            labelBlocks = nil
            self.format = format
        }
        var session = ParseSession(
            bytes: base.assumingMemoryBound(to: UInt8.self),
            count: buffer.count,
            format: format,
            strings: strings,
            labelBlocks: labelBlocks.take()
        )
        defer {
            labelBlocks = session.labelBlocks
            session.release()
        }
        return try session.run()
    }

    /// Parses text, e.g. a payload already decoded or a test literal.
    public func parse(_ text: String, format: ExpositionFormat) throws(ExpositionError) -> [MetricFamily] {
        try parse(Array(text.utf8), format: format)
    }
}
