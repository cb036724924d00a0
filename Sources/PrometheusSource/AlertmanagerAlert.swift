import Foundation

/// One alert as Alertmanager's `GET /api/v2/alerts` returns it (`gettableAlert`,
/// `api/v2/openapi.yaml`; serving-metrics.md §10). Fields newer or older versions leave out are
/// optional; `labels` and `fingerprint` are required, as every version writes them.
public struct AlertmanagerAlert: Sendable, Equatable {
    /// Alertmanager's identity of the label set, 16 hex digits: how llmdeck names the alert.
    public var fingerprint: String
    public var labels: [String: String]
    public var annotations: [String: String]
    public var startsAt: Date?
    /// When Alertmanager resolves it unless it is sent again; in the future while it fires.
    public var endsAt: Date?
    public var updatedAt: Date?
    /// The URL of the rule that produced it (a Prometheus graph link), if any.
    public var generatorURL: String?
    /// `unprocessed`, `active` or `suppressed` (silenced or inhibited), as Alertmanager wrote it.
    public var state: String
    /// Ids of the silences muting it.
    public var silencedBy: [String]
    /// Fingerprints of the alerts inhibiting it.
    public var inhibitedBy: [String]
    /// Names of the receivers it is routed to.
    public var receivers: [String]

    public init(
        fingerprint: String,
        labels: [String: String],
        annotations: [String: String] = [:],
        startsAt: Date? = nil,
        endsAt: Date? = nil,
        updatedAt: Date? = nil,
        generatorURL: String? = nil,
        state: String = "active",
        silencedBy: [String] = [],
        inhibitedBy: [String] = [],
        receivers: [String] = []
    ) {
        self.fingerprint = fingerprint
        self.labels = labels
        self.annotations = annotations
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.updatedAt = updatedAt
        self.generatorURL = generatorURL
        self.state = state
        self.silencedBy = silencedBy
        self.inhibitedBy = inhibitedBy
        self.receivers = receivers
    }

    /// The `alertname` label: the rule's name in Prometheus.
    public var name: String { labels["alertname"] ?? "" }
}

/// One label matcher of a silence: `name="value"`, `name!="value"`, `name=~"regex"` or
/// `name!~"regex"`.
public struct AlertmanagerMatcher: Sendable, Hashable {
    public var name: String
    public var value: String
    public var isRegex: Bool
    /// False for the negative forms (`!=`, `!~`); Alertmanager's default is true.
    public var isEqual: Bool

    public init(name: String, value: String, isRegex: Bool = false, isEqual: Bool = true) {
        self.name = name
        self.value = value
        self.isRegex = isRegex
        self.isEqual = isEqual
    }

    /// Equality matchers on every label of `labels`, sorted by name: a silence of exactly that alert.
    public static func matching(_ labels: [String: String]) -> [AlertmanagerMatcher] {
        labels.sorted { $0.key < $1.key }.map { AlertmanagerMatcher(name: $0.key, value: $0.value) }
    }

    /// As amtool and the Alertmanager UI write it: `severity="page"`.
    public var text: String {
        let operation = isRegex ? (isEqual ? "=~" : "!~") : (isEqual ? "=" : "!=")
        return name + operation + "\"" + value + "\""
    }
}

/// One silence as `GET /api/v2/silences` returns it (`gettableSilence`).
public struct AlertmanagerSilence: Sendable, Equatable {
    public var id: String
    public var matchers: [AlertmanagerMatcher]
    public var startsAt: Date
    public var endsAt: Date
    public var updatedAt: Date?
    public var createdBy: String
    public var comment: String
    /// `active`, `pending` or `expired`.
    public var state: String

    public init(
        id: String,
        matchers: [AlertmanagerMatcher],
        startsAt: Date,
        endsAt: Date,
        updatedAt: Date? = nil,
        createdBy: String,
        comment: String,
        state: String
    ) {
        self.id = id
        self.matchers = matchers
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.updatedAt = updatedAt
        self.createdBy = createdBy
        self.comment = comment
        self.state = state
    }

    public var isExpired: Bool { state == "expired" }
}

/// An alert to send with `POST /api/v2/alerts` (`postableAlert`): Alertmanager keeps it firing until
/// `endsAt`, so a sender re-posts it before then while it still holds, and posts it with `endsAt` now
/// once it resolved.
public struct AlertmanagerPostableAlert: Sendable, Equatable {
    public var labels: [String: String]
    public var annotations: [String: String]
    public var startsAt: Date?
    public var endsAt: Date?
    public var generatorURL: String?

    public init(
        labels: [String: String],
        annotations: [String: String] = [:],
        startsAt: Date? = nil,
        endsAt: Date? = nil,
        generatorURL: String? = nil
    ) {
        self.labels = labels
        self.annotations = annotations
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.generatorURL = generatorURL
    }
}
