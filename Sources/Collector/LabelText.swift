import Exposition

/// The canonical text of a label set as stored in `SeriesKey.labels`.
///
/// Pairs sorted by name, `name="value"` with `\`, `"` and newline escaped as in the exposition
/// format, joined by `,`. Empty values are dropped, as Prometheus treats them as absent.
public enum LabelText {
    public static func make(_ labels: [Label]) -> String {
        labels
            .filter { !$0.value.isEmpty }
            .sorted { $0.name < $1.name }
            .map { $0.name + "=\"" + escape($0.value) + "\"" }
            .joined(separator: ",")
    }

    static func escape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for character in value.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
