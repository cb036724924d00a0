import Fleet
import Terminal
import Vocabulary

/// The fleet table's columns: title, size, how important (dropped first when narrow), and how a
/// deployment sorts and colours in it.
public enum FleetColumn: Int, Sendable, CaseIterable, Equatable {
    case name, health, environment, model, version, requestRate, errorRate
    case p50, p95, p99, ttftP95, tokenRate, costPerHour, queue, kvCache

    public var title: String {
        switch self {
        case .name: "NAME"
        case .health: "HEALTH"
        case .environment: "ENV"
        case .model: "MODEL"
        case .version: "VERSION"
        case .requestRate: "REQ/S"
        case .errorRate: "ERR%"
        case .p50: "P50"
        case .p95: "P95"
        case .p99: "P99"
        case .ttftP95: "TTFT95"
        case .tokenRate: "TOK/S"
        case .costPerHour: "COST/H"
        case .queue: "RUN/WAIT"
        case .kvCache: "KV%"
        }
    }

    /// Cells, including room for a change arrow and the sort indicator.
    var width: Int {
        switch self {
        case .name: 14
        case .health: 7
        case .environment: 10
        case .model: 18
        case .version: 14
        case .requestRate, .tokenRate, .costPerHour: 7
        case .errorRate: 6
        case .p50, .p95, .p99: 7
        case .ttftP95: 7
        case .queue: 9
        case .kvCache: 5
        }
    }

    /// 0 stays longest; the table drops the highest numbers first (bottom's column priority).
    var priority: Int {
        switch self {
        case .name, .health: 0
        case .p95, .errorRate, .requestRate: 1
        case .version: 2
        case .model, .ttftP95: 3
        case .kvCache, .queue, .tokenRate: 4
        case .p99, .environment, .costPerHour: 5
        case .p50: 6
        }
    }

    var alignment: TextAlignment {
        switch self {
        case .name, .health, .environment, .model, .version: .left
        default: .right
        }
    }

    var tableColumn: TableColumn {
        TableColumn(title, width: width, alignment: alignment, priority: priority, isFlexible: self == .name)
    }

    /// The value a deployment sorts by in this column: text columns by text, numbers by number
    /// (unknown numbers sort below every known one). HEALTH is sorted by `FleetRank` instead,
    /// which needs the alerts and thresholds (`FleetArrangement`).
    func sortKey(_ deployment: DeploymentStatus) -> SortKey {
        switch self {
        case .name: .text(deployment.name)
        case .health: .text(deployment.health?.rawValue ?? "")
        case .environment: .text(deployment.environment)
        case .model: .text(deployment.model ?? "")
        case .version: .text(deployment.version ?? "")
        case .requestRate: .number(deployment.requestsPerSecond)
        case .errorRate: .number(deployment.errorRatio)
        case .p50: .number(deployment.latencySeconds.p50)
        case .p95: .number(deployment.latencySeconds.p95)
        case .p99: .number(deployment.latencySeconds.p99)
        case .ttftP95: .number(deployment.ttftSeconds.p95)
        case .tokenRate: .number(deployment.tokensPerSecond)
        case .costPerHour: .number(deployment.costPerHour)
        case .queue: .number(deployment.waiting)
        case .kvCache: .number(deployment.kvCacheUsage)
        }
    }

    /// The numeric value of this column, when it is a numeric column with a change arrow.
    func number(_ deployment: DeploymentStatus) -> Double? {
        if case .number(let value) = sortKey(deployment) { return value }
        return nil
    }

    /// Finds a column by its title or a prefix of it, case-insensitively (`:sort p95`).
    public init?(title: String) {
        let wanted = title.uppercased()
        guard
            let match = FleetColumn.allCases.first(where: { $0.title == wanted })
                ?? FleetColumn.allCases.first(where: { $0.title.hasPrefix(wanted) })
        else { return nil }
        self = match
    }
}

/// A sortable value: text, or a number that may be unknown.
enum SortKey: Comparable {
    case text(String)
    case number(Double?)

    static func < (lhs: SortKey, rhs: SortKey) -> Bool {
        switch (lhs, rhs) {
        case (.text(let a), .text(let b)): a.localizedStandardLess(b)
        case (.number(let a), .number(let b)): (a ?? -.infinity) < (b ?? -.infinity)
        case (.text, .number): true
        case (.number, .text): false
        }
    }
}

extension String {
    /// Case-insensitive for ASCII letters, digits compared as numbers (`vllm-2` before
    /// `vllm-10`), without Foundation and without copying: the fleet is sorted on every frame.
    func localizedStandardLess(_ other: String) -> Bool {
        var left = self
        var right = other
        return left.withUTF8 { a in right.withUTF8 { b in Self.naturalLess(a, b) } }
    }

    private static func naturalLess(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        var j = 0
        while i < left.count, j < right.count {
            if isDigit(left[i]), isDigit(right[j]) {
                var a = 0
                var b = 0
                while i < left.count, isDigit(left[i]) {
                    a = a &* 10 &+ Int(left[i] - 48)
                    i += 1
                }
                while j < right.count, isDigit(right[j]) {
                    b = b &* 10 &+ Int(right[j] - 48)
                    j += 1
                }
                if a != b { return a < b }
            } else {
                let x = asciiLowercase(left[i])
                let y = asciiLowercase(right[j])
                if x != y { return x < y }
                i += 1
                j += 1
            }
        }
        return left.count - i < right.count - j
    }

    /// An ASCII byte lowercased (names compare and filter case-insensitively, byte by byte).
    static func asciiLowercase(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
}
