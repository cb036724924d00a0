import Foundation

/// A fixture page whose counters and histogram buckets advance from one poll to the next, as a
/// real server's do: each counter and histogram series gains 0–3 per poll (0 in about a third of
/// polls, so some raw series do not move), a histogram's gain lands in every bucket from a
/// per-series bound up (cumulative buckets stay consistent, `_count` follows `+Inf`), gauges move
/// a little, `_created` and untyped lines stay as they are. The page keeps its lines, so after
/// the first poll the collector reads it by layout, as in production.
struct AdvancingPage {
    private enum Role {
        case fixed
        case counter
        case gauge
        /// A histogram line of series `group`: bucket `index` of `count`, or `_sum`/`_count`.
        case bucket(group: Int, index: Int, count: Int)
        case sum(group: Int)
        case total(group: Int)
    }

    private struct Line {
        var head: String
        var value: Double
        var tail: String
        var role: Role
    }

    private let lines: [Line]

    init(_ text: String) {
        var types: [String: String] = [:]
        var parsed: [(line: Line, group: String?)] = []
        var groups: [String: (id: Int, buckets: Int)] = [:]
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let text = String(raw)
            if text.hasPrefix("# TYPE ") {
                let words = text.split(separator: " ")
                if words.count >= 4 { types[String(words[2])] = String(words[3]) }
            }
            guard !text.isEmpty, !text.hasPrefix("#"), let split = Self.split(text) else {
                parsed.append((Line(head: text, value: 0, tail: "", role: .fixed), nil))
                continue
            }
            let (name, labels, value, tail) = (split.name, split.labels, split.value, split.tail)
            let head = String(text.prefix(split.headLength))
            var line = Line(head: head, value: value, tail: tail, role: .fixed)
            var group: String?
            if !value.isFinite {
                // Kept as it is, like every other `.fixed` line below.
            } else if types[name] == "counter" {
                line.role = .counter
            } else if types[name] == "gauge", !name.hasSuffix("_created") {
                line.role = .gauge
            } else if let base = Self.histogramBase(name, types) {
                let pairs: [String] = labels.filter { $0.name != "le" }.map { $0.name + "=" + $0.value }
                let key: String = base + "{" + pairs.joined(separator: ",")
                var entry: (id: Int, buckets: Int) = groups[key] ?? (groups.count, 0)
                if name.hasSuffix("_bucket") {
                    line.role = .bucket(group: entry.id, index: entry.buckets, count: 0)
                    entry.buckets += 1
                } else {
                    line.role = name.hasSuffix("_sum") ? .sum(group: entry.id) : .total(group: entry.id)
                }
                groups[key] = entry
                group = key
            }
            if case .fixed = line.role { line.head = text }
            parsed.append((line, group))
        }
        lines = parsed.map { entry in
            guard case .bucket(let id, let index, _) = entry.line.role, let key = entry.group else { return entry.line }
            var line = entry.line
            line.role = .bucket(group: id, index: index, count: groups[key]?.buckets ?? index + 1)
            return line
        }
    }

    /// The page as polled for the `poll`-th time (0 = the fixture) by target `target`.
    func render(poll: Int, target: Int) -> [UInt8] {
        var out = ""
        out.reserveCapacity(lines.count * 100)
        for (number, line) in lines.enumerated() {
            var value = line.value
            switch line.role {
            case .fixed:
                out += line.head
                out += "\n"
                continue
            case .counter:
                value += Self.gained(seed: number &* 31 &+ target, polls: poll)
            case .gauge:
                value *= 1 + 0.01 * Double((poll + number) % 5)
            case .bucket(let group, let index, let count):
                if index >= (group + target) % count { value += Self.gained(seed: group &* 17 &+ target, polls: poll) }
            case .total(let group):
                value += Self.gained(seed: group &* 17 &+ target, polls: poll)
            case .sum(let group):
                value += 0.25 * Self.gained(seed: group &* 17 &+ target, polls: poll)
            }
            out += line.head
            out += " "
            out += String(value)
            out += line.tail
            out += "\n"
        }
        return Array(out.utf8)
    }

    /// Total gain after `polls` polls: 0–3 a poll, 0 whenever `(seed + poll) % 3 == 0`.
    private static func gained(seed: Int, polls: Int) -> Double {
        var total = 0
        for poll in stride(from: 1, through: polls, by: 1) where (seed &+ poll) % 3 != 0 {
            total += 1 + (seed &+ poll) % 3
        }
        return Double(total)
    }

    private static func histogramBase(_ name: String, _ types: [String: String]) -> String? {
        for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
            let base = String(name.dropLast(suffix.count))
            if types[base] == "histogram" { return base }
        }
        return nil
    }

    /// Name, labels, value and what follows the value (a timestamp) of a sample line; `headLength`
    /// is the length of the name and label block.
    private static func split(
        _ text: String
    ) -> (name: String, labels: [(name: String, value: String)], value: Double, tail: String, headLength: Int)? {
        let characters = Array(text)
        var position = 0
        while position < characters.count, characters[position] != "{", characters[position] != " " { position += 1 }
        let name = String(characters[0..<position])
        var labels: [(name: String, value: String)] = []
        if position < characters.count, characters[position] == "{" {
            position += 1
            while position < characters.count, characters[position] != "}" {
                var labelName = ""
                while position < characters.count, characters[position] != "=" {
                    if characters[position] != "," { labelName.append(characters[position]) }
                    position += 1
                }
                position += 2  // `="`
                var value = ""
                while position < characters.count, characters[position] != "\"" {
                    if characters[position] == "\\", position + 1 < characters.count {
                        value.append(characters[position])
                        position += 1
                    }
                    value.append(characters[position])
                    position += 1
                }
                position += 1
                labels.append((labelName.trimmingCharacters(in: .whitespaces), value))
            }
            position += 1
        }
        let headLength = min(position, characters.count)
        let rest = String(characters[headLength...]).trimmingCharacters(in: .whitespaces)
        let words = rest.split(separator: " ", maxSplits: 1)
        guard let first = words.first, let value = Double(first) else { return nil }
        return (name, labels, value, words.count > 1 ? " " + words[1] : "", headLength)
    }
}
