import Analysis
import Config
import Foundation
import PrometheusSource
import Store

/// What the collecting process (`llmdeck collect`, the console with its collector, `llmdeck demo`) runs
/// beside the collector for each `alertmanager` source: every `interval`, reads its alerts into the
/// store (replacing the source's snapshot), expires llmdeck's acknowledgements whose alert resolved,
/// and, when `alerts.push_to` names the source, posts llmdeck's own firing and lately resolved alerts.
///
/// An Alertmanager that cannot be read is recorded in the store (so `llmdeck alerts` says so) and
/// logged once per change of what went wrong; the poller keeps trying.
public struct AlertmanagerPoller: Sendable {
    public let endpoints: [AlertmanagerEndpoint]
    public let store: Store
    /// The source llmdeck's own alerts are posted to, by name; nil: none.
    public let pushTo: String?
    /// llmdeck's rules, to name and summarize the alerts it posts.
    public let rules: [AlertRuleSpec]
    private let log: @Sendable (String) -> Void
    private let now: @Sendable () -> Int64

    /// - Parameter pushTo: `alerts.push_to`: a source's name, or `alertmanager` for the first source.
    public init(
        endpoints: [AlertmanagerEndpoint],
        store: Store,
        pushTo: String? = nil,
        rules: [AlertRuleSpec] = AlertRuleSpec.builtIn,
        log: @escaping @Sendable (String) -> Void,
        now: @escaping @Sendable () -> Int64 = { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
    ) {
        self.endpoints = endpoints
        self.store = store
        self.rules = rules
        self.log = log
        self.now = now
        let sources = SourcesConfig(alertmanager: endpoints.map(\.config))
        self.pushTo = pushTo.map { sources.alertmanager(pushTo: $0)?.name ?? $0 }
    }

    /// Polls every source, each on its own interval, until the task is cancelled.
    public func run() async {
        if let pushTo, !endpoints.contains(where: { $0.config.name == pushTo }) {
            log("alerts.push_to names \(pushTo), which is no alertmanager source; llmdeck's alerts are not posted")
        }
        await withTaskGroup(of: Void.self) { group in
            for endpoint in endpoints {
                group.addTask { await watch(endpoint) }
            }
        }
    }

    /// Something a pass could not do: `kind` says what, stably (the message may carry a duration).
    public struct Problem: Sendable, Equatable {
        /// `read unreachable`, `push rejected`, `store`…
        public var kind: String
        public var message: String
    }

    private func watch(_ endpoint: AlertmanagerEndpoint) async {
        var reported: [String]? = nil
        while !Task.isCancelled {
            let problems = await read(endpoint)
            if problems.map(\.kind) != reported {
                if problems.isEmpty {
                    log("alertmanager \(endpoint.label): reading its alerts" + (reported == nil ? "" : " again"))
                } else {
                    for problem in problems { log("alertmanager \(endpoint.label): \(problem.message)") }
                }
                reported = problems.map(\.kind)
            }
            try? await Task.sleep(for: .milliseconds(Int64(max(endpoint.config.interval, 0.1) * 1000)))
        }
    }

    /// One pass over `endpoint`: read, expire resolved acknowledgements, push. Returns what went wrong;
    /// empty when everything worked.
    @discardableResult
    public func read(_ endpoint: AlertmanagerEndpoint) async -> [Problem] {
        let time = now()
        let url = endpoint.redactedURL
        let alerts: [AlertmanagerAlert]
        do throws(AlertmanagerError) {
            alerts = try await endpoint.api.alerts()
        } catch {
            let failure = Problem(kind: "read \(error.kind)", message: "alerts not read: \(error.message)")
            do {
                try store.recordAlertmanagerFailure(
                    source: endpoint.config.name,
                    url: error.url,
                    error: error.message,
                    at: time
                )
            } catch {
                return [failure, Problem(kind: "store", message: "the store did not record it: \(error)")]
            }
            return [failure]
        }
        var problems: [Problem] = []
        do {
            try store.replaceAlertmanagerAlerts(
                alerts.map(endpoint.stored),
                source: endpoint.config.name,
                url: url,
                at: time
            )
        } catch {
            problems.append(Problem(kind: "store", message: "alerts read but not stored: \(error)"))
        }
        let silencer = AlertSilencer(store: store, endpoints: endpoints, actor: "llmdeck")
        problems += await silencer.expireResolvedAcknowledgements(
            in: endpoint,
            firing: Set(alerts.map(\.fingerprint)),
            now: time
        ).map { Problem(kind: "expiry", message: $0) }
        if pushTo == endpoint.config.name {
            do {
                let own = try ownAlerts(for: endpoint, now: time)
                do throws(AlertmanagerError) {
                    try await endpoint.api.postAlerts(own)
                } catch {
                    problems.append(
                        Problem(kind: "push \(error.kind)", message: "llmdeck's alerts not posted: \(error.message)")
                    )
                }
            } catch {
                problems.append(
                    Problem(
                        kind: "store",
                        message: "llmdeck's alerts not posted: the store could not be read: \(error)"
                    )
                )
            }
        }
        return problems
    }

    /// llmdeck's own firing alerts, ending three intervals ahead (so one missed post does not resolve
    /// them), and those resolved lately, ending now; labelled `alertname` (the rule's id), the
    /// deployment (under the source's `deployment_label`), `severity` and `source="llmdeck"`.
    func ownAlerts(for endpoint: AlertmanagerEndpoint, now time: Int64) throws -> [AlertmanagerPostableAlert] {
        let own = try AlertReader(store: store, rules: rules).alerts(now: time).filter { $0.origin == .llmdeck }
        let ahead = time + Int64(max(endpoint.config.interval, 1) * 3_000)
        return own.compactMap { alert -> AlertmanagerPostableAlert? in
            guard alert.phase == .firing || alert.phase == .resolved else { return nil }
            var labels = [
                "alertname": alert.ruleID, endpoint.config.deploymentLabel: alert.deployment, "source": "llmdeck",
            ]
            labels["severity"] = alert.severity?.rawValue
            return AlertmanagerPostableAlert(
                labels: labels,
                annotations: ["summary": alert.summary],
                startsAt: alert.phase == .firing ? alert.since.map(AlertSilencer.date) : nil,
                endsAt: AlertSilencer.date(alert.phase == .firing ? ahead : time)
            )
        }
    }
}
