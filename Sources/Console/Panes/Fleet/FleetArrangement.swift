import Analysis
import Fleet

/// The Fleet pane's rows after the filter, the sort and the grouping: arranged once per change
/// (new data, filter, sort, grouping, a group opened or closed), so the several readers of a
/// frame (table, status line, cursor, read request) share one sort instead of sorting the fleet
/// each, and a frame formats only the rows in view.
public struct FleetArrangement: Sendable {
    /// The deployments that match the filter, in the chosen order; grouped, group after group.
    public private(set) var deployments: [DeploymentStatus] = []
    /// The groups in order, each with the members that match the filter; empty when ungrouped.
    public private(set) var groups: [FleetGroup] = []
    /// What the pane lists: every deployment, or each group followed by its members when open.
    public private(set) var rows: [FleetRow] = []
    private var deploymentRows: [String: Int] = [:]
    private var groupRows: [String: Int] = [:]
    /// The whole fleet sorted and filtered, kept for the next arrangement (see `SortedFleet`).
    private var sorted: SortedFleet?
    /// Where each deployment is in the previous snapshot, by name, for the change arrows.
    private var previousPositions: [String: Int] = [:]
    /// The previous snapshot's list `previousPositions` was taken from (held, so its identity
    /// tells whether the next arrangement can keep them).
    private var previousSource: [DeploymentStatus]?

    public init() {}

    /// Filters `all`, sorts by `sortColumn` (HEALTH by `FleetRank`, worst first when ascending;
    /// ties by name), then groups: members keep that order within their group; groups follow
    /// their first member's place in it, or their names when sorted by NAME. A group shows when
    /// any member matches the filter, and sums up only the members that do.
    ///
    /// `reusing` the arrangement before keeps its sort when the deployments (the same array),
    /// the sort, the alerts and the thresholds are unchanged, and its filtering when the filter
    /// is too: a filter keystroke or a group opened does not sort the fleet again.
    public init(
        _ all: [DeploymentStatus],
        previous: [DeploymentStatus]? = nil,
        filter: String = "",
        sortColumn: FleetColumn = .name,
        ascending: Bool = true,
        grouping: FleetGrouping = .none,
        expanded: Set<String> = [],
        alerts: [String: AlertSeverity] = [:],
        thresholds: Thresholds = .standard,
        reusing earlier: FleetArrangement? = nil
    ) {
        var fleet = SortedFleet(
            all,
            by: sortColumn,
            ascending: ascending,
            alerts: alerts,
            thresholds: thresholds,
            reusing: earlier?.sorted
        )
        fleet.filter(filter)
        let (shown, ranks, order) = (fleet.source, fleet.ranks, fleet.filtered)
        if grouping == .none {
            deployments = order.map { shown[$0] }
            rows = deployments.indices.map(FleetRow.deployment)
        } else {
            arrangeGroups(shown, order: order, ranks: ranks, by: grouping, expanded: expanded, sortColumn, ascending)
        }
        sorted = fleet
        deploymentRows.reserveCapacity(rows.count)
        for (index, row) in rows.enumerated() {
            switch row {
            case .deployment(let position): deploymentRows[deployments[position].name] = index
            case .group(let position): groupRows[groups[position].name] = index
            }
        }
        if let previous {
            if let earlier, let known = earlier.previousSource, known.isSameArray(as: previous) {
                previousPositions = earlier.previousPositions
            } else {
                previousPositions.reserveCapacity(previous.count)
                for (index, deployment) in previous.enumerated() { previousPositions[deployment.name] = index }
            }
            previousSource = previous
        }
    }

    private mutating func arrangeGroups(
        _ shown: [DeploymentStatus],
        order: [Int],
        ranks: [FleetRank],
        by grouping: FleetGrouping,
        expanded: Set<String>,
        _ sortColumn: FleetColumn,
        _ ascending: Bool
    ) {
        var names: [String] = []
        var members: [[Int]] = []
        var positions: [String: Int] = [:]
        for index in order {
            let name = grouping.group(of: shown[index]) ?? ""
            if let position = positions[name] {
                members[position].append(index)
            } else {
                positions[name] = names.count
                names.append(name)
                members.append([index])
            }
        }
        var groupOrder = Array(names.indices)
        if sortColumn == .name {
            groupOrder.sort { a, b in
                ascending ? names[a].localizedStandardLess(names[b]) : names[b].localizedStandardLess(names[a])
            }
        }
        deployments.reserveCapacity(shown.count)
        for position in groupOrder {
            let start = deployments.count
            var worst = members[position][0]
            var worstOffset = 0
            var notUp = 0
            for (offset, index) in members[position].enumerated() {
                if shown[index].health != .up { notUp += 1 }
                if ranks[index] < ranks[worst]
                    || (ranks[index] == ranks[worst] && shown[index].name.localizedStandardLess(shown[worst].name))
                {
                    worst = index
                    worstOffset = offset
                }
                deployments.append(shown[index])
            }
            let group = FleetGroup(
                name: names[position],
                members: start..<deployments.count,
                notUp: notUp,
                worst: start + worstOffset,
                isExpanded: expanded.contains(names[position])
            )
            rows.append(.group(groups.count))
            groups.append(group)
            if group.isExpanded { rows += group.members.map(FleetRow.deployment) }
        }
    }

    /// The row listing the deployment `name`; nil when it is filtered out or in a closed group.
    public func row(ofDeployment name: String) -> Int? { deploymentRows[name] }

    /// The row of the group `name`; nil when no member matches the filter.
    public func row(ofGroup name: String) -> Int? { groupRows[name] }

    /// The deployment on `row`; nil on a group row or past the end.
    public func deployment(atRow row: Int) -> DeploymentStatus? {
        guard rows.indices.contains(row), case .deployment(let position) = rows[row] else { return nil }
        return deployments[position]
    }

    /// The group on `row`; nil on a deployment row or past the end.
    public func group(atRow row: Int) -> FleetGroup? {
        guard rows.indices.contains(row), case .group(let position) = rows[row] else { return nil }
        return groups[position]
    }

    /// Where the deployment `name` was in the previous snapshot's list.
    func previousPosition(of name: String) -> Int? { previousPositions[name] }
}

/// One line of the Fleet pane: a group or a deployment, by position in the arrangement's lists.
public enum FleetRow: Sendable, Equatable {
    /// Position in `FleetArrangement.groups`.
    case group(Int)
    /// Position in `FleetArrangement.deployments`.
    case deployment(Int)
}

/// A group of deployments (one model, or one environment) as its row sums it up.
public struct FleetGroup: Sendable, Equatable {
    /// The model or environment.
    public var name: String
    /// The members matching the filter: positions in `FleetArrangement.deployments`.
    public var members: Range<Int>
    /// Members whose latest poll was not `up` (down, bad payload, degraded or not polled yet).
    public var notUp: Int
    /// Position of the worst member (`FleetRank`; ties by name) in `FleetArrangement.deployments`.
    public var worst: Int
    public var isExpanded: Bool
}

/// The whole fleet in the chosen order, and the part of it the filter keeps: sorting 5,000
/// deployments costs more than a frame, so an arrangement keeps this for the next one.
private struct SortedFleet: Sendable {
    /// The snapshot's list, held so that its identity (the same array) tells that it did not
    /// change.
    let source: [DeploymentStatus]
    let column: FleetColumn
    let ascending: Bool
    let alerts: [String: AlertSeverity]
    let thresholds: Thresholds
    /// Each deployment's `FleetRank`, by position in `source`.
    let ranks: [FleetRank]
    /// Positions in `source`, in the chosen order.
    let order: [Int]
    /// The filter `filtered` was taken with.
    private(set) var filterText: String?
    /// The positions of `order` the filter keeps, in order.
    private(set) var filtered: [Int] = []

    init(
        _ source: [DeploymentStatus],
        by column: FleetColumn,
        ascending: Bool,
        alerts: [String: AlertSeverity],
        thresholds: Thresholds,
        reusing earlier: SortedFleet?
    ) {
        let ranks: [FleetRank]
        if let earlier, earlier.source.isSameArray(as: source), earlier.alerts == alerts,
            earlier.thresholds == thresholds
        {
            if earlier.column == column, earlier.ascending == ascending {
                self = earlier
                return
            }
            ranks = earlier.ranks
        } else {
            ranks = source.map { FleetRank($0, alert: alerts[$0.name], thresholds: thresholds) }
        }
        self.source = source
        self.column = column
        self.ascending = ascending
        self.alerts = alerts
        self.thresholds = thresholds
        self.ranks = ranks
        order =
            column == .health
            ? Self.order(by: ranks, source, ascending: ascending)
            : Self.order(by: source.map(column.sortKey), source, ascending: ascending)
    }

    /// Indices of `source` sorted by `keys` (one per deployment), ties by name. Keys are taken once
    /// and indices sorted, so a comparison neither rebuilds keys nor moves whole rows.
    private static func order<Key: Comparable>(
        by keys: [Key],
        _ source: [DeploymentStatus],
        ascending: Bool
    ) -> [Int] {
        source.indices.sorted { left, right in
            let a = keys[left]
            let b = keys[right]
            if a == b { return source[left].name.localizedStandardLess(source[right].name) }
            return ascending ? a < b : b < a
        }
    }

    /// Keeps the deployments `text` matches (`FleetFilter`), unless it is the filter already applied.
    mutating func filter(_ text: String) {
        guard text != filterText else { return }
        filterText = text
        if text.isEmpty {
            filtered = order
            return
        }
        let matcher = FleetFilter(text)
        filtered = order.filter { matcher.matches(source[$0]) }
    }
}

extension Array where Element == DeploymentStatus {
    /// Whether both are the same array (one buffer), not merely equal: O(1).
    func isSameArray(as other: [DeploymentStatus]) -> Bool {
        count == other.count
            && withUnsafeBufferPointer { a in other.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress } }
    }
}
