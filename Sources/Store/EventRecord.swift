/// Something that happened and belongs on the timeline: a deploy, a rollback, an alert transition.
public struct EventRecord: Sendable, Equatable {
    /// Milliseconds since the Unix epoch.
    public var ts: Int64
    /// e.g. `deploy`, `rollback`, `alert`, `ack`, `silence`.
    public var kind: String
    /// The deployment it concerns, or nil for fleet-wide events.
    public var target: String?
    /// Free text or JSON, as the writer chose.
    public var detail: String

    public init(ts: Int64, kind: String, target: String?, detail: String) {
        self.ts = ts
        self.kind = kind
        self.target = target
        self.detail = detail
    }
}
