/// Reads the canonical label text a series is stored under (`SeriesKey.labels`): pairs sorted by
/// name, `name="value"` with `\`, `"` and newline escaped as in the exposition format, joined by
/// `,` (what the collector's `LabelText.make` writes).
public enum StoredLabels {
    /// The pairs of `text` by name; a malformed pair ends the reading (what was read is kept).
    public static func parse(_ text: String) -> [String: String] {
        var pairs: [String: String] = [:]
        var scalars = text.unicodeScalars[...]
        while !scalars.isEmpty {
            guard let equals = scalars.firstIndex(of: "=") else { break }
            let name = String(String.UnicodeScalarView(scalars[..<equals]))
            scalars = scalars[scalars.index(after: equals)...]
            guard scalars.first == "\"" else { break }
            scalars = scalars.dropFirst()
            var value = String.UnicodeScalarView()
            var isClosed = false
            while let scalar = scalars.first {
                scalars = scalars.dropFirst()
                if scalar == "\"" {
                    isClosed = true
                    break
                }
                if scalar == "\\", let escaped = scalars.first {
                    scalars = scalars.dropFirst()
                    value.append(escaped == "n" ? "\n" : escaped)
                } else {
                    value.append(scalar)
                }
            }
            guard isClosed else { break }
            pairs[name] = String(value)
            if scalars.first == "," { scalars = scalars.dropFirst() }
        }
        return pairs
    }
}
