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
    /// Where each deployment is in the previous snapshot, by name, for the change arrows.
    private var previousPositions: [String: Int] = [:]

    public init() {}

    /// Filters `all`, sorts by `sortColumn` (HEALTH by `FleetRank`, worst first when ascending;
    /// ties by name), then groups: members keep that order within their group; groups follow
    /// their first member's place in it, or their names when sorted by NAME. A group shows when
    /// any member matches the filter, and sums up only the members that do.
    public init(
        _ all: [DeploymentStatus],
        previous: [DeploymentStatus]? = nil,
        filter: String = "",
        sortColumn: FleetColumn = .name,
        ascending: Bool = true,
        grouping: FleetGrouping = .none,
        expanded: Set<String> = [],
        alerts: [String: AlertSeverity] = [:],
        thresholds: Thresholds = .standard
    ) {
        let matcher = FleetFilter(filter)
        let shown = filter.isEmpty ? all : all.filter { matcher.matches($0) }
        let ranks: [FleetRank] =
            sortColumn == .health || grouping != .none
            ? shown.map { FleetRank($0, alert: alerts[$0.name], thresholds: thresholds) } : []
        // Keys are taken once and indices sorted, so a comparison neither rebuilds keys nor
        // moves whole rows.
        let keys = sortColumn == .health ? ranks.map(SortKey.rank) : shown.map(sortColumn.sortKey)
        let order = shown.indices.sorted { left, right in
            let a = keys[left]
            let b = keys[right]
            if a == b { return shown[left].name.localizedStandardLess(shown[right].name) }
            return ascending ? a < b : b < a
        }
        if grouping == .none {
            deployments = order.map { shown[$0] }
            rows = deployments.indices.map(FleetRow.deployment)
        } else {
            arrangeGroups(shown, order: order, ranks: ranks, by: grouping, expanded: expanded, sortColumn, ascending)
        }
        deploymentRows.reserveCapacity(rows.count)
        for (index, row) in rows.enumerated() {
            switch row {
            case .deployment(let position): deploymentRows[deployments[position].name] = index
            case .group(let position): groupRows[groups[position].name] = index
            }
        }
        if let previous {
            previousPositions.reserveCapacity(previous.count)
            for (index, deployment) in previous.enumerated() { previousPositions[deployment.name] = index }
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
