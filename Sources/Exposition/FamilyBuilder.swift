/// Which part of a family a sample is, from its name relative to the family name.
enum SampleSuffix: Sendable {
    case none, total, created, bucket, count, sum, gcount, gsum, info

    var text: String {
        switch self {
        case .none: ""
        case .total: "_total"
        case .created: "_created"
        case .bucket: "_bucket"
        case .count: "_count"
        case .sum: "_sum"
        case .gcount: "_gcount"
        case .gsum: "_gsum"
        case .info: "_info"
        }
    }

    /// `text` as static bytes, for comparisons without allocating.
    var staticText: StaticString {
        switch self {
        case .none: ""
        case .total: "_total"
        case .created: "_created"
        case .bucket: "_bucket"
        case .count: "_count"
        case .sum: "_sum"
        case .gcount: "_gcount"
        case .gsum: "_gsum"
        case .info: "_info"
        }
    }

    /// The suffixes OpenMetrics 1.0 allows on the samples of a family of `type`.
    static func openMetricsSuffixes(of type: MetricType) -> [SampleSuffix] {
        switch type {
        case .counter: [.total, .created]
        case .histogram: [.bucket, .count, .sum, .created]
        case .gaugehistogram: [.bucket, .gcount, .gsum]
        case .summary: [.none, .count, .sum, .created]
        case .info: [.info]
        case .gauge, .stateset, .unknown: [.none]
        }
    }
}

/// A family being filled while the payload is read.
struct FamilyBuilder {
    var name: String
    var type: MetricType = .unknown
    var hasType = false
    var help: String?
    var unit: String?
    var samples: [Sample] = []

    init(name: String) {
        self.name = name
        samples.reserveCapacity(16)
    }

    func build() -> MetricFamily {
        MetricFamily(name: name, type: type, help: help, unit: unit, samples: samples)
    }

    /// The suffix that makes `sampleName` a sample of this family under OpenMetrics rules, if any.
    func openMetricsSuffix(of sampleName: UnsafeBufferPointer<UInt8>) -> SampleSuffix? {
        if let found = name.utf8.withContiguousStorageIfAvailable({ openMetricsSuffix(of: sampleName, family: $0) }) {
            return found
        }
        return Array(name.utf8).withUnsafeBufferPointer { openMetricsSuffix(of: sampleName, family: $0) }
    }

    private func openMetricsSuffix(
        of sampleName: UnsafeBufferPointer<UInt8>,
        family nameBytes: UnsafeBufferPointer<UInt8>
    ) -> SampleSuffix? {
        guard sampleName.count >= nameBytes.count else { return nil }
        for index in 0..<nameBytes.count where sampleName[index] != nameBytes[index] { return nil }
        let rest = UnsafeBufferPointer(rebasing: sampleName[nameBytes.count...])
        for suffix in SampleSuffix.openMetricsSuffixes(of: type) where rest.elementsEqual(suffix.text.utf8) {
            return suffix
        }
        return nil
    }
}
