/// One value at one time, as the query API returns it.
public struct PrometheusSample: Sendable, Equatable {
    /// Unix seconds, with Prometheus' millisecond precision.
    public var timestamp: Double
    /// The value; NaN, +Inf and -Inf come through as such (the API writes them as strings).
    public var value: Double

    public init(timestamp: Double, value: Double) {
        self.timestamp = timestamp
        self.value = value
    }
}

/// One series of an instant query: its labels and its value at the evaluation time.
public struct InstantSeries: Sendable, Equatable {
    /// Labels as returned; `__name__` is absent after most functions and aggregations.
    public var labels: [String: String]
    public var sample: PrometheusSample

    public init(labels: [String: String], sample: PrometheusSample) {
        self.labels = labels
        self.sample = sample
    }
}

/// One series of a range query: its labels and its values at each step that had data.
public struct RangeSeries: Sendable, Equatable {
    public var labels: [String: String]
    /// In time order; steps without data are absent, never filled.
    public var samples: [PrometheusSample]

    public init(labels: [String: String], samples: [PrometheusSample]) {
        self.labels = labels
        self.samples = samples
    }
}

/// The `data` of a query answer, by its `resultType`.
///
/// Native-histogram samples (`"histogram"` / `"histograms"` instead of `"value"` / `"values"`) are
/// skipped and counted in ``PrometheusResponse/skippedNativeHistograms``: llmdeck's vocabulary uses
/// classic histograms only.
public enum QueryResult: Sendable, Equatable {
    case vector([InstantSeries])
    case matrix([RangeSeries])
    case scalar(PrometheusSample)
    case string(timestamp: Double, value: String)

    /// The series of a vector; a scalar as one series without labels; nothing for a matrix or a string.
    public var instantSeries: [InstantSeries] {
        switch self {
        case .vector(let series): series
        case .scalar(let sample): [InstantSeries(labels: [:], sample: sample)]
        case .matrix, .string: []
        }
    }

    /// The series of a matrix; nothing for the other types.
    public var rangeSeries: [RangeSeries] {
        if case .matrix(let series) = self { return series }
        return []
    }
}

/// A successful answer with what Prometheus said alongside it.
public struct PrometheusResponse<Value: Sendable>: Sendable {
    public var value: Value
    /// The envelope's `warnings`: the result may be partial (a Thanos store or a remote-read endpoint
    /// did not answer, a limit was hit). Show them; never drop them.
    public var warnings: [String]
    /// The envelope's `infos` (Prometheus 3): notes such as "metric might not be a counter".
    public var infos: [String]
    /// Native-histogram samples left out of the result (see ``QueryResult``).
    public var skippedNativeHistograms: Int

    public init(value: Value, warnings: [String] = [], infos: [String] = [], skippedNativeHistograms: Int = 0) {
        self.value = value
        self.warnings = warnings
        self.infos = infos
        self.skippedNativeHistograms = skippedNativeHistograms
    }

    /// Whether Prometheus warned that the result may be incomplete.
    public var isPossiblyPartial: Bool { !warnings.isEmpty }

    /// One line for a status bar, nil without warnings: `Prometheus warned (figures may be partial): …`.
    public var warningSummary: String? {
        guard !warnings.isEmpty else { return nil }
        return "Prometheus warned (figures may be partial): " + warnings.joined(separator: "; ")
    }
}

extension PrometheusResponse: Equatable where Value: Equatable {}

/// The answer of an instant or range query.
public typealias QueryResponse = PrometheusResponse<QueryResult>
