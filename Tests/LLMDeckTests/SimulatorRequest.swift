import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A GET (or, with a body, a JSON POST) to a simulated server's `/sim/…` endpoints; the answer's body.
func simulatorRequest(_ url: String, body: String? = nil) async throws -> Data {
    var request = URLRequest(url: try #require(URL(string: url)))
    if let body {
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
    }
    return try await withCheckedThrowingContinuation { continuation in
        URLSession.shared.dataTask(with: request) { data, _, error in
            if let error {
                continuation.resume(throwing: error)
            } else {
                continuation.resume(returning: data ?? Data())
            }
        }.resume()
    }
}
