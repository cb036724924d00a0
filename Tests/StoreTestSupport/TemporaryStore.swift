import Foundation
import Store
import TestSupport

/// A store in a fresh temporary directory; the directory goes away with `remove()`.
public struct TemporaryStore {
    public let directory: TemporaryDirectory
    public let path: String

    public init() throws {
        directory = try TemporaryDirectory(prefix: "llmdeck-store")
        path = directory.path("llmdeck.sqlite")
    }

    public func open(readOnly: Bool = false) throws -> Store {
        try Store(path: path, readOnly: readOnly)
    }

    public func remove() {
        directory.remove()
    }
}

extension SeriesKey {
    public static func counter(_ name: String, target: String = "chat-prod", labels: String = "") -> SeriesKey {
        SeriesKey(target: target, name: name, labels: labels, kind: .counter)
    }

    public static func gauge(_ name: String, target: String = "chat-prod", labels: String = "") -> SeriesKey {
        SeriesKey(target: target, name: name, labels: labels, kind: .gauge)
    }

    public static func histogram(
        _ name: String,
        target: String = "chat-prod",
        labels: String = "",
        bounds: [Double] = StoreFixtures.latencyBounds
    ) -> SeriesKey {
        SeriesKey(target: target, name: name, labels: labels, kind: .histogram, bucketBounds: bounds)
    }
}
