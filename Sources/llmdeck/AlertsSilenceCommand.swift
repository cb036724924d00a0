import ArgumentParser
import Config
import Fleet

/// `llmdeck alerts silence <alert> --for 2h --comment …`: mute one alert for a while.
struct AlertsSilenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "silence",
        abstract: "Silence an open alert for a duration (at most 30 days); audited.",
        discussion: """
            The alert is named as for `llmdeck alerts ack`. llmdeck's own alerts are silenced in the \
            store (the rule on the deployment); an Alertmanager's gets a real silence there \
            (matchers: the alert's labels; createdBy: the actor). `llmdeck silences` lists them, \
            `llmdeck silences expire <id>` ends one. Exit 0 when done, 1 when it failed, 2 on bad \
            input (no store, no such alert), 64 on bad usage (no comment, a bad duration).
            """
    )

    @OptionGroup var options: AlertActionOptions

    @Option(name: .customLong("for"), help: "How long, e.g. 30m, 2h, 1d.")
    var duration: String

    func validate() throws {
        guard let seconds = parseDuration(duration), seconds > 0 else {
            throw ValidationError("--for takes a duration such as 30m, 2h or 1d, got \"\(duration)\"")
        }
    }

    func run() async throws {
        let milliseconds = Int64(((parseDuration(duration) ?? 0) * 1000).rounded())
        let session = try AlertActionSession(options.global, actor: options.actor, command: "llmdeck alerts silence")
        let now = AlertActionSession.now()
        let record = try session.alert(named: options.alert, source: options.source, now: now)
        try await session.perform { () async throws(AlertActionError) in
            try await session.silencer.silence(record, for: milliseconds, comment: options.comment, now: now)
        }
    }
}
