import Exposition
import HTTP

/// The metrics answer of one poll: parsed families, or why there are none.
struct MetricsReading: Sendable {
    var index = FamilyIndex([])
    var bytes = 0
    /// Whether the server sent any HTTP answer (so it is reachable and worth probing).
    var answered = false
    /// Nil when the answer parsed.
    var problem: (health: TargetHealth, message: String)?

    /// `answer` nil means the metrics page was not requested.
    init(_ answer: Result<HTTPResponse, HTTPError>?, cap: Int) {
        guard let answer else { return }
        switch answer {
        case .failure(let error):
            bytes = error.bytesReceived
            switch error.kind {
            case .tooLarge:
                problem = (.badPayload, "metrics answer over the size cap of \(cap) bytes; cut off")
            case .timeout:
                problem = (.down, "metrics: timed out after \(Self.seconds(error.duration)) s")
            default:
                problem = (.down, "metrics: \(error.message)")
            }
        case .success(let response):
            answered = true
            bytes = response.body.count
            if response.status >= 500 {
                problem = (.down, "metrics: HTTP \(response.status)")
            } else if !(200..<300).contains(response.status) {
                problem = (.degraded, "metrics: HTTP \(response.status) (is the metrics endpoint enabled?)")
            } else if Self.looksLikeHTML(response.body, contentType: response.header("Content-Type")) {
                problem = (.badPayload, "metrics answer is HTML, not a Prometheus exposition")
            } else {
                do {
                    let format = ExpositionFormat(contentType: response.header("Content-Type"))
                    index = FamilyIndex(try ExpositionParser.parse(response.body, format: format))
                } catch {
                    problem = (.badPayload, "metrics do not parse: \(error)")
                }
            }
        }
    }

    /// HTML by content type, or by a body whose first non-blank byte is `<`.
    static func looksLikeHTML(_ body: [UInt8], contentType: String?) -> Bool {
        if let contentType, contentType.lowercased().contains("html") { return true }
        let first = body.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        return first == UInt8(ascii: "<")
    }

    static func seconds(_ value: Double) -> String {
        String((value * 100).rounded() / 100)
    }
}
