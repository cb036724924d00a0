import Foundation
import TestSupport
import Testing

@testable import Config

struct ThemeFileTests {
    @Test func decodesEntriesWithLineAndColumn() throws {
        let yaml = """
            # a comment
            name: mine
            text: "#d0d0d0"
            ok:   green
            """
        let file = try ThemeFile.parse(yaml: yaml, file: "mine.yaml")
        #expect(file.name == "mine")
        #expect(
            file.entries == [
                ThemeFile.Entry(role: "text", color: "#d0d0d0", line: 3, column: 7),
                ThemeFile.Entry(role: "ok", color: "green", line: 4, column: 7),
            ]
        )
    }

    @Test func everyShippedThemeDecodes() throws {
        let directory = TestPaths.packageRoot.appendingPathComponent("themes")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }
        #expect(names.count >= 7)
        for name in names {
            let file = try ThemeFile.load(path: directory.appendingPathComponent(name).path)
            #expect(file.name + ".yaml" == name)
            #expect(file.entries.count >= 22, "\(name)")
        }
    }

    @Test func unquotedHexColourIsAnErrorWithItsLine() {
        let yaml = "name: x\ntext: #ffffff\n"
        #expect {
            try ThemeFile.parse(yaml: yaml, file: "x.yaml")
        } throws: { error in
            guard let error = error as? ThemeFileError else { return false }
            return error.line == 2 && error.description.hasPrefix("x.yaml:2:") && error.message.contains("quote")
        }
    }

    @Test func notAMappingAndBrokenYAMLCarryPositions() {
        #expect(throws: ThemeFileError.self) { try ThemeFile.parse(yaml: "- a\n- b\n", file: "list.yaml") }
        do {
            _ = try ThemeFile.parse(yaml: "name: x\ntext: [unclosed\n", file: "broken.yaml")
            Issue.record("broken YAML was accepted")
        } catch {
            #expect(error.file == "broken.yaml")
            #expect(error.line >= 2)
        }
        do {
            _ = try ThemeFile.parse(yaml: "name: x\nok:\n  nested: red\n", file: "nested.yaml")
            Issue.record("a nested mapping was accepted")
        } catch {
            #expect(error.line == 2)
            #expect(error.message.contains("'ok'"))
        }
    }

    @Test func entryErrorsMapBackToFileAndLine() throws {
        let file = try ThemeFile.parse(yaml: "name: x\ntext: red\ntxet: blue\n", file: "themes/x.yaml")
        let error = file.error(at: 1, message: "unknown role 'txet'")
        #expect(error.description == "themes/x.yaml:3:7: unknown role 'txet'")
    }

    @Test func missingFileIsAnError() {
        #expect(throws: ThemeFileError.self) { try ThemeFile.load(path: "/nonexistent/theme.yaml") }
    }
}
