import Foundation

/// `application/x-www-form-urlencoded` as the WHATWG URL standard defines it (§5.2, the
/// application/x-www-form-urlencoded serializer): ASCII letters, digits and `*-._` stay, a space
/// becomes `+`, every other byte of the UTF-8 text is `%XX`. Go's `url.ParseQuery`, which Prometheus
/// uses for both query strings and POST bodies, reads it back exactly.
enum FormEncoding {
    /// `name=value&…` in the order given; a name may repeat (`match[]`).
    static func encode(_ fields: [(name: String, value: String)]) -> String {
        fields.map { escape($0.name) + "=" + escape($0.value) }.joined(separator: "&")
    }

    static func escape(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 3 / 2)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "*"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"):
                out.append(byte)
            case UInt8(ascii: " "):
                out.append(UInt8(ascii: "+"))
            default:
                let digits = Array("0123456789ABCDEF".utf8)
                out += [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Unix seconds as Prometheus reads them (a float), at its millisecond precision: `1700000000.123`.
    static func time(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let whole = milliseconds / 1000
        let fraction = abs(milliseconds % 1000)
        let sign = milliseconds < 0 && whole == 0 ? "-" : ""
        return sign + String(whole) + "." + String(fraction + 1000).dropFirst()
    }

    /// Seconds as a Prometheus float duration: `15`, `0.5`, `86400`.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
