import Config
import Testing

/// Each bad `experiments:` value: the file, line and column a person sees, and what to write instead.
struct ExperimentsConfigErrorTests {
    @Test func misspeltSectionAndKeysSuggestTheirSpelling() throws {
        let section = try #require(configFailure("experiment:\n  alpha: 0.05\n"))
        #expect(section.kind == .unknownKey && section.line == 1 && section.column == 1)
        #expect(section.message == "unknown key 'experiment' at top level; did you mean 'experiments'?")

        let key = try #require(configFailure("experiments:\n  minimum_request: 100\n"))
        #expect(
            key.description
                == "bad.yaml:2:3: unknown key 'minimum_request' in experiments; did you mean 'minimum_requests'?"
        )

        let entry = try #require(configFailure("experiments:\n  list:\n    - name: tone\n      contorl: a\n"))
        #expect(
            entry.description == "bad.yaml:4:7: unknown key 'contorl' in experiment 'tone'; did you mean 'control'?"
        )

        let guardrail = try #require(configFailure("experiments:\n  guardrails: { latency_p99: 10% }\n"))
        #expect(guardrail.line == 2 && guardrail.column == 17)
        #expect(
            guardrail.message == "unknown key 'latency_p99' in experiments.guardrails; did you mean 'latency_p95'?"
        )

        let nested = try #require(
            configFailure("experiments:\n  list:\n    - name: tone\n      sequential: { planned: 100 }\n")
        )
        #expect(nested.line == 4 && nested.column == 21)
        #expect(
            nested.message
                == "unknown key 'planned' in sequential of experiment 'tone'; "
                + "allowed keys: planned_requests, tau_squared"
        )
    }

    @Test func alphaOutsideItsRangeIsRefused() throws {
        let error = try #require(configFailure("experiments:\n  alpha: 0.5\n"))
        #expect(error.kind == .invalidValue && error.line == 2 && error.column == 10)
        #expect(
            error.message
                == "'alpha' in experiments must be a number between 0 and 0.5 (exclusive), got '0.5'; "
                + "write e.g. alpha: 0.05"
        )
        let text = try #require(configFailure("experiments:\n  list:\n    - name: tone\n      alpha: 5%\n"))
        #expect(text.line == 4 && text.column == 14)
        #expect(
            text.message
                == "'alpha' in experiment 'tone' must be a number between 0 and 0.5 (exclusive), got '5%'; "
                + "write e.g. alpha: 0.05"
        )
    }

    @Test func numbersAreDecimalsOnly() {
        for text in ["0x1p-5", ".nan", "nan", "inf", "1_000", "0.05.1", "5e", "--1", ""] {
            #expect(configFailure("experiments:\n  alpha: '\(text)'\n")?.kind == .invalidValue, "\(text)")
        }
        for text in ["0.05", ".05", "5e-2", "5E-2", "0.5e-1"] {
            #expect(configFailure("experiments:\n  alpha: \(text)\n") == nil, "\(text)")
        }
    }

    @Test func minimumDetectableEffectOutsideItsRangeIsRefused() throws {
        let error = try #require(configFailure("experiments:\n  minimum_detectable_effect: 1\n"))
        #expect(error.line == 2 && error.column == 30)
        #expect(
            error.message
                == "'minimum_detectable_effect' in experiments must be an absolute change of success rate "
                + "between 0 and 1 (exclusive), got '1'; write e.g. minimum_detectable_effect: 0.01"
        )
    }

    @Test func minimumRequestsMustBeAWholePositiveNumber() throws {
        let error = try #require(configFailure("experiments:\n  minimum_requests: 150.5\n"))
        #expect(error.line == 2 && error.column == 21)
        #expect(
            error.message
                == "'minimum_requests' in experiments must be a whole number of requests per arm, 1 or more, "
                + "got '150.5'; write e.g. minimum_requests: 150"
        )
        #expect(configFailure("experiments:\n  minimum_requests: 0\n") != nil)
        #expect(configFailure("experiments:\n  minimum_requests: 1\n") == nil)
    }

    @Test func sequentialTakesExactlyOneTuning() throws {
        let both = try #require(
            configFailure("experiments:\n  sequential: { planned_requests: 5000, tau_squared: 0.0001 }\n")
        )
        #expect(both.kind == .invalidValue && both.line == 2 && both.column == 15)
        #expect(
            both.message
                == "'sequential' in experiments gives both planned_requests and tau_squared; keep one: "
                + "planned_requests (N*, total requests across two arms) or tau_squared (τ²)"
        )

        let neither = try #require(configFailure("experiments:\n  sequential: {}\n"))
        #expect(neither.kind == .missingKey && neither.line == 2 && neither.column == 15)
        #expect(
            neither.message
                == "'sequential' in experiments needs planned_requests or tau_squared; "
                + "write e.g. sequential: { planned_requests: 5000 }"
        )

        let negative = try #require(configFailure("experiments:\n  sequential: { tau_squared: -1 }\n"))
        #expect(negative.line == 2 && negative.column == 30)
        #expect(
            negative.message
                == "'tau_squared' in experiments.sequential must be a positive mixing variance τ², got '-1'; "
                + "write e.g. tau_squared: 0.0001"
        )
    }

    @Test func guardrailInAnotherFormSaysWhichFormsAreRead() throws {
        let latency = try #require(configFailure("experiments:\n  guardrails:\n    latency_p95: 10 percent\n"))
        #expect(latency.kind == .invalidValue && latency.line == 3 && latency.column == 18)
        #expect(
            latency.message
                == "'latency_p95' in experiments.guardrails has bad limit '10 percent'; write how much worse than "
                + "control it may get: a percentage of control's p95 such as 10%, a duration such as 0.5s or "
                + "250ms, or off"
        )

        let errorRate = try #require(configFailure("experiments:\n  guardrails: { error_rate: 2 }\n"))
        #expect(errorRate.line == 2 && errorRate.column == 29)
        #expect(
            errorRate.message
                == "'error_rate' in experiments.guardrails has bad limit '2'; write how much worse than control "
                + "it may get: a percentage of control's error rate such as 25%, a fraction of requests such as "
                + "0.02 (two percentage points), or off"
        )

        let cost = try #require(
            configFailure("experiments:\n  list:\n    - name: tone\n      guardrails: { cost_per_request: -10% }\n")
        )
        #expect(cost.line == 4 && cost.column == 39)
        #expect(
            cost.message
                == "'cost_per_request' in guardrails of experiment 'tone' has bad limit '-10%'; write how much "
                + "worse than control it may get: a percentage of control's cost per request such as 10%, "
                + "dollars such as $0.001, or off"
        )
    }

    @Test func metricAndLabelNamesMustBePrometheusNames() throws {
        let metric = try #require(configFailure("experiments:\n  metrics:\n    requests: llm-prompt-requests\n"))
        #expect(metric.kind == .invalidValue && metric.line == 3 && metric.column == 15)
        #expect(
            metric.message
                == "'requests' in experiments.metrics must be a Prometheus metric name (ASCII letters, digits, _ "
                + "and :, not starting with a digit), got 'llm-prompt-requests'; "
                + "write e.g. requests: llm_prompt_requests_total"
        )

        let label = try #require(configFailure("experiments:\n  labels: { variant: __variant }\n"))
        #expect(label.line == 2 && label.column == 22)
        #expect(
            label.message
                == "'variant' in experiments.labels must be a Prometheus label name (ASCII letters, digits and _, "
                + "not starting with a digit or __), got '__variant'; write e.g. variant: variant"
        )
    }

    @Test func successOutcomesMustListAtLeastOneValue() throws {
        let empty = try #require(configFailure("experiments:\n  success_outcomes: []\n"))
        #expect(empty.kind == .invalidValue && empty.line == 2 && empty.column == 21)
        #expect(
            empty.message
                == "'success_outcomes' in experiments is empty; list the outcome values that count as success, "
                + "such as [success]"
        )

        let scalar = try #require(configFailure("experiments:\n  success_outcomes: success\n"))
        #expect(scalar.kind == .wrongType && scalar.line == 2 && scalar.column == 21)
        #expect(
            scalar.message
                == "'success_outcomes' in experiments must be a list of outcome label values, got 'success'; "
                + "write e.g. success_outcomes: [success]"
        )
    }

    @Test func experimentEntriesAreCheckedWhereTheyStand() throws {
        let duplicate = try #require(
            configFailure("experiments:\n  list:\n    - name: tone\n    - name: length\n    - name: tone\n")
        )
        #expect(duplicate.kind == .duplicateName && duplicate.line == 5 && duplicate.column == 13)
        #expect(
            duplicate.message
                == "duplicate experiment name 'tone' (first defined on line 3); give each experiment a unique name"
        )

        let nameless = try #require(configFailure("experiments:\n  list:\n    - control: a\n"))
        #expect(nameless.kind == .missingKey && nameless.line == 3 && nameless.column == 7)
        #expect(nameless.message == "missing required key 'name' in experiment #1; add 'name: …'")

        let notAList = try #require(configFailure("experiments:\n  list: tone\n"))
        #expect(notAList.kind == .wrongType && notAList.line == 2 && notAList.column == 9)
        #expect(
            notAList.message
                == "'experiments.list' must be a list, got 'tone'; start each experiment with '- name:'"
        )
    }

    @Test func splitNeedsPositiveWeightsForEveryVariant() throws {
        let zero = try #require(
            configFailure("experiments:\n  list:\n    - name: tone\n      split: { a: 50, b: 0 }\n")
        )
        #expect(zero.kind == .invalidValue && zero.line == 4 && zero.column == 26)
        #expect(
            zero.message == "'b' in split of experiment 'tone' must be a positive weight, got '0'; write e.g. b: 50"
        )

        let one = try #require(configFailure("experiments:\n  list:\n    - name: tone\n      split: { a: 100 }\n"))
        #expect(one.line == 4 && one.column == 14)
        #expect(
            one.message
                == "'split' in experiment 'tone' needs every variant with its weight, at least two, "
                + "such as split: { a: 50, b: 50 }; omit it for an equal split"
        )

        let list = try #require(configFailure("experiments:\n  list:\n    - name: tone\n      split: [50, 50]\n"))
        #expect(list.kind == .wrongType)
        #expect(
            list.message
                == "'split' in experiment 'tone' must map each variant to its expected traffic weight, got a list; "
                + "write it such as split: { a: 50, b: 50 }; omit it for an equal split"
        )
    }

    @Test func controlMustBeInTheSplit() throws {
        let error = try #require(
            configFailure("experiments:\n  list:\n    - name: tone\n      control: c\n      split: { a: 1, b: 1 }\n")
        )
        #expect(error.kind == .invalidValue && error.line == 4 && error.column == 16)
        #expect(
            error.message
                == "control 'c' in experiment 'tone' is not in its split (a, b); name one of those or add 'c' to the split"
        )
    }

    @Test func startMustBeADateOrATimeWithItsZone() throws {
        let zoneless = try #require(
            configFailure("experiments:\n  list:\n    - name: tone\n      start: 2026-12-01T09:00:00\n")
        )
        #expect(zoneless.kind == .invalidValue && zoneless.line == 4 && zoneless.column == 14)
        #expect(
            zoneless.message
                == "'start' in experiment 'tone' has bad time '2026-12-01T09:00:00'; write a date such as "
                + "2026-12-01 (UTC midnight) or an ISO 8601 time with its zone such as 2026-12-01T09:00:00Z or "
                + "2026-12-01T10:00:00+01:00"
        )
        #expect(configFailure("experiments:\n  list:\n    - name: tone\n      start: 2026-02-30\n") != nil)
    }
}
