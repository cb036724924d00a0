import ArgumentParser
import Fleet

/// `llmdeck alerts ack <alert> --comment …`: "I'm on it", until the alert resolves.
struct AlertsAckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack",
        abstract: "Acknowledge an open alert until it resolves; audited.",
        discussion: """
            The alert is named by its id as `llmdeck alerts --json` prints it: <rule>/<deployment> \
            for llmdeck's own, the fingerprint for an Alertmanager's (or <alertname>/<deployment> \
            when only one matches). llmdeck's own alerts are acknowledged in the store; an \
            Alertmanager's gets a real silence there (matchers: the alert's labels; createdBy: the \
            actor) that the collecting process expires once the alert resolves. Exit 0 when done, \
            1 when it failed, 2 on bad input (no store, no such alert), 64 on bad usage (no comment).
            """
    )

    @OptionGroup var options: AlertActionOptions

    func run() async throws {
        let session = try AlertActionSession(options.global, actor: options.actor, command: "llmdeck alerts ack")
        let now = AlertActionSession.now()
        let record = try session.alert(named: options.alert, source: options.source, now: now)
        try await session.perform { () async throws(AlertActionError) in
            try await session.silencer.acknowledge(record, comment: options.comment, now: now)
        }
    }
}
