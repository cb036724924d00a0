import Analysis
import Fleet
import Terminal
import Testing

@testable import Console

/// The fleet table's colours are the alert rules' thresholds: one source of truth.
struct ThresholdRulesTests {
    private func errorCell(_ ratio: Double, _ thresholds: Thresholds) -> StyleRole {
        let status = DeploymentStatus(name: "chat", kind: "vllm", environment: "production", errorRatio: ratio)
        return FleetView.cell(.errorRate, status, now: 0, thresholds: thresholds).role
    }

    @Test func theBuiltInRulesColourWhereTheyAlert() {
        let standard = Thresholds.standard
        #expect(standard.errorWarning == AlertRuleSpec.errorRatio.thresholds.warning)
        #expect(standard.errorCritical == AlertRuleSpec.errorRatio.thresholds.critical)
        #expect(standard.latencyCritical == AlertRuleSpec.latencyP95.thresholds.critical)
        #expect(standard.kvWarning == AlertRuleSpec.kvCacheFull.thresholds.warning)
        #expect(errorCell(0.03, standard) == .text)
        #expect(errorCell(0.06, standard) == .warning)
        #expect(errorCell(0.12, standard) == .critical)
    }

    @Test func aConfiguredRuleMovesTheColours() {
        var strict = AlertRuleSpec.errorRatio
        strict.thresholds.warning = 0.02
        strict.thresholds.critical = 0.04
        let thresholds = Thresholds(rules: [strict])
        #expect(errorCell(0.03, thresholds) == .warning)
        #expect(errorCell(0.05, thresholds) == .critical)
        var state = AppState(width: 80, height: 24, now: 0)
        state.alertRules = [strict]
        #expect(state.thresholds == thresholds, "the console takes its colours from its rules")
    }
}
