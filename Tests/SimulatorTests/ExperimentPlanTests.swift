import Testing

@testable import Simulator

struct ExperimentPlanTests {
    @Test func textFormParsesEveryField() throws {
        let plan = try ExperimentPlan(
            parsing: "tone: variants=a, b ,c;weights=40,40,20;success=0.8,0.82,0.9;latency=1,1.5,0.9;servers=3;"
                + "rate=7.5;cost=0.15/0.6;score=yes;start=30"
        )
        #expect(plan.name == "tone")
        #expect(plan.variants.map(\.name) == ["a", "b", "c"])
        #expect(plan.control == "a")
        #expect(plan.variants.map(\.weight) == [40, 40, 20])
        #expect(plan.split == [0.4, 0.4, 0.2])
        #expect(plan.variants.map(\.successProbability) == [0.8, 0.82, 0.9])
        #expect(plan.variants.map(\.latencyFactor) == [1, 1.5, 0.9])
        #expect(plan.servers == 3 && plan.requestsPerSecond == 7.5)
        #expect(plan.pricing == ExperimentPlan.Pricing(promptPerMillion: 0.15, completionPerMillion: 0.6))
        #expect(plan.exportsScore && plan.hasBrokenSplit && plan.startSeconds == 30)
        #expect(try ExperimentPlan(parsing: plan.description) == plan)
    }

    @Test func omittedFieldsTakeDefaultsAndOneValueAppliesToEveryVariant() throws {
        let plan = try ExperimentPlan(parsing: "plain:variants=x,y;success=0.7")
        #expect(plan.variants.map(\.weight) == [1, 1])
        #expect(plan.variants.map(\.successProbability) == [0.7, 0.7])
        #expect(plan.variants.map(\.latencyFactor) == [1, 1])
        #expect(plan.servers == 2 && plan.requestsPerSecond == 5)
        #expect(plan.pricing == nil && !plan.exportsScore && !plan.hasBrokenSplit && plan.startSeconds == 0)
    }

    @Test func descriptionRoundTripsThroughTheParser() throws {
        for plan in ExperimentPlan.standard {
            #expect(try ExperimentPlan(parsing: plan.description) == plan, "\(plan.description)")
        }
        #expect(
            ExperimentPlan.standard[0].description
                == "system-prompt:variants=a,b;weights=1,1;success=0.85,0.89;latency=1,1.1;servers=2;rate=15;"
                + "cost=0.15/0.6;score=yes"
        )
    }

    /// Each bad text is refused with the field to fix, and the message says what is wrong.
    @Test func badPlanTextNamesTheBadField() {
        let cases: [(text: String, field: String)] = [
            ("variants=a,b", "name"),
            (":variants=a,b", "name"),
            ("x:weights=1,1", "variants"),
            ("x:variants=a,,b", "variants"),
            ("x:variants=a,a", "variants"),
            ("x:variants=a,b;weights=50", "weights"),
            ("x:variants=a,b;weights=50,-1", "weights"),
            ("x:variants=a,b;weights=0,0", "weights"),
            ("x:variants=a,b;success=0.8,1.2", "success"),
            ("x:variants=a,b;success=high", "success"),
            ("x:variants=a,b;latency=1,0", "latency"),
            ("x:variants=a,b;servers=two", "servers"),
            ("x:variants=a,b;servers=0", "servers"),
            ("x:variants=a,b;rate=-3", "rate"),
            ("x:variants=a,b;cost=0.15", "cost"),
            ("x:variants=a,b;cost=-1/2", "cost"),
            ("x:variants=a,b;score=maybe", "score"),
            ("x:variants=a,b;start=soon", "start"),
            ("x:variants=a,b;start=-5", "start"),
            ("x:variants=a,b;colour=red", "colour"),
            ("x:variants=a,b;variants=c,d", "variants"),
            ("x:variants=a,b;servers", "servers"),
        ]
        for (text, field) in cases {
            #expect {
                _ = try ExperimentPlan(parsing: text)
            } throws: { error in
                guard let error = error as? ExperimentPlanError else { return false }
                return error.field == field && error.plan == text && error.description.contains(field)
                    && !error.message.isEmpty
            }
        }
    }

    @Test func flagTextsDefaultToTheStandardPlansAndNoneRunsNone() throws {
        #expect(try ExperimentPlan.plans(parsing: []) == ExperimentPlan.standard)
        #expect(try ExperimentPlan.plans(parsing: ["none"]).isEmpty)
        let two = try ExperimentPlan.plans(parsing: ["p:variants=a,b", "q:variants=a,b,c"])
        #expect(two.map(\.name) == ["p", "q"])
        #expect(
            throws: ExperimentPlanError(plan: "p:variants=c,d", field: "name", message: "another experiment is named p")
        ) {
            _ = try ExperimentPlan.plans(parsing: ["p:variants=a,b", "p:variants=c,d"])
        }
    }

    @Test func simulatorOptionsRefuseAnInvalidPlanNamingTheField() {
        let bad = ExperimentPlan(name: "broken", variants: [.init(name: "a", successProbability: 2)])
        #expect {
            _ = try SimulatorOptions(experiments: [bad]).validated()
        } throws: { error in
            guard let error = error as? SimulatorError else { return false }
            return error.kind == .invalidOption && error.message.contains("success")
        }
        #expect(throws: SimulatorError.self) {
            _ = try SimulatorOptions(experiments: [ExperimentPlan.standard[0], ExperimentPlan.standard[0]]).validated()
        }
    }

    /// The standard set gives `llmdeck demo` one real effect, one null and one broken split.
    @Test func standardPlansHaveAnEffectANullAndABrokenSplit() throws {
        let plans = Dictionary(uniqueKeysWithValues: ExperimentPlan.standard.map { ($0.name, $0) })
        let system = try #require(plans["system-prompt"])
        #expect(system.variants.map(\.name) == ["a", "b"] && !system.hasBrokenSplit)
        #expect(abs(system.variants[1].successProbability - system.variants[0].successProbability - 0.04) < 1e-12)
        #expect(system.variants[1].latencyFactor > 1 && system.pricing != nil && system.exportsScore)
        let fewShot = try #require(plans["few-shot"])
        #expect(fewShot.variants.count == 3 && !fewShot.hasBrokenSplit && fewShot.pricing == nil)
        #expect(Set(fewShot.variants.map(\.successProbability)).count == 1)
        #expect(Set(fewShot.variants.map(\.latencyFactor)) == [1])
        let router = try #require(plans["router-v2"])
        #expect(router.split == [0.4, 0.6] && router.hasBrokenSplit)
        #expect(Set(router.variants.map(\.successProbability)).count == 1)
        for plan in ExperimentPlan.standard {
            #expect(plan.servers >= 2)
            #expect(plan.variants.map(\.name) == plan.variants.map(\.name).sorted(), "control is alphabetically first")
        }
    }

    @Test func assignmentPrefersProductionVLLMServersAndSpreadsPlans() {
        let demo = ServerIdentity.fleet(count: 6, kinds: [.vllm, .tgi, .llamacpp])
        let small = ExperimentAssignment(plans: ExperimentPlan.standard, identities: demo)
        #expect(small.entries.map(\.serverNames) == Array(repeating: ["chat-prod", "search-prod"], count: 3))
        #expect(small.plans(servedBy: 1).isEmpty)
        let large = ServerIdentity.fleet(count: 30, kinds: [.vllm, .tgi, .llamacpp])
        let spread = ExperimentAssignment(plans: ExperimentPlan.standard, identities: large)
        let indices = spread.entries.flatMap(\.serverIndices)
        #expect(Set(indices).count == 6)
        #expect(indices.allSatisfy { large[$0].kind == .vllm && large[$0].environment == "production" })
        let none = ExperimentAssignment(
            plans: ExperimentPlan.standard,
            identities: ServerIdentity.fleet(count: 2, kinds: [.tgi])
        )
        #expect(none.entries.allSatisfy { $0.serverIndices.isEmpty })
    }
}
