import Actions
import Testing

/// Templates that cannot be used: the kind of problem and the line and column of its `{{`.
struct ActionTemplateErrorTests {
    private func failure(_ source: String, context: TemplateContext = .argument) -> TemplateError? {
        do {
            _ = try ActionTemplate(parsing: source, context: context)
            return nil
        } catch {
            return error
        }
    }

    @Test func unknownNamesAreReportedAtTheirBraces() {
        let error = failure("rollout undo {{deploymnet}}")
        #expect(error?.kind == .unknownVariable)
        #expect(error?.line == 1)
        #expect(error?.column == 14)
        #expect(error?.message.contains("unknown variable 'deploymnet'") == true)
        #expect(error?.message.contains("deployment, environment, current_version") == true)
    }

    @Test func positionsCountLinesAndScalars() {
        let error = failure("{\"to\": \"{{target_version}}\",\n \"é\": \"{{who}}\"}", context: .jsonString)
        #expect(error?.kind == .unknownVariable)
        #expect(error?.line == 2)
        #expect(error?.column == 8)
        #expect(error?.description == "line 2, column 8: unknown variable 'who'; " + knownNames)
    }

    @Test func unclosedBracesAreErrorsEvenWhenALaterLineCloses() {
        let error = failure("a {{reason\n}}")
        #expect(error?.kind == .unclosedPlaceholder)
        #expect(error?.line == 1)
        #expect(error?.column == 3)
        #expect(failure("{{")?.kind == .unclosedPlaceholder)
        #expect(failure("x {{actor}")?.kind == .unclosedPlaceholder)
    }

    @Test func emptyPlaceholdersAreErrors() {
        #expect(failure("{{}}")?.kind == .emptyPlaceholder)
        #expect(failure("{{  }}")?.kind == .emptyPlaceholder)
    }

    @Test func jsonPlaceholdersMustStandInsideStrings() {
        let error = failure("{\"to\": {{target_version}}}", context: .jsonString)
        #expect(error?.kind == .placeholderOutsideJSONString)
        #expect(error?.column == 8)
        #expect(
            failure("{\"a\": \"x\\\"\", \"b\": {{reason}}}", context: .jsonString)?.kind
                == .placeholderOutsideJSONString
        )
        #expect(failure("{\"a\": \"x\\\"{{reason}}\"}", context: .jsonString) == nil)
    }

    @Test func renderingWithoutAValueNamesThePlaceholder() throws {
        let template = try ActionTemplate(parsing: "undo\n  --to={{target_revision}}", context: .argument)
        #expect(
            throws: TemplateError(
                kind: .missingValue,
                line: 2,
                column: 8,
                message: "no value for 'target_revision' in this action; remove the placeholder or supply it"
            )
        ) {
            try template.render(with: TemplateValues())
        }
    }

    @Test func commandErrorsNameTheirElement() {
        #expect(throws: TemplateError.self) { try CommandTemplate(parsing: ["kubectl", "--to={{revision}}"]) }
        do {
            _ = try CommandTemplate(parsing: ["kubectl", "--to={{revision}}"])
        } catch {
            #expect(error.element == 1)
            #expect(error.column == 6)
            #expect(error.description.hasPrefix("argument 1, line 1, column 6: unknown variable 'revision'"))
        }
    }

    @Test func spacesInsideBracesAreAllowedAndLoneBracesAreText() throws {
        let template = try ActionTemplate(parsing: "{ {{ actor }} }} {x}", context: .argument)
        #expect(template.variables == [.actor])
        #expect(try template.render(with: TemplateValues([.actor: "ana"])) == "{ ana }} {x}")
    }

    private var knownNames: String {
        "known: deployment, environment, current_version, target_version, target_revision, actor, reason, "
            + "experiment, variant"
    }
}
