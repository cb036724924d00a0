/// A minimal reader of the simulator's own 0.0.4 pages, enough to check values in tests.
///
/// It handles exactly what the simulator writes (one space before the value, escaped label values) and
/// fails loudly otherwise; it is not the project's exposition parser.
struct PageSample: Equatable {
    var name: String
    var labels: [String: String]
    /// Labels in the order they appear on the line.
    var labelOrder: [String]
    var valueText: String
    var value: Double
}

enum PageSamples {
    static func parse(_ page: String) throws -> [PageSample] {
        var samples: [PageSample] = []
        for (lineNumber, line) in page.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            if line.hasPrefix("#") { continue }
            guard let space = line.lastIndex(of: " ") else {
                throw LoopbackFailure(message: "line \(lineNumber + 1) has no value: \(line)")
            }
            let valueText = String(line[line.index(after: space)...])
            guard let value = Double(valueText) ?? special(valueText) else {
                throw LoopbackFailure(message: "line \(lineNumber + 1) has a bad value: \(line)")
            }
            let head = line[..<space]
            var name = String(head)
            var labels: [String: String] = [:]
            var order: [String] = []
            if let brace = head.firstIndex(of: "{") {
                name = String(head[..<brace])
                var rest = Substring(head[head.index(after: brace)...])
                while let equals = rest.firstIndex(of: "=") {
                    let key = String(rest[..<equals]).trimmingPrefix(",")
                    var index = rest.index(equals, offsetBy: 2)
                    var decoded = ""
                    while index < rest.endIndex, rest[index] != "\"" {
                        if rest[index] == "\\" {
                            index = rest.index(after: index)
                            switch rest[index] {
                            case "n": decoded.append("\n")
                            default: decoded.append(rest[index])
                            }
                        } else {
                            decoded.append(rest[index])
                        }
                        index = rest.index(after: index)
                    }
                    labels[String(key)] = decoded
                    order.append(String(key))
                    rest = rest[rest.index(after: index)...]
                }
            }
            samples.append(
                PageSample(name: name, labels: labels, labelOrder: order, valueText: valueText, value: value)
            )
        }
        return samples
    }

    private static func special(_ text: String) -> Double? {
        switch text {
        case "+Inf", "inf": return .infinity
        case "-Inf", "-inf": return -.infinity
        case "NaN", "nan": return .nan
        default: return nil
        }
    }
}

extension [PageSample] {
    func named(_ name: String) -> [PageSample] { filter { $0.name == name } }

    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        first { sample in sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value } }?.value
    }
}
