import Analysis
import Fleet
import Terminal

/// The whole console as a value: what is shown, where the cursor is, what the user asked for.
///
/// Only `ConsoleReducer` changes it; views read it. The run loop derives the store read it wants
/// (`ConsoleRegistry.readRequest(for:)`) from it.
public struct AppState: Sendable {
    public var pane: Pane = .fleet
    public var width: Int
    public var height: Int
    /// Milliseconds since the Unix epoch, advanced by ticks (so views are deterministic in tests).
    public var now: Int64
    public var snapshot: FleetSnapshot? { didSet { arrangeDeployments() } }
    /// The snapshot before `snapshot`, for the change arrows.
    public var previous: FleetSnapshot?
    public var sortColumn: FleetColumn = .name { didSet { arrangeDeployments() } }
    public var sortAscending = true { didSet { arrangeDeployments() } }
    /// Substring, or a regular expression when it contains regex syntax (`vllm|tgi`, `^prod`).
    public var filter = "" { didSet { arrangeDeployments() } }
    /// How the Fleet pane groups its rows (`b`, `:group`).
    public var grouping: FleetGrouping = .none { didSet { arrangeDeployments() } }
    /// The groups opened with Enter, Space or →, by name; groups start closed.
    public var expandedGroups: Set<String> = [] { didSet { arrangeDeployments() } }
    /// The Fleet pane's rows: arranged again whenever the snapshot, filter, sort, grouping or an
    /// open group changes.
    public private(set) var arrangement = FleetArrangement()
    /// The deployments after the filter, in the chosen order (grouped: group after group).
    public var visibleDeployments: [DeploymentStatus] { arrangement.deployments }
    /// The cursor's row in `arrangement.rows`.
    public var selection = ScrollState()
    /// The deployment the cursor is on, kept across re-sorts and new data.
    public var selectedName: String?
    /// The group row the cursor is on, by name; nil on a deployment row.
    public var selectedGroup: String?
    public var detailScroll = ScrollState(selected: nil)
    public var range: TimeRange = .oneHour
    public var isPaused = false
    /// Seconds between store reads.
    public var refreshInterval: Double
    public var mode: InputMode = .normal
    /// The experiment under the Experiments pane's cursor, by name; nil for the first.
    public var selectedExperiment: String?
    /// The Experiments pane shows the selected experiment's full statistics.
    public var showsExperimentStatistics = false
    /// First help line shown: the `?` overlay scrolls with j/k when it is taller than the screen.
    public var helpOffset = 0
    public var flash: Flash?
    public var themeName: String
    /// Themes `:theme` completes to.
    public var themeNames: [String]
    public var isReadOnly: Bool
    /// Where the data comes from, shown in the header (`demo`, `in-process`, a store path).
    public var source: String
    public var shouldQuit = false
    /// What the Alerts pane shows: the list, the selected alert's detail, or the silences.
    public var alertsPage: AlertsPage = .list
    /// The alert under the Alerts pane's cursor, by id (`rule/deployment`); nil for the first.
    public var selectedAlert: String?
    /// The silence under the cursor of `:silences`, by id; nil for the first.
    public var selectedSilence: String?
    /// The alert rules in force (the reader's): units and rule details in the Alerts pane.
    public var alertRules: [AlertRuleSpec] = AlertRuleSpec.builtIn {
        didSet {
            thresholds = Thresholds(rules: alertRules)
            arrangeDeployments()
        }
    }
    /// The fleet table's colours, from `alertRules`.
    public private(set) var thresholds = Thresholds.standard
    /// Rings the terminal bell when a critical alert starts firing (`alerts.bell: true`).
    public var ringsBell = false
    /// The critical alerts firing at the last read that counted alerts; nil before one, so the
    /// alerts already firing when the console opens do not ring.
    public var criticalFiring: Set<String>?
    /// Deployments marked with Space, in the order they were marked: the latency pane overlays
    /// their p95s, the n-th in chart series colour n. At most `maximumMarks`.
    public var marked: [String] = []
    /// Uses `+`/`|`/`-` and block charts instead of box drawing and braille (`--ascii`).
    public var glyphs: GlyphSet = .unicode
    /// The rollback dialog (`R`) while it is open: it takes every key.
    public var rollbackDialog: RollbackDialog?
    /// The experiment action dialog (`P`, `R` in the Experiments pane) while it is open: it
    /// takes every key.
    public var experimentDialog: ExperimentActionDialog?
    /// The rollback in flight or just finished, on the status line under any flash: it stays
    /// while the action runs and is verified (`until` is `.max`), then two minutes.
    public var rollbackStatus: Flash?
    /// The deployment (or experiment) whose action is running (confirmed, not yet done, failed
    /// or refused): quitting waits for it, so the action is not cut off before its audit row.
    public var performingRollback: String?
    /// What the Audit pane shows: nil until the first read.
    public var auditTrail: AuditTrail?
    /// The audit row under the Audit pane's cursor, by id; nil for the newest.
    public var selectedAuditID: Int64?
    /// The Audit pane shows the selected row in full (Enter).
    public var showsAuditDetail = false

    public init(
        width: Int,
        height: Int,
        now: Int64,
        refreshInterval: Double = 1,
        themeName: String = "default",
        themeNames: [String] = [],
        isReadOnly: Bool = false,
        source: String = ""
    ) {
        self.width = width
        self.height = height
        self.now = now
        self.refreshInterval = refreshInterval
        self.themeName = themeName
        self.themeNames = themeNames
        self.isReadOnly = isReadOnly
        self.source = source
    }

    /// Smallest usable screen: the header, a few table rows, status and footer.
    public static let minimumWidth = 60
    public static let minimumHeight = 16

    public var isTooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }

    /// Marks the overlay can draw: one per chart series colour (themes define series 1–8).
    public static let maximumMarks = 8

    /// Refresh rate bounds, seconds (btop's floor is 0.1 s; a store read is cheap but not free).
    public static let fastestRefresh = 0.25
    public static let slowestRefresh = 60.0

    /// Data older than this is flagged STALE: three refreshes or three default poll intervals.
    public var staleAfter: Int64 { Int64(max(15, refreshInterval * 3) * 1000) }

    /// Milliseconds since the newest poll in the snapshot; nil before any data.
    public var dataAge: Int64? { snapshot?.newestPoll.map { max(0, now - $0) } }

    public var isStale: Bool {
        guard let snapshot else { return false }
        if now - snapshot.takenAt > staleAfter { return true }
        guard let age = dataAge else { return !snapshot.deployments.isEmpty }
        return age > staleAfter
    }

    /// Filters, sorts and groups the snapshot's deployments into `arrangement`.
    private mutating func arrangeDeployments() {
        arrangement = FleetArrangement(
            snapshot?.deployments ?? [],
            previous: previous?.deployments,
            filter: filter,
            sortColumn: sortColumn,
            ascending: sortAscending,
            grouping: grouping,
            expanded: expandedGroups,
            alerts: snapshot?.alertCounts?.byDeployment ?? [:],
            thresholds: thresholds,
            reusing: arrangement
        )
    }
}
