import ArgumentParser
import Foundation

/// What `llmdeck alerts ack` and `llmdeck alerts silence` take: the alert, why, and who.
struct AlertActionOptions: ParsableArguments {
    @OptionGroup var global: GlobalOptions

    @Argument(help: "The alert's id, as `llmdeck alerts --json` prints it.")
    var alert: String

    @Option(help: "Why (required): shown in Alertmanager and the audit trail.")
    var comment: String

    @Option(help: "Who acts (default: $USER).")
    var actor: String?

    @Option(help: "Only alerts of this alertmanager source (its name).")
    var source: String?

    func validate() throws {
        guard !comment.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationError("--comment must say why")
        }
    }
}
