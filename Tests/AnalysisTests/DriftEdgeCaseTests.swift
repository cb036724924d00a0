import Analysis
import Foundation
import Testing

/// Input a drift comparison cannot use is refused with a reason, small windows get no verdict,
/// and a report survives JSON.
struct DriftEdgeCaseTests {
    private let bounds: [Double] = [0.5, 1, 2, .infinity]

    /// The kind of error the assessment throws, recording an issue when it throws none.
    private func refusal(_ upperBounds: [Double], _ baseline: [Double], _ current: [Double]) -> DriftInputError.Kind? {
        let error = #expect(throws: DriftInputError.self) {
            try DriftAssessment(upperBounds: upperBounds, baseline: baseline, current: current)
        }
        return error?.kind
    }

    @Test func malformedLayoutsAndCountsAreRefusedWithTheirKind() {
        let counts = [10.0, 20, 30, 40]
        #expect(refusal([], [], []) == .emptyLayout)
        #expect(refusal(bounds, counts, [1, 2, 3]) == .lengthMismatch)
        #expect(refusal([0.5, 2, 1, .infinity], counts, counts) == .unorderedBounds)
        #expect(refusal([0.5, 0.5, 1, .infinity], counts, counts) == .unorderedBounds)
        #expect(refusal([.nan, 1, 2, .infinity], counts, counts) == .unorderedBounds)
        for bad in [-1.0, .nan, .infinity] {
            #expect(refusal(bounds, counts, [1, bad, 3, 4]) == .invalidCount)
        }
        #expect(refusal(bounds, [.greatestFiniteMagnitude, 1e308, 0, 0], counts) == .invalidCount)
    }

    @Test func errorNamesTheBucketAndWhatToPass() throws {
        do {
            _ = try DriftAssessment(upperBounds: bounds, baseline: [1, 2, -3, 4], current: [1, 2, 3, 4])
            Issue.record("negative count accepted")
        } catch {
            #expect(error.bucketIndex == 2)
            #expect(
                error.description == "The baseline count of bucket 2 is -3.0: counts must be finite and not negative"
            )
        }
    }

    @Test func smallWindowsGetNoVerdictButTheCountsNeeded() throws {
        let assessment = try DriftAssessment(
            upperBounds: bounds,
            baseline: [10, 20, 5, 5],
            current: [400, 500, 300, 50]
        )
        guard case .notEnoughData(let shortfall) = assessment else {
            Issue.record("verdict on 40 observations")
            return
        }
        #expect(shortfall == DriftShortfall(baselineCount: 40, currentCount: 1250, minimumCount: 1000))
        #expect(
            shortfall.description
                == "Not enough data: 40 baseline / 1,250 current observations, need 1,000 in each window"
        )
        #expect(assessment.report == nil)
    }

    @Test func anEmptyWindowNeverGetsAVerdictEvenWithNoMinimum() throws {
        let policy = DriftPolicy(minimumCountPerWindow: 0)
        let assessment = try DriftAssessment(
            upperBounds: bounds,
            baseline: [0, 0, 0, 0],
            current: [1, 0, 0, 0],
            policy: policy
        )
        #expect(assessment == .notEnoughData(DriftShortfall(baselineCount: 0, currentCount: 1, minimumCount: 1)))
    }

    @Test func tiersAreInclusiveAtTheirThresholdsAndConfigurable() {
        let policy = DriftPolicy()
        #expect(policy.tier(psi: 0) == .none)
        #expect(policy.tier(psi: 0.099_999) == .none)
        #expect(policy.tier(psi: 0.1) == .moderate)
        #expect(policy.tier(psi: 0.249_999) == .moderate)
        #expect(policy.tier(psi: 0.25) == .major)
        let strict = DriftPolicy(moderatePSI: 0.05, majorPSI: 0.1)
        #expect(strict.tier(psi: 0.07) == .moderate)
        #expect(strict.tier(psi: 0.1) == .major)
        #expect(DriftTier.none < .moderate && DriftTier.moderate < .major)
    }

    @Test func aNewRangeAloneLeavesThePSIAtZeroButIsReported() throws {
        let assessment = try DriftAssessment(
            upperBounds: bounds,
            baseline: [500, 500, 0, 0],
            current: [500, 500, 0, 1000],
            policy: DriftPolicy(minimumCountPerWindow: 1)
        )
        let report = try #require(assessment.report)
        #expect(report.newRangeShare == 0.5)
        #expect(report.bins[3].isNewRange && !report.bins[2].isNewRange)
        #expect(report.bins[2].contribution == 0)
        // The old buckets each hold half their baseline share: (0.25 − 0.5)·ln ½ twice.
        #expect(abs(report.psi - 0.5 * log(2)) < 1e-15)
        #expect(report.ksStatistic == 0.5)
    }

    @Test func fractionalCountsGetStatisticsButNoPValue() throws {
        let assessment = try DriftAssessment(
            upperBounds: bounds,
            baseline: [400.5, 300, 200, 100],
            current: [300, 300, 300, 100.25]
        )
        let report = try #require(assessment.report)
        #expect(report.ksPValue == nil)
        #expect(report.ksStatistic > 0 && report.psi > 0)
    }

    @Test func identicalWindowsShowNoDriftAtAll() throws {
        let counts = [1200.0, 800, 500, 0]
        let report = try #require(try DriftAssessment(upperBounds: bounds, baseline: counts, current: counts).report)
        #expect(report.psi == 0 && report.ksStatistic == 0 && report.jensenShannonDistance == 0)
        #expect(report.ksPValue == 1 && report.tier == .none && !report.hasNewRange)
    }

    @Test func reportRoundTripsThroughJSON() throws {
        let assessment = try DriftAssessment(
            upperBounds: bounds,
            baseline: [700, 250, 50, 0],
            current: [500, 300, 150, 50]
        )
        let data = try JSONEncoder().encode(assessment)
        #expect(try JSONDecoder().decode(DriftAssessment.self, from: data) == assessment)
    }

    @Test func distancesRefuseWhatIsNotADistribution() {
        #expect(DistributionDistance.jensenShannon([], []) == nil)
        #expect(DistributionDistance.jensenShannon([1, 2], [1]) == nil)
        #expect(DistributionDistance.jensenShannon([0, 0], [1, 1]) == nil)
        #expect(DistributionDistance.jensenShannon([1, .nan], [1, 1]) == nil)
        #expect(DistributionDistance.jensenShannon([1, 1], [1, 1], base: 1) == nil)
        #expect(DistributionDistance.hellinger([1, -1], [1, 1]) == nil)
        #expect(DistributionDistance.jensenShannon([1, 0], [0, 1]) == 1)
        #expect(DistributionDistance.hellinger([1, 0], [0, 1]) == 1)
        #expect(KolmogorovDistribution.survival(.nan).isNaN)
        #expect(KolmogorovDistribution.survival(0) == 1 && KolmogorovDistribution.survival(1e-300) == 1)
        #expect(KolmogorovDistribution.survival(40) == 0)
    }
}
