import Terminal

/// What the confirmation dialogs (a rollback, an experiment's promote or rollback) share: the
/// reason and typed-name fields, the focus, the note about the last key, and how a key moves
/// between them. Each dialog keeps its own plan, its pick line and its confirmation.
public struct ConfirmationForm: Sendable, Equatable {
    /// What can have the focus, in Tab order.
    public enum Field: Sendable, Equatable {
        case target, reason, name, cancel, confirm
    }

    /// What a key asks the dialog to do, once the form has taken what is its own.
    enum Step: Equatable {
        case editing
        case cancelled
        /// Focus moved (Tab, Shift-Tab, Enter in a field); `left` is the field it left.
        case moved(left: Field)
        /// A key on the pick line (the target version, the variant).
        case pick(Key)
        /// Enter or Space on the confirm button.
        case confirm
    }

    public internal(set) var reason = TextInput(limit: 300)
    public internal(set) var typedName = TextInput(limit: 200)
    public internal(set) var focus: Field
    /// What was wrong with the last key (a wrong name, no reason); cleared by the next key.
    public internal(set) var note: String?

    init(focus: Field = .cancel) {
        self.focus = focus
    }

    var trimmedReason: String { reason.text.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// Handles `key` among `fields` (the Tab order): typing into the focused field, moving the
    /// focus, switching between the buttons; what is left for the dialog is the step returned.
    mutating func route(_ key: Key, fields: [Field]) -> Step {
        note = nil
        switch key {
        case .escape: return .cancelled
        case .tab: return move(by: 1, fields: fields)
        case .backTab: return move(by: -1, fields: fields)
        default: break
        }
        switch focus {
        case .target: return .pick(key)
        case .reason, .name:
            let outcome = focus == .reason ? reason.handle(key) : typedName.handle(key)
            switch outcome {
            case .submitted: return move(by: 1, fields: fields)
            case .cancelled: return .cancelled
            case .edited, .ignored: return .editing
            }
        case .cancel, .confirm:
            switch key {
            case .left, .right, .character("h"), .character("l"):
                if fields.contains(.confirm) { focus = focus == .cancel ? .confirm : .cancel }
                return .editing
            case .enter, .character(" "):
                return focus == .cancel ? .cancelled : .confirm
            case .character:
                note =
                    fields.contains(.reason)
                    ? "Tab to the reason field to type; Enter on Cancel closes" : "Enter on Cancel closes"
                return .editing
            default: return .editing
            }
        }
    }

    /// Moves the focus `step` fields along `fields`, wrapping around.
    mutating func move(by step: Int, fields: [Field]) -> Step {
        let index = fields.firstIndex(of: focus) ?? 0
        let left = focus
        focus = fields[((index + step) % fields.count + fields.count) % fields.count]
        return .moved(left: left)
    }

    /// Sets the note and returns it, for a refused confirmation.
    mutating func refuse(_ text: String) -> String {
        note = text
        return text
    }
}
