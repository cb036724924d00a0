import Fleet
import Terminal
import Testing
import Vocabulary

@testable import Console

/// The Fleet pane over 5,000 deployments: paging, grouping by model or environment, closed
/// groups showing their worst member, opening them, the filter and the sort within groups.
struct FleetScaleTests {
    static let size = 5_000

    /// `d-0000` … `d-4999`, ten models (`model-<i % 10>`), three environments, all up and
    /// quiet, except the planted worst members: in model-3 two down (d-2403 with more errors)
    /// and one degraded; in model-5 a critical alert on d-0105 and the highest error ratio of
    /// the quiet ones on d-0205; in model-7 two deployments with the same error ratio, d-4507
    /// slower against the p95 threshold.
    static func fleet() -> FleetSnapshot {
        let environments = ["production", "staging", "canary"]
        var deployments: [DeploymentStatus] = []
        for index in 0..<size {
            let p95 = 0.5 + Double(index % 17) / 10
            let errors = Double(index % 7) / 1000
            deployments.append(
                ConsoleFixtures.deployment(
                    name(index),
                    environment: environments[index % 3],
                    model: "model-\(index % 10)",
                    p95: p95,
                    requests: Double(index % 50),
                    errors: errors
                )
            )
        }
        deployments[303].health = .degraded
        deployments[1203].health = .down
        deployments[1203].errorRatio = 0.01
        deployments[2403].health = .down
        deployments[2403].errorRatio = 0.2
        deployments[205].errorRatio = 0.09
        deployments[4407].errorRatio = 0.04
        deployments[4407].latencySeconds.p95 = 3
        deployments[4507].errorRatio = 0.04
        deployments[4507].latencySeconds.p95 = 6
        var snapshot = FleetSnapshot(takenAt: ConsoleFixtures.now, deployments: deployments)
        var counts = AlertCounts()
        counts.firingCritical = 1
        counts.byDeployment = [name(105): .critical]
        snapshot.alertCounts = counts
        return snapshot
    }

    static func name(_ index: Int) -> String {
        "d-" + String(repeating: "0", count: 4 - String(index).count) + String(index)
    }

    private func state(width: Int = 200, height: Int = 60) -> AppState {
        var state = AppState(width: width, height: height, now: ConsoleFixtures.now, source: "test")
        _ = ConsoleReducer.reduce(&state, .snapshot(Self.fleet()))
        return state
    }

    private func press(_ keys: [Key], _ state: inout AppState) {
        for key in keys { _ = ConsoleReducer.reduce(&state, .key(key)) }
    }

    private func command(_ text: String, _ state: inout AppState) {
        press([.character(":")] + text.map { Key.character($0) } + [.enter], &state)
    }

    private func screen(_ state: AppState) -> [String] {
        TextBackend.render(ConsoleView.render(state)).split(separator: "\n").map(String.init)
    }

    /// The table's rows: the lines between the header row and the bottom border with text.
    private func tableRows(_ state: AppState) -> [String] {
        let lines = screen(state)
        guard let header = lines.firstIndex(where: { $0.contains("NAME") && $0.contains("HEALTH") }) else { return [] }
        return lines[(header + 1)...].prefix { $0.hasPrefix("│") }.filter {
            $0.contains { $0 != "│" && $0 != " " }
        }
    }

    @Test func pagingReachesTheLastDeploymentAndTheScreenShowsOnlyAWindow() {
        var state = state()
        #expect(screen(state).contains { $0.contains("Fleet (5000)") })
        press([.end], &state)
        #expect(state.selectedDeployment?.name == "d-4999")
        let rows = tableRows(state)
        #expect(rows.count == 60 - 7, "a full window of rows (the screen less header, tabs, borders, status, hints)")
        #expect(rows.last?.contains("d-4999") == true)
        #expect(!rows.contains { $0.contains("d-0000 ") })
        press([.pageUp], &state)
        #expect(state.selectedDeployment?.name == Self.name(4999 - (60 - 8)))
        press([.home], &state)
        #expect(tableRows(state).first?.contains("d-0000") == true)
    }

    @Test func groupingByModelShowsClosedGroupsWithTheirWorstMember() throws {
        var state = state()
        press([.character("b")], &state)
        #expect(state.grouping == .model)
        #expect(state.arrangement.rows.count == 10, "ten closed groups, no member rows")
        let rows = tableRows(state)
        #expect(rows.count == 10)
        #expect(screen(state).contains { $0.contains("Fleet (5000) · by model, 10 groups") })
        let model3 = try #require(rows.first { $0.contains("model-3 ") })
        #expect(model3.contains("▸ model-3 (500, 3 not up) worst d-2403"))
        #expect(model3.contains("down"), "the worst member's health")
        #expect(model3.contains("20.0"), "the worst member's error %")
        let model5 = try #require(rows.first { $0.contains("model-5 ") })
        #expect(model5.contains("▸ model-5 (500) worst d-0105"), "an open critical alert outranks errors")
        let model7 = try #require(rows.first { $0.contains("model-7 ") })
        #expect(model7.contains("worst d-4507"), "same errors: the slower against its threshold")
        let model0 = try #require(rows.first { $0.contains("model-0 ") })
        // A quiet group's worst: the highest error ratio (0.6 %, i % 7 == 6), the slowest of those.
        #expect(model0.contains("worst d-1070"))
        #expect(state.selectedDeployment == nil, "the cursor is on a group row: R and a act on nothing")
        #expect(state.selectedFleetGroup?.name == "model-0")
        _ = ConsoleReducer.reduce(&state, .tick(ConsoleFixtures.now + 5_000))
        #expect(screen(state)[58] == "model-0 · 500 deployments · worst d-1070 (up) · Enter opens")
        press([.character("R")], &state)
        #expect(state.rollbackDialog == nil)
        #expect(state.flash?.text == "no deployment selected to roll back")
    }

    @Test func enterOpensAGroupAndLeftClosesItFromAMember() {
        var state = state()
        command("group model", &state)
        press([.character("j"), .character("j"), .character("j")], &state)
        #expect(state.selectedFleetGroup?.name == "model-3")
        press([.enter], &state)
        #expect(state.arrangement.rows.count == 10 + 500)
        #expect(state.selectedFleetGroup?.name == "model-3", "the cursor stays on the group row")
        let rows = tableRows(state)
        #expect(rows[3].contains("▾ model-3 (500, 3 not up)"))
        #expect(rows[4].contains("│  d-0003"), "members follow their group, indented, in name order")
        #expect(rows[5].contains("│  d-0013"))
        press([.character("j")], &state)
        #expect(state.selectedDeployment?.name == "d-0003")
        press([.left], &state)
        #expect(state.arrangement.rows.count == 10)
        #expect(state.selectedFleetGroup?.name == "model-3", "closing from a member returns to its group")
        press([.right], &state)
        #expect(state.arrangement.rows.count == 510)
        press([.character(" ")], &state)
        #expect(state.arrangement.rows.count == 10, "Space closes it again")
        #expect(state.marked.isEmpty, "Space on a group marks nothing")
    }

    @Test func filterAppliesWithinGroupsAndHidesGroupsWithoutAMatch() throws {
        var state = state()
        command("group environment", &state)
        #expect(state.arrangement.groups.map(\.name) == ["canary", "production", "staging"])
        press([.character("/")] + "^d-00[0-4]".map { Key.character($0) } + [.enter], &state)
        // d-0000 … d-0049: 17 production (i % 3 == 0), 17 staging, 16 canary.
        let groups = state.arrangement.groups
        #expect(groups.map(\.name) == ["canary", "production", "staging"])
        #expect(groups.map(\.members.count) == [16, 17, 17])
        press([.character("/"), .control("u")] + "model-3".map { Key.character($0) } + [.enter], &state)
        #expect(state.arrangement.groups.map(\.members.count) == [166, 167, 167])
        press([.character("/"), .control("u")] + "production".map { Key.character($0) } + [.enter], &state)
        #expect(state.arrangement.groups.map(\.name) == ["production"], "a group shows when a member matches")
        let rows = tableRows(state)
        #expect(rows.count == 1)
        #expect(rows[0].contains("▸ production (1667, 3 not up) worst d-2403"))
    }

    @Test func sortAppliesWithinGroupsAndWorstFirstOrdersTheGroups() {
        var state = state()
        command("group model", &state)
        command("sort p95", &state)
        press([.character("r"), .home, .enter], &state)
        let group = state.arrangement.groups[0]
        let p95s = state.arrangement.deployments[group.members].map { $0.latencySeconds.p95 ?? 0 }
        #expect(p95s == p95s.sorted(by: >), "members by p95, highest first")
        #expect(
            group.name == "model-7",
            "groups follow their first member: model-7 holds the slowest (d-4507, 6 s)"
        )
        press([.character("w")], &state)
        #expect(state.sortColumn == .health && state.sortAscending)
        #expect(Array(state.arrangement.groups.map(\.name).prefix(3)) == ["model-3", "model-5", "model-7"])
        let open = state.arrangement.groups.first { $0.isExpanded }
        #expect(open?.name == "model-7", "the open group stays open across re-sorts")
        let members = state.arrangement.deployments[open?.members ?? 0..<0].map(\.name)
        #expect(members.first == "d-4507")
        #expect(members.dropFirst().first == "d-4407")
    }

    @Test func worstFirstWithoutGroupsListsDownThenDegradedThenAlertsThenErrors() {
        var state = state()
        press([.character("w")], &state)
        let names = state.visibleDeployments.prefix(6).map(\.name)
        #expect(names == ["d-2403", "d-1203", "d-0303", "d-0105", "d-0205", "d-4507"])
        #expect(screen(state).contains { $0.contains("HEALTH▲") })
    }

    @Test func newDataIsSortedAgainWhileAFilterKeystrokeKeepsTheSort() {
        var state = state()
        press([.character("w")], &state)
        #expect(state.visibleDeployments.first?.name == "d-2403")
        var next = Self.fleet()
        next.deployments[4999].health = .down
        next.deployments[4999].errorRatio = 0.5
        _ = ConsoleReducer.reduce(&state, .snapshot(next))
        #expect(state.visibleDeployments.first?.name == "d-4999", "new data is ranked again")
        press([.character("/")] + "d-49".map { Key.character($0) }, &state)
        #expect(state.visibleDeployments.first?.name == "d-4999")
        #expect(state.visibleDeployments.count == 100)
        press([.backspace], &state)
        #expect(state.visibleDeployments.count == 1_000, "d-4000 … d-4999")
        #expect(state.visibleDeployments.first?.name == "d-4999", "still worst first")
    }

    @Test func groupCommandRejectsAnUnknownGrouping() {
        var state = state()
        command("group region", &state)
        #expect(state.grouping == .none)
        #expect(state.flash?.text == "usage: :group model|environment|none")
        command("group env", &state)
        #expect(state.grouping == .environment)
        command("group none", &state)
        #expect(state.arrangement.rows.count == Self.size)
    }
}
