import Analysis
import Config
import Fleet
import Store
import Synchronization
import Testing

/// Experiments read from a real store: summed across replicas since they started, compared with
/// the Analysis statistics, judged in words.
struct ExperimentReaderTests {
    private typealias Poll = ExperimentStore.Poll

    private func reports(
        _ fixture: ExperimentStore,
        rules: ExperimentRules = ExperimentRules()
    ) throws
        -> [ExperimentReport]
    {
        try ExperimentReader(store: fixture.store, rules: rules).reports(now: fixture.now)
    }

    @Test func countsAreSummedAcrossReplicasSinceTheFirstIncrement() throws {
        var fixture = try ExperimentStore()
        defer { fixture.remove() }
        try fixture.run(ticks: 24) { _ in
            ["replica-1", "replica-2"].flatMap { target in
                [
                    Poll(target: target, experiment: "checkout", variant: "b", successes: 9, failures: 1),
                    Poll(target: target, experiment: "checkout", variant: "a", successes: 8, failures: 2),
                ]
            }
        }
        let report = try #require(try reports(fixture).first)
        #expect(report.name == "checkout")
        #expect(report.control == "a", "the alphabetically first variant is control")
        #expect(report.deployments == ["replica-1", "replica-2"])
        #expect(report.startedAt == fixture.start / 60_000 * 60_000, "the minute of the first increment")
        #expect(report.variants.map(\.name) == ["a", "b"])
        #expect(report.variants.map(\.requests) == [480, 480])
        #expect(report.variants.map(\.successes) == [384, 432])
        #expect(report.variants[0].successRate == 0.8)
        #expect(report.variants[0].latencyP95 == nil, "no latency histogram exported")
        #expect(report.variants[0].costPerRequest == nil)
    }

    @Test func comparisonsEqualTheAnalysisStatisticsOfTheTotals() throws {
        var fixture = try ExperimentStore()
        defer { fixture.remove() }
        try fixture.run(ticks: 60) { _ in
            [
                Poll(target: "chat", experiment: "tone", variant: "a", successes: 45, failures: 5),
                Poll(target: "chat", experiment: "tone", variant: "b", successes: 48, failures: 2),
            ]
        }
        let report = try #require(try reports(fixture).first)
        let comparison = try #require(report.comparisons.first { $0.metric == "success_rate" })
        let direct = try #require(
            ProportionComparison(
                control: ProportionSample(successes: 2_700, trials: 3_000),
                treatment: ProportionSample(successes: 2_880, trials: 3_000)
            )
        )
        #expect(abs(comparison.absoluteDifference - 0.06) < 1e-12)
        #expect(comparison.pValue == direct.absolute.pValue)
        #expect(comparison.interval == direct.absolute.interval)
        // The always-valid p is the running minimum over the looks: at most the last look's.
        let last = try #require(MixtureSequentialTest().look(at: direct))
        #expect(comparison.alwaysValidPValue <= last.pValue)
        #expect(comparison.alwaysValidPValue < 0.001)
        #expect(comparison.isSignificant)
        #expect((comparison.chanceToBeatControl ?? 0) > 0.999)
        #expect(report.verdict.hasPrefix("b better: +6.0 % success"))
        #expect(report.tone == .good)
        let history = try #require(report.history["b"])
        #expect(history.count == 60, "one look per 5 s step")
        #expect(history.allSatisfy { $0.lower <= $0.upper })
        #expect(history.last.map { $0.lower > 0 } == true, "the band has left zero")
    }

    @Test func noEffectIsNotSignificantAndSaysHowManyMoreRequests() throws {
        var fixture = try ExperimentStore()
        defer { fixture.remove() }
        try fixture.run(ticks: 40) { tick in
            [
                Poll(target: "chat", experiment: "tone", variant: "a", successes: 9, failures: 1),
                Poll(target: "chat", experiment: "tone", variant: "b", successes: tick % 2 == 0 ? 9 : 8, failures: 1),
            ]
        }
        let report = try #require(try reports(fixture).first)
        #expect(report.comparisons.allSatisfy { !$0.isSignificant })
        #expect(report.verdict.hasPrefix("No difference yet: ~"), "\(report.verdict)")
        #expect(report.tone == .pending)
    }

    @Test func aBrokenSplitIsReportedBeforeAnyResult() throws {
        var fixture = try ExperimentStore()
        defer { fixture.remove() }
        try fixture.run(ticks: 40) { _ in
            [
                Poll(target: "chat", experiment: "router", variant: "a", successes: 36, failures: 4),
                Poll(target: "chat", experiment: "router", variant: "b", successes: 54, failures: 6),
            ]
        }
        let report = try #require(try reports(fixture).first)
        let ratio = try #require(report.sampleRatio)
        #expect(ratio.isMismatch)
        #expect(report.verdict == "Sample ratio mismatch: 40/60 vs 50/50 expected")
        #expect(report.tone == .bad)
        var rules = ExperimentRules()
        var settings = ExperimentSettings()
        settings.split = ["a": 40, "b": 60]
        rules.byName["router"] = settings
        let planned = try #require(try reports(fixture, rules: rules).first)
        #expect(planned.sampleRatio?.isMismatch == false, "the configured 40/60 split is what was served")
    }

    @Test func oneVariantOrNoTrafficGivesNoComparisonAndNoDivisionByZero() throws {
        var fixture = try ExperimentStore()
        defer { fixture.remove() }
        try fixture.run(ticks: 4) { _ in
            [
                Poll(target: "chat", experiment: "solo", variant: "only", successes: 5, failures: 0),
                Poll(target: "chat", experiment: "quiet", variant: "a", successes: 0, failures: 0),
                Poll(target: "chat", experiment: "quiet", variant: "b", successes: 0, failures: 0),
            ]
        }
        let all = try reports(fixture)
        let solo = try #require(all.first { $0.name == "solo" })
        #expect(solo.comparisons.isEmpty)
        #expect(solo.verdict.contains("only"), "\(solo.verdict)")
        let quiet = try #require(all.first { $0.name == "quiet" })
        #expect(quiet.variants.allSatisfy { $0.successRate == nil })
        #expect(quiet.comparisons.isEmpty)
        #expect(quiet.verdict == ExperimentVerdict.noTraffic.description)
    }

    @Test func moreThanTwentyVariantsAreRefusedWithAMessage() throws {
        var fixture = try ExperimentStore()
        defer { fixture.remove() }
        try fixture.run(ticks: 2) { _ in
            (1...21).map { Poll(target: "chat", experiment: "wide", variant: "v\($0)", successes: 1, failures: 0) }
        }
        let report = try #require(try reports(fixture).first)
        #expect(report.variants.isEmpty)
        #expect(report.verdict == "Too many variants: 21 (at most 20 are analysed)")
    }

    @Test func looksTakenSoFarStayTheSameAsTheExperimentAges() throws {
        var fixture = try ExperimentStore()
        defer { fixture.remove() }
        // 25 minutes of polls every 5 s: the looks move from 5 s to 10 s steps after 20 minutes.
        try fixture.run(ticks: 300) { tick in
            [
                Poll(target: "chat", experiment: "tone", variant: "a", successes: 8, failures: 2),
                Poll(
                    target: "chat",
                    experiment: "tone",
                    variant: "b",
                    successes: tick % 3 == 0 ? 10 : 8,
                    failures: tick % 3 == 0 ? 0 : 2
                ),
            ]
        }
        let reader = ExperimentReader(store: fixture.store)
        let early = try #require(try reader.reports(now: fixture.start + 19 * 60_000).first)
        let late = try #require(try reader.reports(now: fixture.now).first)
        let before = try #require(early.history["b"])
        let after = try #require(late.history["b"])
        #expect(early.lookInterval == 5_000)
        #expect(late.lookInterval == 10_000)
        // Every look of the early read is a look of the later one, with the same difference.
        let common = Array(after.prefix(before.count - 1))
        #expect(common.map(\.time) == before.dropLast().map(\.time))
        #expect(common.map(\.difference) == before.dropLast().map(\.difference))
        let earlyP = try #require(early.comparisons.first?.alwaysValidPValue)
        let lateP = try #require(late.comparisons.first?.alwaysValidPValue)
        #expect(lateP <= earlyP, "the always-valid p never rises as the experiment ages")
        // The band only narrows.
        #expect(after.last.map { $0.upper - $0.lower } ?? 1 <= before.last.map { $0.upper - $0.lower } ?? 0)
    }

    @Test func looksOlderThanTheRawRetentionAreHourlyAndEveryRequestIsStillCounted() throws {
        var fixture = try ExperimentStore()
        defer { fixture.remove() }
        // Three hours of polls every 5 s, rolled up, raw rows older than an hour deleted.
        try fixture.run(ticks: 3 * 720) { _ in
            [
                Poll(target: "chat", experiment: "tone", variant: "a", successes: 4, failures: 1),
                Poll(target: "chat", experiment: "tone", variant: "b", successes: 5, failures: 0),
            ]
        }
        let hour: Int64 = 3_600_000
        try fixture.store.rollUp(now: fixture.now + 60_000)
        try fixture.store.applyRetention(now: fixture.now, raw: hour, minute: 30 * 24 * hour, hour: 365 * 24 * hour)
        var rules = ExperimentRules()
        rules.rawRetention = hour
        let report = try #require(
            try ExperimentReader(store: fixture.store, rules: rules).reports(now: fixture.now).first
        )
        let polls: Double = 3 * 720
        let requests: [Double] = [polls * 5, polls * 5]
        let successes: [Double] = [polls * 4, polls * 5]
        #expect(report.variants.map(\.requests) == requests, "no request lost with the raw rows")
        #expect(report.variants.map(\.successes) == successes)
        let history = try #require(report.history["b"])
        // Raw rows are kept an hour (up to 2 h after the start here): the first two hours are
        // looked at hourly, then at the schedule's 1-minute steps (its age is 2-4 h then).
        let start = report.startedAt
        #expect(history.prefix(2).map(\.time) == [start + hour, start + 2 * hour])
        #expect(history.dropFirst(2).first?.time == start + 2 * hour + 60_000)
        #expect(history.map(\.time) == history.map(\.time).sorted())
    }

    @Test func significanceIsNotClaimedUnderABrokenSplitOrBelowTheMinimumSample() throws {
        var fixture = try ExperimentStore()
        defer { fixture.remove() }
        try fixture.run(ticks: 40) { _ in
            [
                Poll(target: "chat", experiment: "router", variant: "a", successes: 20, failures: 20),
                Poll(target: "chat", experiment: "router", variant: "b", successes: 60, failures: 0),
            ]
        }
        let report = try #require(try ExperimentReader(store: fixture.store).reports(now: fixture.now).first)
        #expect(report.sampleRatio?.isMismatch == true)
        let comparison = try #require(report.comparisons.first)
        #expect(comparison.alwaysValidPValue < 0.001, "the difference itself is overwhelming")
        #expect(!comparison.isSignificant, "but nothing is claimed while the split is broken")
    }

    @Test func aConfiguredStartLeavesEarlierTrafficOut() throws {
        var fixture = try ExperimentStore()
        defer { fixture.remove() }
        try fixture.run(ticks: 10) { tick in
            [
                Poll(target: "chat", experiment: "tone", variant: "a", successes: 1, failures: 0),
                Poll(target: "chat", experiment: "tone", variant: "b", successes: tick < 5 ? 0 : 1, failures: 0),
            ]
        }
        var rules = ExperimentRules()
        var settings = ExperimentSettings()
        settings.start = fixture.start + 5 * 5_000
        rules.byName["tone"] = settings
        let report = try #require(try reports(fixture, rules: rules).first)
        #expect(report.startedAt == settings.start)
        #expect(report.variants.map(\.requests) == [5, 5])
        #expect(report.variants.map(\.successes) == [5, 5])
    }
}

/// The `experiments:` section of a configuration changes how experiments are read and judged.
struct ExperimentRulesConfigTests {
    @Test func configuredControlSplitAndStartAreApplied() throws {
        var fixture = try ExperimentStore()
        defer { fixture.remove() }
        try fixture.run(ticks: 40) { _ in
            [
                ExperimentStore.Poll(target: "chat", experiment: "router", variant: "a", successes: 36, failures: 4),
                ExperimentStore.Poll(target: "chat", experiment: "router", variant: "b", successes: 54, failures: 6),
            ]
        }
        let yaml = """
            deployments: []
            experiments:
              minimum_requests: 10
              list:
                - name: router
                  control: b
                  split: { a: 40, b: 60 }
            """
        let config = try ConfigLoader.parse(yaml: yaml, file: "config.yaml")
        let rules = ExperimentRules(config.experiments)
        #expect(rules.settings(of: "router").minimumRequestsPerArm == 10)
        let report = try #require(
            try ExperimentReader(store: fixture.store, rules: rules).reports(now: fixture.now).first
        )
        #expect(report.control == "b")
        #expect(report.variants.map(\.name) == ["b", "a"])
        #expect(report.sampleRatio?.isMismatch == false)
        #expect(report.sampleRatio?.expectedShares == [0.6, 0.4])
        #expect(report.verdict.hasPrefix("No difference"), "\(report.verdict)")
    }
}

/// Cost per request priced from tokens when the application exports no cost: each step at the
/// price of its day for the model its target served.
struct ExperimentPricingTests {
    @Test func tokensArePricedAtThePriceOfTheirDay() throws {
        var fixture = try ExperimentStore()
        defer { fixture.remove() }
        try fixture.deploy("chat", model: "m", at: fixture.start)
        try fixture.run(ticks: 20) { _ in
            [
                ExperimentStore.Poll(
                    target: "chat",
                    experiment: "tone",
                    variant: "a",
                    successes: 10,
                    failures: 0,
                    tokens: (prompt: 1_000, completion: 500)
                ),
                ExperimentStore.Poll(
                    target: "chat",
                    experiment: "tone",
                    variant: "b",
                    successes: 10,
                    failures: 0,
                    tokens: (prompt: 2_000, completion: 500)
                ),
            ]
        }
        // $1 / $2 per million until the 11th poll, then $3 / $4: a step (5 s here) is priced at its
        // start, so the change is put on the start of the 11th poll's step.
        let change = (fixture.start + 10 * 5_000) / 5_000 * 5_000
        let pricing = PriceTable(entries: [
            PriceEntry(model: "m", promptPerMillion: 1, completionPerMillion: 2),
            PriceEntry(model: "m", promptPerMillion: 3, completionPerMillion: 4, effectiveFrom: change),
        ])
        let reader = ExperimentReader(store: fixture.store, pricing: pricing)
        let report = try #require(try reader.reports(now: fixture.now).first)
        // a: 10 polls × (1,000 × 1 + 500 × 2) + 10 polls × (1,000 × 3 + 500 × 4), per million, over 200 requests.
        let early: Double = 10 * (1_000 * 1 + 500 * 2)
        let late: Double = 10 * (1_000 * 3 + 500 * 4)
        let a = (early + late) / 1_000_000 / 200
        let earlyB: Double = 10 * (2_000 * 1 + 500 * 2)
        let lateB: Double = 10 * (2_000 * 3 + 500 * 4)
        let b = (earlyB + lateB) / 1_000_000 / 200
        #expect(abs((report.variants[0].costPerRequest ?? 0) - a) < 1e-15)
        #expect(abs((report.variants[1].costPerRequest ?? 0) - b) < 1e-15)
        #expect(report.variants[0].tokensPerRequest == 150)
        let unpriced = try #require(try ExperimentReader(store: fixture.store).reports(now: fixture.now).first)
        #expect(unpriced.variants[0].costPerRequest == nil, "no price table, no cost")
    }
}

/// The console's snapshot reads experiments at most every `SnapshotReader.experimentLifetime`.
struct ExperimentSnapshotTests {
    @Test func experimentsAreReusedForFiveSecondsThenReadAgain() throws {
        var fixture = try ExperimentStore()
        defer { fixture.remove() }
        try fixture.run(ticks: 4) { _ in
            [
                ExperimentStore.Poll(target: "chat", experiment: "tone", variant: "a", successes: 1, failures: 0),
                ExperimentStore.Poll(target: "chat", experiment: "tone", variant: "b", successes: 1, failures: 0),
            ]
        }
        let clock = Mutex(fixture.now)
        let reader = SnapshotReader(store: fixture.store) { clock.withLock { $0 } }
        let request = ReadRequest(experiments: true)
        #expect(reader.read(request).experiments?.first?.variants.first?.requests == 4)
        try fixture.run(ticks: 1) { _ in
            [ExperimentStore.Poll(target: "chat", experiment: "tone", variant: "a", successes: 1, failures: 0)]
        }
        // The new poll is 5 s after the first read: a read 1 ms before that still reuses it.
        clock.withLock { $0 = fixture.now - 1 }
        #expect(reader.read(request).experiments?.first?.variants.first?.requests == 4, "reused within 5 s")
        clock.withLock { $0 = fixture.now }
        #expect(reader.read(request).experiments?.first?.variants.first?.requests == 5, "read again after 5 s")
        #expect(reader.read(ReadRequest()).experiments == nil, "not read when not asked for")
    }
}
