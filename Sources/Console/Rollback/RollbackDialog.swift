import Foundation
import Terminal

/// The rollback dialog (`R`): the proposal, a required reason, the deployment's name typed for a
/// production deployment, and the buttons Cancel (focused when it opens, as k9s' confirmations)
/// and Roll back.
///
/// Tab and Shift-Tab move the focus through the target line (when there is a choice), the
/// fields and the buttons; Up/Down on the target line pick another version; Esc cancels. Nothing
/// is performed until Roll back is pressed with every field right.
public struct RollbackDialog: Sendable, Equatable {
    public typealias Field = ConfirmationForm.Field

    public let deployment: String
    /// Nil until the first plan arrives.
    public private(set) var proposal: RollbackProposal?
    /// A plan asked for and not arrived yet (the first, or after a change of target or reason).
    public private(set) var isPlanning = true
    /// The version asked for last; a plan for another one (an older request) is ignored.
    public private(set) var requestedVersion: String?
    /// The reason, the typed name, the focus and the note.
    public private(set) var form = ConfirmationForm()
    public var reason: TextInput { form.reason }
    public var typedName: TextInput { form.typedName }
    public var focus: Field { form.focus }
    public var note: String? { form.note }

    public init(deployment: String) {
        self.deployment = deployment
    }

    /// What a key did to the dialog.
    public enum Outcome: Sendable, Equatable {
        case editing
        case cancelled
        /// Plan again: another target, or the reason changed (the request shows it).
        case replan(version: String?, reason: String)
        /// Roll back was pressed with something wrong; `note` says what. Nothing is done.
        case refused(String)
        case confirmed(RollbackConfirmation)
    }

    /// The fields that take the focus now, in Tab order: the target line only when there is a
    /// choice, the name only for a production deployment, Roll back only when there is an
    /// action to perform.
    public var fields: [Field] {
        guard let proposal else { return [.cancel] }
        guard proposal.request != nil else { return [.cancel] }
        var fields: [Field] = []
        if proposal.candidates.count > 1 { fields.append(.target) }
        fields.append(.reason)
        if proposal.isProduction { fields.append(.name) }
        return fields + [.cancel, .confirm]
    }

    /// Takes a plan; one for a version other than the one asked for last is stale and ignored.
    /// The fields and the focus stay as they are.
    public mutating func receive(_ proposal: RollbackProposal) {
        if let requestedVersion, proposal.target.version != requestedVersion { return }
        self.proposal = proposal
        isPlanning = false
        if !fields.contains(focus) { form.focus = .cancel }
    }

    public mutating func handle(_ key: Key) -> Outcome {
        switch form.route(key, fields: fields) {
        case .editing: return .editing
        case .cancelled: return .cancelled
        case .moved(let left): return moved(from: left)
        case .pick(let key): return pickTarget(key)
        case .confirm: return confirm()
        }
    }

    /// Leaving the reason field plans again when the reason changed, so the request shown
    /// carries it.
    private mutating func moved(from left: Field) -> Outcome {
        let typed = trimmedReason
        if left == .reason, let proposal, typed != proposal.reason {
            isPlanning = true
            return .replan(version: requestedVersion, reason: typed)
        }
        return .editing
    }

    /// Up/Down on the target line: the next older or newer version among the candidates.
    private mutating func pickTarget(_ key: Key) -> Outcome {
        guard let proposal else { return .editing }
        let step: Int
        switch key {
        case .down, .character("j"): step = 1
        case .up, .character("k"): step = -1
        case .enter:
            guard case .moved(let left) = form.move(by: 1, fields: fields) else { return .editing }
            return moved(from: left)
        default: return .editing
        }
        let versions = proposal.candidates.map(\.version)
        let index = versions.firstIndex(of: requestedVersion ?? proposal.target.version) ?? 0
        let next = min(max(0, index + step), versions.count - 1)
        guard next != index else { return .editing }
        requestedVersion = versions[next]
        isPlanning = true
        return .replan(version: versions[next], reason: trimmedReason)
    }

    /// Roll back pressed: every field must be right, and the plan shown must be the current one.
    private mutating func confirm() -> Outcome {
        guard let proposal, let request = proposal.request else {
            return refuse("there is nothing to perform: " + (proposal?.requestProblem ?? "no plan yet"))
        }
        guard !isPlanning else { return refuse("the plan is being updated; press Roll back again in a moment") }
        let typed = trimmedReason
        guard !typed.isEmpty else {
            form.focus = .reason
            return refuse("a rollback needs a reason: type why (it is audited and sent as {{reason}})")
        }
        guard typed == proposal.reason else {
            isPlanning = true
            form.note = "the request shown is being updated with the reason; press Roll back again"
            return .replan(version: requestedVersion, reason: typed)
        }
        if proposal.isProduction, typedName.text != deployment {
            let typedText = typedName.text.isEmpty ? "no name" : "\"\(typedName.text)\""
            form.focus = .name
            return refuse(
                "\(typedText) is not \(deployment): nothing was done; type the deployment's name to confirm"
            )
        }
        return .confirmed(
            RollbackConfirmation(
                deployment: deployment,
                currentVersion: proposal.current.version,
                targetVersion: proposal.target.version,
                reason: typed,
                request: request
            )
        )
    }

    private mutating func refuse(_ text: String) -> Outcome { .refused(form.refuse(text)) }

    private var trimmedReason: String { form.trimmedReason }
}
