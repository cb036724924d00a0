import Fleet
import Foundation
import Vocabulary

/// The text form of an experiment report, as `llmdeck ab` prints it: a header, the sample-ratio
/// check, one aligned line per variant, one line per comparison, the verdict.
enum ExperimentText {
    static func render(_ report: ExperimentReport, now: Int64) -> String {
        let clean: (String) -> String = { TextSanitizer.sanitize($0) }
        var lines: [String] = []
        let started = UTCTime.iso8601(milliseconds: report.startedAt)
        lines.append(
            "\(clean(report.name))  control \(clean(report.control))  since \(started)"
                + "  on \(report.deployments.map(clean).joined(separator: ", "))"
        )
        if let ratio = report.sampleRatio {
            let observed = ratio.observedShares.map { percent($0, digits: 1) }.joined(separator: "/")
            let expected = ratio.expectedShares.map { percent($0, digits: 1) }.joined(separator: "/")
            let flag = ratio.isMismatch ? "  SAMPLE RATIO MISMATCH: results below are not trustworthy" : ""
            lines.append("  split \(observed) vs \(expected) expected, SRM p \(pValue(ratio.pValue))\(flag)")
        }
        let header = ["VARIANT", "REQUESTS", "SUCCESS", "95% CI", "P50", "P95", "TOK/REQ", "$/REQ", "POS%", "SCORE"]
        let rows = report.variants.map { variant -> [String] in
            [
                clean(variant.name), String(format: "%.0f", variant.requests),
                variant.successRate.map { percent($0, digits: 2) } ?? "-",
                variant.successInterval.map { "\(percent($0.lower, digits: 1))–\(percent($0.upper, digits: 1))" }
                    ?? "-",
                StatusCommand.seconds(variant.latencyP50), StatusCommand.seconds(variant.latencyP95),
                variant.tokensPerRequest.map { String(format: "%.0f", $0) } ?? "-",
                variant.costPerRequest.map { String(format: "$%.5f", $0) } ?? "-",
                variant.positiveFeedbackRate.map { percent($0, digits: 1) } ?? "-",
                variant.scoreMean.map { String(format: "%.3f", $0) } ?? "-",
            ]
        }
        lines += aligned([header] + rows).map { "  " + $0 }
        for comparison in report.comparisons {
            var text = "  \(clean(comparison.variant)) vs \(clean(report.control)) \(comparison.metric): "
            text += points(comparison.absoluteDifference)
            text += " (fixed-horizon CI \(points(comparison.interval.lower))…\(points(comparison.interval.upper)),"
            text += " p \(pValue(comparison.pValue)))"
            text += "  always-valid p \(pValue(comparison.alwaysValidPValue))"
            if let band = comparison.confidenceSequence { text += " CS \(points(band.lower))…\(points(band.upper))" }
            if let chance = comparison.chanceToBeatControl {
                text += "  P(beats control) \(percent(chance, digits: 1))"
            }
            if comparison.isSignificant { text += "  significant" }
            lines.append(text)
        }
        if let tau = report.mixingVariance {
            lines.append(String(format: "  mSPRT τ² %.3g, a look every %@", tau, interval(report.lookInterval)))
        }
        lines.append("  Verdict: \(clean(report.verdict))")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func aligned(_ rows: [[String]]) -> [String] {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == 0
                    ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: "  ")
        }
    }

    static func percent(_ fraction: Double, digits: Int) -> String { String(format: "%.\(digits)f%%", fraction * 100) }

    /// A difference of rates in percentage points, signed.
    static func points(_ difference: Double) -> String { String(format: "%+.2f pts", difference * 100) }

    static func pValue(_ p: Double) -> String { p < 0.0001 ? "<0.0001" : String(format: "%.4f", p) }

    static func interval(_ milliseconds: Int64) -> String {
        milliseconds % 60_000 == 0 ? "\(milliseconds / 60_000)m" : "\(milliseconds / 1000)s"
    }
}
