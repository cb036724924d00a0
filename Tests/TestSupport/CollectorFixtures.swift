import Foundation

/// Fixture lookups the collector tests share: `/metrics` pages and the JSON endpoint examples.
public enum CollectorFixtures {
    /// The body of one endpoint example in `endpoints.json`, by server and key (e.g. `"vllm"`,
    /// `"GET /v1/models"`), re-encoded as JSON bytes as the server would send it.
    public static func endpointBody(_ server: String, _ key: String) throws -> Data {
        let data = try TestPaths.fixture("endpoints.json")
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let stack = root[server] as? [String: Any],
            let entry = stack[key] as? [String: Any],
            let body = entry["body"]
        else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return try JSONSerialization.data(withJSONObject: body, options: [.fragmentsAllowed])
    }

    /// The bytes of a `.prom` fixture.
    public static func metrics(_ name: String) throws -> [UInt8] {
        [UInt8](try TestPaths.fixture(name))
    }
}
