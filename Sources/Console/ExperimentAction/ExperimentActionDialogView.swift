import Fleet
import Terminal

/// The experiment action dialog drawn over the Experiments pane with the rollback dialog's
/// frame, fields and buttons (`RollbackDialogView`): the verdict, the split check (a mismatch
/// in the critical colour: promoting on a broken split is a mistake), the variant against
/// control, the exact request or how to configure one, the reason and the experiment's name.
enum ExperimentActionDialogView {
    typealias Row = RollbackDialogView.Row

    static func draw(_ dialog: ExperimentActionDialog, state: AppState, into grid: inout CellGrid, in bounds: Rect) {
        let placed = RollbackDialogView.frame(
            title: dialog.title,
            rows: { width in rows(dialog, state: state, width: width) },
            state: state,
            into: &grid,
            in: bounds
        )
        for (row, rect) in placed {
            let isFocused = row.field != nil && row.field == dialog.focus
            let rest = RollbackDialogView.drawLabel(row, isFocused: isFocused, into: &grid, in: rect)
            switch row.field {
            case .reason:
                RollbackDialogView.drawInput(
                    dialog.reason,
                    isFocused: isFocused,
                    placeholder: "required: why",
                    into: &grid,
                    in: rest
                )
            case .name:
                RollbackDialogView.drawInput(
                    dialog.typedName,
                    isFocused: isFocused,
                    placeholder: "type \(dialog.experiment) to confirm",
                    into: &grid,
                    in: rest
                )
            case .cancel, .confirm:
                let confirm = dialog.fields.contains(.confirm) ? dialog.confirmLabel : nil
                RollbackDialogView.drawButtons(focus: dialog.focus, confirm: confirm, into: &grid, in: rect)
            case .target, nil:
                RollbackDialogView.drawSegments(row, into: &grid, in: rest)
            }
        }
    }

    /// Every row, most needed first within each part.
    static func rows(_ dialog: ExperimentActionDialog, state: AppState, width: Int) -> [Row] {
        var rows: [Row] = [
            Row(
                "experiment",
                [
                    (dialog.experiment, Style(.text, attributes: [.bold])),
                    (" · control " + dialog.control, Style(.muted)),
                ]
            ),
            variantRow(dialog, state: state),
        ]
        guard let proposal = dialog.proposal else {
            if dialog.variant != nil {
                rows.append(Row("", [("planning \(dialog.title) …", Style(.muted))], isFullWidth: true))
            }
            rows += [.blank, Row("", field: .cancel), footer(dialog)]
            return rows
        }
        rows.append(.blank)
        rows += evidenceRows(proposal)
        rows.append(.blank)
        rows += RollbackDialogView.requestRows(proposal.request, problem: proposal.requestProblem, width: width)
        rows.append(.blank)
        if proposal.request != nil {
            rows.append(Row("reason", field: .reason))
            rows.append(Row("type name", field: .name))
            rows.append(.blank)
        }
        rows.append(Row("", field: .cancel))
        rows.append(footer(dialog))
        return rows
    }

    /// The variant promoted (↑↓ among the others), one to pick, or control for a rollback.
    private static func variantRow(_ dialog: ExperimentActionDialog, state: AppState) -> Row {
        guard dialog.kind == .promote else {
            let arrow = state.glyphs == .ascii ? "-> " : "→ "
            return Row(
                "traffic",
                [
                    ("all " + arrow, Style(.muted)), (dialog.control, Style(.ok, attributes: [.bold])),
                    (" (control)", Style(.muted)),
                ]
            )
        }
        guard let variant = dialog.variant else {
            return Row(
                "promote",
                [
                    (
                        "↑↓ pick the variant: " + dialog.candidates.joined(separator: ", "),
                        Style(.accent, attributes: [.bold])
                    )
                ],
                field: .target
            )
        }
        var segments: [(String, Style)] = [(variant, Style(.ok, attributes: [.bold]))]
        if dialog.candidates.count > 1 {
            let position = (dialog.candidates.firstIndex(of: variant) ?? 0) + 1
            segments.append(("  ↑↓ \(position) of \(dialog.candidates.count)", Style(.accent)))
        }
        return Row("promote", segments, field: .target)
    }

    /// The verdict, the split check, and each variant shown against control.
    private static func evidenceRows(_ proposal: ExperimentActionProposal) -> [Row] {
        guard let report = proposal.report else {
            return [Row("verdict", [("no data in the store for \(proposal.experiment)", Style(.warning))])]
        }
        var rows = [
            Row("verdict", [(report.verdict, Style(ExperimentsView.role(of: report.tone), attributes: [.bold]))])
        ]
        if let ratio = report.sampleRatio {
            let observed = ratio.observedShares.map { ValueFormat.fixed($0 * 100, digits: 0) }.joined(separator: "/")
            let expected = ratio.expectedShares.map { ValueFormat.fixed($0 * 100, digits: 0) }.joined(separator: "/")
            let p = ExperimentsView.pText(ratio.pValue)
            if ratio.isMismatch {
                let warning =
                    proposal.kind == .promote
                    ? "promoting on a broken split is a mistake: find why first"
                    : "the results are not trustworthy"
                let style = Style(.critical, attributes: [.bold])
                rows.append(
                    Row("split", [("SAMPLE RATIO MISMATCH \(observed) vs \(expected) expected (p \(p))", style)])
                )
                rows.append(Row("", [(warning, style)]))
            } else {
                rows.append(Row("split", [("\(observed) vs \(expected) expected · SRM p \(p) · ok", Style(.muted))]))
            }
        }
        let shown =
            proposal.kind == .promote
            ? [proposal.variant] : report.variants.map(\.name).filter { $0 != report.control }.prefix(3).map { $0 }
        let widths = [12, 10, 10, 9]
        func cells(_ texts: [String]) -> String {
            zip(texts, widths).map { RollbackDialogView.pad($0, $1) }.joined()
        }
        rows.append(Row("", [(cells(["success", "p95", "relative", "AV p"]), Style(.header))], priority: 2))
        for name in [report.control] + shown {
            guard let figures = report.variants.first(where: { $0.name == name }) else { continue }
            let comparison = report.comparisons.first { $0.variant == name && $0.metric == "success_rate" }
            let relative = comparison?.relativeDifference.map {
                ($0 >= 0 ? "+" : "") + ValueFormat.fixed($0 * 100, digits: 1) + " %"
            }
            let text = cells([
                figures.successRate.map { ValueFormat.fixed($0 * 100, digits: 2) + " %" } ?? "-",
                ValueFormat.seconds(figures.latencyP95),
                name == report.control ? "control" : relative ?? "-",
                comparison.map { ExperimentsView.pText($0.alwaysValidPValue) } ?? "",
            ])
            let role = comparison.map(ExperimentsView.differenceRole) ?? .text
            rows.append(Row(String(name.prefix(RollbackDialogView.labelWidth - 1)), [(text, Style(role))], priority: 1))
        }
        return rows
    }

    /// The note of the last refused key, else the keys.
    private static func footer(_ dialog: ExperimentActionDialog) -> Row {
        if let note = dialog.note {
            return Row("", [(note, Style(.critical, attributes: [.bold]))], isFullWidth: true)
        }
        if dialog.isPlanning, dialog.proposal != nil {
            return Row("", [("updating the plan …", Style(.muted))], priority: 1, isFullWidth: true)
        }
        let keys =
            dialog.fields.contains(.confirm)
            ? "Tab/S-Tab move · ↑↓ picks the variant · Enter presses · Esc cancels"
            : dialog.fields.contains(.target) ? "↑↓ pick · Tab moves · Esc cancels" : "Enter or Esc closes"
        return Row("", [(keys, Style(.muted))], priority: 1, isFullWidth: true)
    }
}
