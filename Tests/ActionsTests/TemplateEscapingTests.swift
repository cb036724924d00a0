import Actions
import Foundation
import Testing

/// Each context escapes every value so that parsing the result gives the value back, unchanged.
struct TemplateEscapingTests {
    private let body = "{\"to\": \"{{target_version}}\", \"reason\": \"{{reason}}\", \"by\": \"{{actor}}\"}"
    private let url = "https://deployer.internal/rollback/{{deployment}}?reason={{reason}}&by={{actor}}"

    @Test(arguments: hostileValues)
    func jsonBodiesParseBackToTheExactValue(value: String) throws {
        let template = try ActionTemplate(parsing: body, context: .jsonString)
        let rendered = try template.render(with: TemplateValues([.targetVersion: "v1", .reason: value, .actor: value]))
        let object = try JSONSerialization.jsonObject(with: Data(rendered.utf8))
        let fields = try #require(object as? [String: String])
        #expect(fields == ["to": "v1", "reason": value, "by": value])
    }

    @Test func jsonEscapesFollowRFC8259() {
        #expect(TemplateContext.jsonString.escape("a\"b\\c\n\u{1}\u{2028}") == "a\\\"b\\\\c\\n\\u0001\\u2028")
        #expect(TemplateContext.jsonString.escape("é/日") == "é/日")
    }

    @Test(arguments: hostileValues)
    func urlsParseBackToTheExactValue(value: String) throws {
        let template = try ActionTemplate(parsing: url, context: .urlComponent)
        let rendered = try template.render(with: TemplateValues([.deployment: value, .reason: value, .actor: "ana"]))
        let components = try #require(URLComponents(string: rendered))
        #expect(components.host == "deployer.internal")
        #expect(components.fragment == nil)
        #expect(components.path == "/rollback/" + value)
        #expect(
            components.queryItems == [
                URLQueryItem(name: "reason", value: value), URLQueryItem(name: "by", value: "ana"),
            ]
        )
    }

    @Test func urlEncodingKeepsOnlyTheUnreservedSet() {
        #expect(TemplateContext.urlComponent.escape("aZ09-._~") == "aZ09-._~")
        #expect(TemplateContext.urlComponent.escape("a/b?c&d#e f+%é") == "a%2Fb%3Fc%26d%23e%20f%2B%25%C3%A9")
    }

    @Test(arguments: hostileValues)
    func argumentsTakeValuesVerbatimOneElementEach(value: String) throws {
        let command = try CommandTemplate(parsing: ["kubectl", "rollout", "--to-revision={{target_revision}}"])
        let argv = try command.render(with: TemplateValues([.targetRevision: value]))
        #expect(argv == ["kubectl", "rollout", "--to-revision=" + value])
    }

    @Test func renderedValuesAreNotExpandedAgain() throws {
        let template = try ActionTemplate(parsing: "{{reason}}|{{actor}}", context: .argument)
        let rendered = try template.render(with: TemplateValues([.reason: "{{actor}}", .actor: "ana"]))
        #expect(rendered == "{{actor}}|ana")
    }

    @Test func variablesAreListedInOrderOfFirstUse() throws {
        let command = try CommandTemplate(parsing: ["x", "{{reason}}{{actor}}", "{{reason}}", "{{deployment}}"])
        #expect(command.variables == [.reason, .actor, .deployment])
    }
}
