/// Prometheus' classic label and metric name rules (`[a-zA-Z_][a-zA-Z0-9_]*`, and `:` in metric names),
/// checked before a name is put into PromQL or a URL path.
enum LabelName {
    static func isValid(_ name: String) -> Bool {
        isValid(name, allowingColon: false)
    }

    static func isValidMetricName(_ name: String) -> Bool {
        isValid(name, allowingColon: true)
    }

    private static func isValid(_ name: String, allowingColon: Bool) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
            return false
        }
        return name.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
                true
            case UInt8(ascii: ":"): allowingColon
            default: false
            }
        }
    }
}
