import Exposition
import HTTP
import Vocabulary

/// The metrics answer of one poll: parsed families, or why there are none.
struct MetricsReading: Sendable {
    var index = FamilyIndex([])
    /// The raw series and their values, one value per sample line.
    var raw: RawLayout?
    var rawValues: [Double] = []
    /// The page's layout, when it was read without a plan that fits (a new plan can be made from it).
    var page: PageReading?
    /// The plan this answer was read through, when it fitted.
    var plan: ScrapePlan?
    var bytes = 0
    /// The adapter's canonical samples, when the plan replayed them (then `index` is empty unless
    /// the plan keeps the adapter's families).
    var canonical: [CanonicalSample]?
    /// `process_start_time_seconds`, when `canonical` was replayed.
    var processStartTime: Double?
    /// Families in the page.
    var familyCount: Int { plan?.familyCount ?? index.families.count }
    /// Whether the server sent any HTTP answer (so it is reachable and worth probing).
    var answered = false
    /// Nil when the answer parsed.
    var problem: (health: Health, message: String)?

    /// `answer` nil means the metrics page was not requested; `plan`, when its layout fits the page,
    /// replaces the parse (see `ScrapePlan`).
    init(
        _ answer: Result<HTTPResponse, HTTPError>?,
        cap: Int,
        target: String = "",
        plan: ScrapePlan? = nil
    ) {
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
                // Through a plan only the blocks and values are needed; the line numbers are read
                // (again) only when the page no longer fits and is parsed in full.
                var page = PageReading.read(response.body, withLines: plan == nil)
                if let plan, let reading = page, let values = plan.values(of: reading) {
                    let replayed = plan.canonicalSamples(values)
                    if replayed != nil || !plan.replaysWithoutFamilies {
                        self.plan = plan
                        canonical = replayed
                        processStartTime = replayed == nil ? nil : plan.processStartTime(values)
                        if !plan.replaysWithoutFamilies { index = plan.adapterIndex(values) }
                        raw = plan.raw
                        rawValues = values
                        return
                    }
                    // The adapter would decide differently on these values: parse in full.
                }
                if plan != nil, page != nil { page = PageReading.read(response.body) }
                do {
                    let format = ExpositionFormat(contentType: response.header("Content-Type"))
                    let families = try ParserPool.shared.parse(response.body, format: format)
                    index = FamilyIndex(families, recordingLookups: page != nil)
                    readRaw(target: target, page: page)
                } catch {
                    problem = (.badPayload, "metrics do not parse: \(error)")
                }
            }
        }
    }

    /// Lays out the raw series by the page's sample lines when the parse agrees with the page
    /// reading line for line, else by the parsed samples alone (and no plan can be made).
    private mutating func readRaw(target: String, page: PageReading?) {
        if let page {
            let ordinals = page.positionsByLine()
            let agrees = index.families.allSatisfy { family in
                family.samples.allSatisfy { ordinals[$0.line] != nil }
            }
            if agrees {
                raw = RawLayout(index, target: target) { ordinals[$0] }
                rawValues = page.values
                self.page = page
                return
            }
        }
        let (layout, values) = RawLayout.withValues(of: index, target: target)
        raw = layout
        rawValues = values
    }

    /// HTML by content type, or by a body whose first non-blank byte is `<`.
    static func looksLikeHTML(_ body: [UInt8], contentType: String?) -> Bool {
        if let contentType, Self.containsHTML(contentType) { return true }
        let first = body.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        return first == UInt8(ascii: "<")
    }

    /// Whether `text` contains `html` in any case (an ASCII scan: this runs on every poll).
    static func containsHTML(_ text: String) -> Bool {
        let wanted = Array("html".utf8)
        var matched = 0
        for byte in text.utf8 {
            let lower = byte | (byte >= 0x41 && byte <= 0x5A ? 0x20 : 0)
            matched = lower == wanted[matched] ? matched + 1 : (lower == wanted[0] ? 1 : 0)
            if matched == wanted.count { return true }
        }
        return false
    }

    static func seconds(_ value: Double) -> String {
        String((value * 100).rounded() / 100)
    }
}
