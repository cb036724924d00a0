import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Plain HTTP over loopback for the tests: status, headers and body of one request.
struct LoopbackResponse {
    var status: Int
    var headers: [String: String]
    var body: Data

    var text: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? {
        headers.first { $0.key.lowercased() == name.lowercased() }?.value
    }

    func json() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw LoopbackFailure(message: "body is not a JSON object: \(text.prefix(200))")
        }
        return object
    }
}

struct LoopbackFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

enum LoopbackClient {
    static func get(_ url: String, timeout: Double = 60) async throws -> LoopbackResponse {
        try await send(url, method: "GET", body: nil, timeout: timeout)
    }

    static func post(_ url: String, json: String, timeout: Double = 60) async throws -> LoopbackResponse {
        try await send(url, method: "POST", body: Data(json.utf8), timeout: timeout)
    }

    static func send(_ url: String, method: String, body: Data?, timeout: Double) async throws -> LoopbackResponse {
        guard let target = URL(string: url) else { throw LoopbackFailure(message: "bad URL \(url)") }
        var request = URLRequest(url: target)
        request.httpMethod = method
        request.httpBody = body
        request.timeoutInterval = timeout
        if body != nil {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw LoopbackFailure(message: "not HTTP") }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            headers["\(key)"] = "\(value)"
        }
        return LoopbackResponse(status: http.statusCode, headers: headers, body: data)
    }
}
