import Config
import Testing

struct PriceTableTests {
    private let llama = "meta-llama/Llama-3.1-8B-Instruct"
    /// 2026-01-01T00:00:00Z and 2026-11-01T00:00:00Z in milliseconds.
    private let january: Int64 = 1_767_225_600_000
    private let november: Int64 = 1_793_491_200_000

    private let example = """
        pricing:
          - model: meta-llama/Llama-3.1-8B-Instruct
            prompt: 0.15
            completion: 0.60
            effective_from: 2026-01-01
          - model: meta-llama/Llama-3.1-8B-Instruct
            prompt: 0.10
            completion: 0.40
            effective_from: 2026-11-01
          - model: "gpt-4o*"
            prompt: 2.50
            completion: 10
          - model: "gpt-4o-mini*"
            prompt: $0.15
            completion: $0.60
          - model: gpt-4o-2024-08-06
            prompt: 2.00
            completion: 8.00
            effective_from: 2026-06-01T12:00:00+02:00
        """

    private func parse(_ yaml: String) throws(ConfigError) -> PriceTable {
        try ConfigLoader.parse(yaml: yaml, file: "prices.yaml", environment: ["HOME": "/home/op"]).pricing
    }

    private func failure(_ yaml: String) -> ConfigError? {
        configFailure(yaml, file: "prices.yaml")
    }

    @Test func exampleDecodesToItsEntries() throws {
        let table = try parse(example)
        #expect(
            table.entries == [
                PriceEntry(model: llama, promptPerMillion: 0.15, completionPerMillion: 0.60, effectiveFrom: january),
                PriceEntry(model: llama, promptPerMillion: 0.10, completionPerMillion: 0.40, effectiveFrom: november),
                PriceEntry(model: "gpt-4o*", promptPerMillion: 2.5, completionPerMillion: 10),
                PriceEntry(model: "gpt-4o-mini*", promptPerMillion: 0.15, completionPerMillion: 0.6),
                PriceEntry(
                    model: "gpt-4o-2024-08-06",
                    promptPerMillion: 2,
                    completionPerMillion: 8,
                    effectiveFrom: 1_780_308_000_000
                ),
            ]
        )
        #expect(table.entries[2].isGlob && !table.entries[0].isGlob)
    }

    @Test func lookupPicksThePriceOfTheDay() throws {
        let table = try parse(example)
        #expect(table.price(model: llama, at: january - 1) == nil)
        #expect(table.price(model: llama, at: january)?.promptPerMillion == 0.15)
        #expect(table.price(model: llama, at: january + 1)?.promptPerMillion == 0.15)
        #expect(table.price(model: llama, at: november - 1)?.promptPerMillion == 0.15)
        #expect(table.price(model: llama, at: november)?.promptPerMillion == 0.10)
        #expect(table.price(model: llama, at: november + 86_400_000 * 365)?.completionPerMillion == 0.40)
    }

    @Test func anEntryWithoutEffectiveFromHoldsAlways() throws {
        let table = PriceTable(entries: [
            PriceEntry(model: "m", promptPerMillion: 1, completionPerMillion: 2),
            PriceEntry(model: "m", promptPerMillion: 3, completionPerMillion: 4, effectiveFrom: november),
        ])
        #expect(table.price(model: "m", at: .min)?.promptPerMillion == 1)
        #expect(table.price(model: "m", at: november - 1)?.promptPerMillion == 1)
        #expect(table.price(model: "m", at: november)?.promptPerMillion == 3)
    }

    @Test func exactModelBeatsGlobAndTheLongerGlobBeatsTheShorter() throws {
        let table = try parse(example)
        let exactStart: Int64 = 1_780_308_000_000
        // Before the exact entry takes effect the glob prices the model; from then on the exact one.
        #expect(table.price(model: "gpt-4o-2024-08-06", at: exactStart - 1)?.model == "gpt-4o*")
        #expect(table.price(model: "gpt-4o-2024-08-06", at: exactStart)?.model == "gpt-4o-2024-08-06")
        #expect(table.price(model: "gpt-4o-mini-2024-07-18", at: exactStart)?.model == "gpt-4o-mini*")
        #expect(table.price(model: "gpt-4o", at: exactStart)?.model == "gpt-4o*")
        #expect(table.price(model: "GPT-4o", at: exactStart) == nil)
        #expect(table.price(model: "claude-3-5-sonnet", at: exactStart) == nil)
        #expect(PriceTable().price(model: llama, at: november) == nil)
    }

    @Test func globStarMatchesAnyRunOfCharacters() {
        let entry = { (model: String) in PriceEntry(model: model, promptPerMillion: 0, completionPerMillion: 0) }
        #expect(entry("*").matches(model: "anything/at-all"))
        #expect(entry("*").matches(model: ""))
        #expect(entry("meta-llama/*-Instruct").matches(model: "meta-llama/Llama-3.1-8B-Instruct"))
        #expect(!entry("meta-llama/*-Instruct").matches(model: "meta-llama/Llama-3.1-8B"))
        #expect(entry("*a*a*").matches(model: "banana"))
        #expect(!entry("*x*").matches(model: "banana"))
        #expect(!entry("gpt-4o").matches(model: "gpt-4o-mini"))
    }

    @Test func costIsTokensTimesThePricePerMillion() throws {
        let table = try parse(example)
        let cost = try #require(table.cost(model: llama, at: january, promptTokens: 1_200, completionTokens: 300))
        #expect(abs(cost - 0.000_36) < 1e-15)
        let later = try #require(table.cost(model: llama, at: november, promptTokens: 1_000_000, completionTokens: 0))
        #expect(abs(later - 0.10) < 1e-15)
        #expect(table.cost(model: "unpriced", at: january, promptTokens: 1, completionTokens: 1) == nil)
    }

    @Test func negativePriceIsRefused() throws {
        let error = try #require(failure("pricing:\n  - model: m\n    prompt: -0.15\n    completion: 0.6\n"))
        #expect(error.kind == .invalidValue && error.line == 3 && error.column == 13)
        #expect(
            error.description
                == "prices.yaml:3:13: 'prompt' in price #1 for 'm' must be dollars per million prompt tokens, "
                + "0 or more, got '-0.15'; write e.g. prompt: 0.15"
        )
        let text = try #require(failure("pricing:\n  - model: m\n    prompt: 0.15\n    completion: cheap\n"))
        #expect(text.line == 4 && text.column == 17)
        #expect(
            text.message
                == "'completion' in price #1 for 'm' must be dollars per million completion tokens, 0 or more, "
                + "got 'cheap'; write e.g. completion: 0.60"
        )
    }

    @Test func twoPricesForOneModelAndDayAreRefused() throws {
        let dated = try #require(
            failure(
                """
                pricing:
                  - { model: m, prompt: 1, completion: 2, effective_from: 2026-11-01 }
                  - { model: n, prompt: 1, completion: 2, effective_from: 2026-11-01 }
                  - { model: m, prompt: 3, completion: 4, effective_from: "2026-11-01T00:00:00Z" }
                """
            )
        )
        #expect(dated.kind == .duplicateName && dated.line == 4 && dated.column == 59)
        #expect(
            dated.message
                == "a second price for 'm' effective from 2026-11-01 (first on line 2); "
                + "change its effective_from or remove one of them"
        )

        let undated = try #require(
            failure(
                "pricing:\n  - { model: m, prompt: 1, completion: 2 }\n  - { model: m, prompt: 3, completion: 4 }\n"
            )
        )
        #expect(undated.line == 3 && undated.column == 14)
        #expect(
            undated.message
                == "a second price for 'm' without effective_from (first on line 2); "
                + "give the newer price the date it starts, such as effective_from: 2026-11-01"
        )
    }

    @Test func badEffectiveFromIsRefused() throws {
        let error = try #require(
            failure("pricing:\n  - model: m\n    prompt: 1\n    completion: 2\n    effective_from: 2026-13-01\n")
        )
        #expect(error.kind == .invalidValue && error.line == 5 && error.column == 21)
        #expect(
            error.message
                == "'effective_from' in price #1 for 'm' has bad time '2026-13-01'; write a date such as "
                + "2026-12-01 (UTC midnight) or an ISO 8601 time with its zone such as 2026-12-01T09:00:00Z or "
                + "2026-12-01T10:00:00+01:00"
        )
    }

    @Test func priceEntriesNeedTheirKeys() throws {
        let missing = try #require(failure("pricing:\n  - model: m\n    prompt: 1\n"))
        #expect(missing.kind == .missingKey && missing.line == 2 && missing.column == 5)
        #expect(missing.message == "missing required key 'completion' in price #1 for 'm'; add 'completion: …'")

        let typo = try #require(failure("pricing:\n  - model: m\n    prompt: 1\n    completoin: 2\n"))
        #expect(typo.kind == .unknownKey && typo.line == 4 && typo.column == 5)
        #expect(typo.message == "unknown key 'completoin' in price #1 for 'm'; did you mean 'completion'?")

        let mapping = try #require(failure("pricing:\n  model: m\n"))
        #expect(mapping.kind == .wrongType && mapping.line == 2 && mapping.column == 3)
        #expect(mapping.message == "'pricing' must be a list, got a mapping; start each price with '- model:'")

        let scalar = try #require(failure("pricing:\n  - gpt-4o\n"))
        #expect(scalar.message == "price #1 must be a mapping with 'model', 'prompt' and 'completion', got 'gpt-4o'")
    }
}
