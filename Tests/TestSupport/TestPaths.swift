import Foundation

/// Paths every test target needs: the package root, committed fixtures, the built binary.
public enum TestPaths {
    /// The package root, found from this file's location (Tests/TestSupport/TestPaths.swift).
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `Tests/Fixtures`: realistic `/metrics` pages, API responses and parser corpora.
    public static let fixtures: URL = packageRoot.appendingPathComponent("Tests/Fixtures")

    /// The bytes of a fixture file, by its path relative to `Tests/Fixtures`.
    public static func fixture(_ relativePath: String) throws -> Data {
        try Data(contentsOf: fixtures.appendingPathComponent(relativePath))
    }

    /// The `llmdeck` executable built by `swift build`: `LLMDECK_BIN` when set (the Makefile
    /// sets it), otherwise the debug build under `.build`.
    public static var llmdeckBinary: URL {
        if let path = ProcessInfo.processInfo.environment["LLMDECK_BIN"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return packageRoot.appendingPathComponent(".build/debug/llmdeck")
    }
}
