import Fleet
import Foundation
import Terminal

/// The experiment action dialog (`P` promotes a variant, `R` rolls the experiment back to
/// control, in the Experiments pane): the rollback dialog's fields and focus rules on an
/// experiment. The proposal, a required reason, the experiment's name typed (always, as
/// `llmdeck promote` asks), and Cancel focused when it opens.
///
/// When no variant is known for a promote (none under the cursor, none favoured by the
/// verdict), the variant line takes the focus instead, and Up/Down pick one among the
/// experiment's variants other than control; nothing is planned before a pick.
public struct ExperimentActionDialog: Sendable, Equatable {
    public typealias Field = ConfirmationForm.Field

    public let kind: ExperimentActionPlan.Kind
    public let experiment: String
    public let control: String
    /// What Up/Down on the variant line pick from: the variants other than control (a promote).
    public let candidates: [String]
    /// The variant asked for last (control for a rollback); nil until one is picked. A plan for
    /// another variant (an older request) is ignored.
    public private(set) var variant: String?
    /// Nil until the first plan arrives.
    public private(set) var proposal: ExperimentActionProposal?
    /// A plan asked for and not arrived yet.
    public private(set) var isPlanning: Bool
    /// The reason, the typed name, the focus and the note.
    public private(set) var form: ConfirmationForm
    public var reason: TextInput { form.reason }
    public var typedName: TextInput { form.typedName }
    public var focus: Field { form.focus }
    public var note: String? { form.note }

    public init(
        kind: ExperimentActionPlan.Kind,
        experiment: String,
        control: String,
        candidates: [String],
        variant: String?
    ) {
        self.kind = kind
        self.experiment = experiment
        self.control = control
        self.candidates = kind == .promote ? candidates : []
        self.variant = kind == .promote ? variant : control
        isPlanning = self.variant != nil
        form = ConfirmationForm(focus: self.variant == nil ? .target : .cancel)
    }

    /// What a key did to the dialog.
    public enum Outcome: Sendable, Equatable {
        case editing
        case cancelled
        /// Plan again: another variant, or the reason changed (the request shows it).
        case replan(variant: String, reason: String)
        /// The confirm button was pressed with something wrong; `note` says what. Nothing is done.
        case refused(String)
        case confirmed(ExperimentActionConfirmation)
    }

    /// The title and the confirm button's label.
    public var title: String {
        switch kind {
        case .promote: "promote \(variant ?? "a variant") in \(experiment)"
        case .rollback: "roll \(experiment) back to control (\(control))"
        }
    }

    public var confirmLabel: String { kind == .promote ? "Promote" : "Roll back" }

    /// The fields that take the focus now, in Tab order: the variant line only for a promote
    /// with a choice, Promote / Roll back only when there is an action to perform.
    public var fields: [Field] {
        let picks = kind == .promote && (candidates.count > 1 || variant == nil) && !candidates.isEmpty
        guard let proposal else { return picks ? [.target, .cancel] : [.cancel] }
        guard proposal.request != nil else { return picks ? [.target, .cancel] : [.cancel] }
        return (picks ? [.target] : []) + [.reason, .name, .cancel, .confirm]
    }

    /// Takes a plan; one for a variant other than the one asked for last is stale and ignored.
    public mutating func receive(_ proposal: ExperimentActionProposal) {
        guard proposal.kind == kind, proposal.variant == variant else { return }
        self.proposal = proposal
        isPlanning = false
        if !fields.contains(focus) { form.focus = .cancel }
    }

    public mutating func handle(_ key: Key) -> Outcome {
        switch form.route(key, fields: fields) {
        case .editing: return .editing
        case .cancelled: return .cancelled
        case .moved(let left): return moved(from: left)
        case .pick(let key): return pickVariant(key)
        case .confirm: return confirm()
        }
    }

    /// Leaving the reason field plans again when the reason changed.
    private mutating func moved(from left: Field) -> Outcome {
        if left == .reason, let proposal, let variant, trimmedReason != proposal.reason {
            isPlanning = true
            return .replan(variant: variant, reason: trimmedReason)
        }
        return .editing
    }

    /// Up/Down on the variant line: the next or previous variant other than control.
    private mutating func pickVariant(_ key: Key) -> Outcome {
        guard !candidates.isEmpty else { return .editing }
        let step: Int
        switch key {
        case .down, .character("j"): step = 1
        case .up, .character("k"): step = -1
        case .enter:
            if variant == nil {
                form.note = "↑↓ pick the variant to promote first"
                return .editing
            }
            guard case .moved(let left) = form.move(by: 1, fields: fields) else { return .editing }
            return moved(from: left)
        default: return .editing
        }
        let next: Int
        if let variant, let index = candidates.firstIndex(of: variant) {
            next = min(max(0, index + step), candidates.count - 1)
            guard next != index else { return .editing }
        } else {
            next = step > 0 ? 0 : candidates.count - 1
        }
        variant = candidates[next]
        isPlanning = true
        return .replan(variant: candidates[next], reason: trimmedReason)
    }

    /// The confirm button: every field must be right, and the plan shown must be the current one.
    private mutating func confirm() -> Outcome {
        guard let proposal, let request = proposal.request else {
            return refuse("there is nothing to perform: " + (proposal?.requestProblem ?? "no plan yet"))
        }
        guard !isPlanning else { return refuse("the plan is being updated; press \(confirmLabel) again in a moment") }
        let typed = trimmedReason
        guard !typed.isEmpty else {
            form.focus = .reason
            return refuse("a reason is required: type why (it is audited and sent as {{reason}})")
        }
        guard typed == proposal.reason else {
            isPlanning = true
            form.note = "the request shown is being updated with the reason; press \(confirmLabel) again"
            return .replan(variant: proposal.variant, reason: typed)
        }
        guard typedName.text == experiment else {
            let typedText = typedName.text.isEmpty ? "no name" : "\"\(typedName.text)\""
            form.focus = .name
            return refuse("\(typedText) is not \(experiment): nothing was done; type the experiment's name to confirm")
        }
        return .confirmed(
            ExperimentActionConfirmation(
                kind: kind,
                experiment: experiment,
                variant: proposal.variant,
                reason: typed,
                request: request
            )
        )
    }

    private mutating func refuse(_ text: String) -> Outcome { .refused(form.refuse(text)) }

    private var trimmedReason: String { form.trimmedReason }
}
