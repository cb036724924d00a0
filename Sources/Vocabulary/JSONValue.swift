/// A JSON document written by hand: object keys sorted, numbers in their shortest exact form,
/// non-finite numbers as `null`.
///
/// For the headless commands' `--json`, where Foundation's `JSONEncoder` costs more than the
/// work it reports: it asks the runtime at every value whether its type conforms to one of
/// its marker protocols, and in a binary with the whole of Foundation linked in each first
/// question scans every conformance record (about 9 ms of a 50 ms `llmdeck ab --json`).
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// `value` as a number; `null` when it is nil, NaN or infinite.
    public static func number(_ value: Double?) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        return .number(value)
    }

    public static func integer(_ value: Int) -> JSONValue { .integer(Int64(value)) }

    /// `value` as a string, or `null`.
    public static func string(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }

    /// The document as compact text (no whitespace).
    public var text: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4_096)
        write(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    public func write(into out: inout [UInt8]) {
        switch self {
        case .null: out += Self.nullBytes
        case .bool(let value): out += value ? Self.trueBytes : Self.falseBytes
        case .integer(let value): out += Array(String(value).utf8)
        case .number(let value): Self.writeNumber(value, into: &out)
        case .string(let value): Self.writeString(value, into: &out)
        case .array(let values):
            out.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                value.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                members[key, default: .null].write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let nullBytes = Array("null".utf8)
    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Integral values below 2^53 without a fraction (`1`, not `1.0`); others in Swift's
    /// shortest round-tripping form (`0.1`, `3.5e-148`), which is valid JSON.
    private static func writeNumber(_ value: Double, into out: inout [UInt8]) {
        guard value.isFinite else {
            out += nullBytes
            return
        }
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 {
            out += Array(String(Int64(value)).utf8)
        } else {
            out += Array(value.description.utf8)
        }
    }

    /// Quotes, backslashes and control characters escaped; everything else as UTF-8.
    private static func writeString(_ value: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                out += Array("\\u00".utf8)
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
