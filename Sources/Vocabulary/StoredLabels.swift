/// Reads the canonical label text a series is stored under (`SeriesKey.labels`): pairs sorted by
/// name, `name="value"` with `\`, `"` and newline escaped as in the exposition format, joined by
/// `,` (what the collector's `LabelText.make` writes).
public enum StoredLabels {
    /// The pairs of `text` by name; a malformed pair ends the reading (what was read is kept).
    public static func parse(_ text: String) -> [String: String] {
        // Byte by byte: `=`, `"`, `\` and `,` are ASCII, so they never occur inside a UTF-8
        // sequence and every cut below falls between characters.
        var pairs: [String: String] = [:]
        var text = text
        text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                guard let equals = bytes[index...].firstIndex(of: UInt8(ascii: "=")) else { break }
                let name = String(decoding: bytes[index..<equals], as: UTF8.self)
                index = equals + 1
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { break }
                index += 1
                var value: [UInt8] = []
                var isClosed = false
                while index < bytes.count {
                    let byte = bytes[index]
                    index += 1
                    if byte == UInt8(ascii: "\"") {
                        isClosed = true
                        break
                    }
                    if byte == UInt8(ascii: "\\"), index < bytes.count {
                        let escaped = bytes[index]
                        index += 1
                        value.append(escaped == UInt8(ascii: "n") ? UInt8(ascii: "\n") : escaped)
                    } else {
                        value.append(byte)
                    }
                }
                guard isClosed else { break }
                pairs[name] = String(decoding: value, as: UTF8.self)
                if index < bytes.count, bytes[index] == UInt8(ascii: ",") { index += 1 }
            }
        }
        return pairs
    }
}
