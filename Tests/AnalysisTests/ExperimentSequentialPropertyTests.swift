import Analysis
import Testing

/// What peeking does to each p-value when there is no true effect.
///
/// 300 simulated A/A experiments, both arms Bernoulli(0.2) from a seeded SplitMix64 stream; after
/// every batch of 100 requests per arm, up to 5,000 per arm (50 looks), the operator peeks. An
/// experiment counts as a (false) rejection if any look shows p ≤ α = 0.05 — for the fixed-horizon
/// pooled z test, and for the always-valid mSPRT p (GrowthBook's N* = 5,000, the default policy).
///
/// Measured with this seed: always-valid 5 of 300 (1.7 %), fixed-horizon peeked 107 of 300
/// (35.7 %); seeds 1, 2 and 3 gave 4, 8, 4 and 78, 102, 101. The bound for the always-valid
/// rate is α plus two Monte-Carlo standard errors, 0.05 + 2·√(0.05·0.95/300) = 0.075; the
/// fixed-horizon rate must exceed 2α.
struct ExperimentSequentialPropertyTests {
    /// SplitMix64 (Steele, Lea, Flood 2014): a small, fast, seedable generator.
    private struct SplitMix64 {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        /// Uniform in [0, 1) from the top 53 bits.
        mutating func uniform() -> Double {
            Double(next() >> 11) * 0x1p-53
        }

        /// Successes among `trials` Bernoulli(`rate`) draws.
        mutating func successes(trials: Int, rate: Double) -> Double {
            var count = 0.0
            for _ in 0..<trials where uniform() < rate {
                count += 1
            }
            return count
        }
    }

    private struct Rejections {
        var fixedHorizon = 0
        var alwaysValid = 0
    }

    private static let alpha = 0.05
    private static let experiments = 300

    /// Runs the A/A experiments and counts those in which a peek rejected.
    private func simulate(seed: UInt64) -> Rejections {
        var generator = SplitMix64(state: seed)
        let test = MixtureSequentialTest(alpha: Self.alpha)
        var rejections = Rejections()
        for _ in 0..<Self.experiments {
            var control = ProportionSample(successes: 0, trials: 0)
            var treatment = ProportionSample(successes: 0, trials: 0)
            var state = AlwaysValidState()
            var fixedRejected = false
            for _ in 0..<50 {
                control.successes += generator.successes(trials: 100, rate: 0.2)
                control.trials += 100
                treatment.successes += generator.successes(trials: 100, rate: 0.2)
                treatment.trials += 100
                guard let comparison = ProportionComparison(control: control, treatment: treatment) else {
                    continue
                }
                fixedRejected = fixedRejected || comparison.absolute.pValue <= Self.alpha
                if let look = test.look(at: comparison) {
                    state.record(look)
                }
            }
            rejections.fixedHorizon += fixedRejected ? 1 : 0
            rejections.alwaysValid += state.pValue <= Self.alpha ? 1 : 0
        }
        return rejections
    }

    @Test func peekingAtTheAlwaysValidPKeepsFalseRejectionsAtAlphaWhileFixedHorizonInflates() {
        let rejections = simulate(seed: 20_260_807)
        let n = Double(Self.experiments)
        let alwaysValidRate = Double(rejections.alwaysValid) / n
        let fixedRate = Double(rejections.fixedHorizon) / n
        let slack = 2 * (Self.alpha * (1 - Self.alpha) / n).squareRoot()
        #expect(
            alwaysValidRate <= Self.alpha + slack,
            "always-valid p peeked 50 times rejected \(rejections.alwaysValid) of \(Self.experiments) A/A experiments"
        )
        #expect(
            fixedRate > 2 * Self.alpha,
            "fixed-horizon p peeked 50 times rejected \(rejections.fixedHorizon) of \(Self.experiments) A/A experiments"
        )
    }

    @Test func aTrueEffectOfFivePointsIsFoundInTheRightDirectionAndCovered() {
        var generator = SplitMix64(state: 7)
        let test = MixtureSequentialTest(alpha: Self.alpha)
        var detected = 0
        var covered = 0
        let runs = 50
        for _ in 0..<runs {
            var control = ProportionSample(successes: 0, trials: 0)
            var treatment = ProportionSample(successes: 0, trials: 0)
            var state = AlwaysValidState()
            for _ in 0..<50 {
                control.successes += generator.successes(trials: 100, rate: 0.20)
                control.trials += 100
                treatment.successes += generator.successes(trials: 100, rate: 0.25)
                treatment.trials += 100
                if let comparison = ProportionComparison(control: control, treatment: treatment),
                    let look = test.look(at: comparison)
                {
                    state.record(look)
                }
            }
            let sequence = state.confidenceSequence
            detected += state.pValue <= Self.alpha && (sequence?.lower ?? 0) > 0 ? 1 : 0
            covered += sequence?.contains(0.05) == true ? 1 : 0
        }
        #expect(detected == runs, "a +5-point effect was detected in \(detected) of \(runs) runs by 5,000 per arm")
        #expect(covered >= runs - 3, "the confidence sequence covered the true +0.05 in \(covered) of \(runs) runs")
    }
}
