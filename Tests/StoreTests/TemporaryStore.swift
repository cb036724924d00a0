import Foundation
import TestSupport

@testable import Store

/// A store in a fresh temporary directory; the directory goes away with `remove()`.
struct TemporaryStore {
    let directory: TemporaryDirectory
    let path: String

    init() throws {
        directory = try TemporaryDirectory(prefix: "llmdeck-store")
        path = directory.path("llmdeck.sqlite")
    }

    func open(readOnly: Bool = false) throws -> Store {
        try Store(path: path, readOnly: readOnly)
    }

    func remove() {
        directory.remove()
    }
}

extension SeriesKey {
    static func counter(_ name: String, target: String = "chat-prod", labels: String = "") -> SeriesKey {
        SeriesKey(target: target, name: name, labels: labels, kind: .counter)
    }

    static func gauge(_ name: String, target: String = "chat-prod", labels: String = "") -> SeriesKey {
        SeriesKey(target: target, name: name, labels: labels, kind: .gauge)
    }

    static func histogram(
        _ name: String,
        target: String = "chat-prod",
        labels: String = "",
        bounds: [Double] = StoreFixtures.latencyBounds
    ) -> SeriesKey {
        SeriesKey(target: target, name: name, labels: labels, kind: .histogram, bucketBounds: bounds)
    }
}
