import Foundation
import Store

/// One stretch of time a deployment served one version: from when the collector first saw it
/// until the next change (or now, for the current one).
public struct VersionSpan: Sendable, Equatable {
    public var version: String
    public var model: String
    /// Milliseconds since the epoch.
    public var from: Int64
    public var until: Int64
    public var isCurrent: Bool
}

/// Every version a deployment served, newest first, and the choice of a rollback target.
public struct VersionHistory: Sendable, Equatable {
    public var deployment: String
    /// Newest first; a version served twice (rolled back to) appears twice.
    public var spans: [VersionSpan]

    /// `records` as `Store.versions(target:)` returns them (newest first).
    public init(deployment: String, records: [VersionRecord], now: Int64) {
        self.deployment = deployment
        var spans: [VersionSpan] = []
        var until = now
        for (index, record) in records.enumerated() {
            spans.append(
                VersionSpan(
                    version: record.version,
                    model: record.model,
                    from: record.ts,
                    until: until,
                    isCurrent: index == 0
                )
            )
            until = record.ts
        }
        self.spans = spans
    }

    public var current: VersionSpan? { spans.first }

    /// The distinct versions other than the current one, most recently served first: what a
    /// rollback can go to.
    public var candidates: [VersionSpan] {
        var seen: Set<String> = [current?.version ?? ""]
        return spans.dropFirst().filter { seen.insert($0.version).inserted }
    }

    /// The target: `requested` when given (it must have been served), else the version served
    /// before the current one.
    public func target(requested: String?) throws(RollbackError) -> VersionSpan {
        guard let current else {
            throw RollbackError(
                message: "no version of \(deployment) has been observed yet; is a collector writing to this store?"
            )
        }
        let choices = candidates
        if let requested {
            if requested == current.version {
                throw RollbackError(message: "\(deployment) already serves \(requested)")
            }
            guard let span = choices.first(where: { $0.version == requested }) else {
                let known = choices.map(\.version).joined(separator: ", ")
                throw RollbackError(
                    message: "\(deployment) never served \(requested)"
                        + (known.isEmpty ? "" : "; versions it served before: \(known)")
                )
            }
            return span
        }
        guard let previous = choices.first else {
            throw RollbackError(
                message: "\(deployment) has served only \(current.version): there is nothing to roll back to"
            )
        }
        return previous
    }

    /// The revision number in a version such as `rev-12`, `r12`, `v3-rev12` or `12`, for
    /// `{{target_revision}}` (`kubectl rollout undo --to-revision`); nil when it has none.
    public static func revision(of version: String) -> String? {
        let lowered = version.lowercased()
        if !lowered.isEmpty, lowered.allSatisfy(\.isNumber) { return lowered }
        for marker in ["revision", "rev", "r"] {
            guard let range = lowered.range(of: marker, options: .backwards) else { continue }
            let digits = lowered[range.upperBound...].drop { $0 == "-" || $0 == "_" || $0 == ":" || $0 == "." }
            if !digits.isEmpty, digits.allSatisfy(\.isNumber) { return String(digits) }
        }
        return nil
    }
}

/// A rollback that cannot be planned (no history, an unknown target, nothing configured).
public struct RollbackError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
