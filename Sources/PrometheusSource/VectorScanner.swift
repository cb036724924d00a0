import Foundation

/// Reads the common answer of an instant query — a successful vector without warnings — straight from
/// its bytes, as Prometheus writes it: `{"status":"success","data":{"resultType":"vector","result":[…]}}`.
///
/// A fleet's histogram query returns a row per bucket per deployment (over 100,000 rows at 5,000
/// deployments); `JSONSerialization` spends seconds building a Foundation object per value of them.
/// This scanner builds the `InstantSeries` directly. It accepts only that exact shape (any key order
/// inside `metric`, JSON string escapes, whitespace between tokens); anything else — an error
/// envelope, warnings, infos, a native histogram, another result type, a byte it does not expect —
/// returns nil, and the general decoder reads the answer and words any problem.
struct VectorScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    /// Label names and values seen, by their bytes: a fleet's answer repeats a few names and each
    /// deployment's name many times (once per bucket).
    private var interned: [ArraySlice<UInt8>: String] = [:]

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The series of `body`, or nil when it is not exactly a successful vector without warnings.
    static func vector(_ body: [UInt8]) -> [InstantSeries]? {
        body.withUnsafeBufferPointer { buffer in
            var scanner = VectorScanner(buffer)
            return scanner.document()
        }
    }

    private mutating func document() -> [InstantSeries]? {
        guard literal("{"), key("status"), literal("\""), word("success"), literal("\""), literal(","),
            key("data"), literal("{"), key("resultType"), literal("\""), word("vector"), literal("\""),
            literal(","), key("result"), literal("[")
        else { return nil }
        var series: [InstantSeries] = []
        if literal("]") {
            return end() ? series : nil
        }
        repeat {
            guard let item = element() else { return nil }
            series.append(item)
        } while literal(",")
        guard literal("]"), end() else { return nil }
        return series
    }

    /// `}}` and nothing but whitespace after: no warnings or infos (the general decoder keeps those).
    private mutating func end() -> Bool {
        guard literal("}"), literal("}") else { return false }
        skipSpace()
        return position == bytes.count
    }

    /// `{"metric":{…},"value":[t,"v"]}`.
    private mutating func element() -> InstantSeries? {
        guard literal("{"), key("metric"), literal("{") else { return nil }
        var labels: [String: String] = [:]
        if !literal("}") {
            repeat {
                guard let name = string(), literal(":"), let value = string() else { return nil }
                labels[name] = value
            } while literal(",")
            guard literal("}") else { return nil }
        }
        guard literal(","), key("value"), literal("["), let time = number(), literal(","), let text = string(),
            let value = ResponseDecoder.sampleValue(text), literal("]"), literal("}")
        else { return nil }
        return InstantSeries(labels: labels, sample: PrometheusSample(timestamp: time, value: value))
    }

    // MARK: - Tokens

    private mutating func skipSpace() {
        while position < bytes.count,
            bytes[position] == 0x20 || bytes[position] == 0x0A || bytes[position] == 0x0D
                || bytes[position] == 0x09
        {
            position += 1
        }
    }

    /// One ASCII character, after whitespace.
    private mutating func literal(_ character: Unicode.Scalar) -> Bool {
        skipSpace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: character) else { return false }
        position += 1
        return true
    }

    /// The ASCII letters of `text`, exactly (inside a string already opened).
    private mutating func word(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        let start = text.utf8Start
        for offset in 0..<count where bytes[position + offset] != start[offset] { return false }
        position += count
        return true
    }

    /// `"name":`.
    private mutating func key(_ name: StaticString) -> Bool {
        literal("\"") && word(name) && literal("\"") && literal(":")
    }

    /// A JSON string, unescaped; repeated ones share one `String`.
    private mutating func string() -> String? {
        guard literal("\"") else { return nil }
        let start = position
        var escaped = false
        while position < bytes.count {
            let byte = bytes[position]
            if byte == 0x22 { break }
            if byte == 0x5C {
                escaped = true
                position += 2
                continue
            }
            if byte < 0x20 { return nil }
            position += 1
        }
        guard position < bytes.count else { return nil }
        let raw = ArraySlice(bytes[start..<position])
        position += 1
        if !escaped {
            if let known = interned[raw] { return known }
            let text = String(decoding: raw, as: UTF8.self)
            if interned.count < 100_000 { interned[raw] = text }
            return text
        }
        return Self.unescape(raw)
    }

    /// The text of a string with escapes, through Foundation's parser (rare in label values).
    private static func unescape(_ raw: ArraySlice<UInt8>) -> String? {
        let quoted = Data([0x5B, 0x22] + raw + [0x22, 0x5D])
        return (try? JSONSerialization.jsonObject(with: quoted) as? [String])?.first
    }

    /// A JSON number (the sample's Unix time).
    private mutating func number() -> Double? {
        skipSpace()
        let start = position
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "+"),
                UInt8(ascii: "e"), UInt8(ascii: "E"):
                position += 1
            default:
                guard position > start else { return nil }
                return Double(String(decoding: bytes[start..<position], as: UTF8.self))
            }
        }
        return nil
    }
}
