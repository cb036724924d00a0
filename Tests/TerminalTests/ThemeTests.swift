import Foundation
import TestSupport
import Testing

@testable import Terminal

struct ThemeTests {
    /// The shipped themes are flat `key: value` files; this reads exactly that subset so the
    /// Terminal tests can check them without Config (the YAML decoding is tested in ConfigTests).
    private func entries(ofTheme name: String) throws -> (name: String, entries: [(role: String, color: String)]) {
        let url = TestPaths.packageRoot.appendingPathComponent("themes/\(name).yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        var themeName = name
        var result: [(role: String, color: String)] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { continue }
            let value = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            if parts[0] == "name" { themeName = value } else { result.append((parts[0], value)) }
        }
        return (themeName, result)
    }

    static let shipped = [
        "default", "light", "high-contrast", "colorblind", "monochrome", "dracula", "solarized-dark", "nord",
    ]

    @Test(arguments: shipped)
    func shippedThemeDefinesEveryRole(_ name: String) throws {
        let file = try entries(ofTheme: name)
        let theme = try Theme(name: file.name, entries: file.entries)
        #expect(theme.name == name)
        #expect(Set(file.entries.map(\.role)) == Set(StyleRole.allCases.map(\.rawValue)))
    }

    @Test func everyShippedThemeFileIsListed() throws {
        let files = try FileManager.default.contentsOfDirectory(
            atPath: TestPaths.packageRoot.appendingPathComponent("themes").path
        )
        #expect(Set(files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }) == Set(Self.shipped))
    }

    @Test func defaultThemeFileMatchesTheBuiltInFallback() throws {
        let file = try entries(ofTheme: "default")
        #expect(try Theme(name: file.name, entries: file.entries) == Theme.builtinDefault)
    }

    @Test func monochromeThemeUsesOnlyTheTerminalsColours() throws {
        let file = try entries(ofTheme: "monochrome")
        let theme = try Theme(name: file.name, entries: file.entries)
        #expect(theme.colors.values.allSatisfy { $0 == .terminalDefault })
        #expect(theme.attributes(for: .selected, depth: .truecolor).contains(.reverse))
    }

    @Test func unknownRoleReportsWhichEntry() {
        #expect(throws: ThemeError.self) {
            try Theme(name: "x", entries: [("text", "red"), ("txet", "blue")])
        }
        do {
            _ = try Theme(name: "x", entries: [("text", "red"), ("txet", "blue")])
        } catch {
            #expect(error.entryIndex == 1)
            #expect(error.message.contains("unknown role 'txet'"))
        }
    }

    @Test func badColourAndDuplicateRoleReportWhichEntry() {
        do {
            _ = try Theme(name: "x", entries: [("ok", "#12345")])
            Issue.record("a five-digit hex colour was accepted")
        } catch {
            #expect(error.entryIndex == 0)
            #expect(error.message.contains("'#12345' is not a colour"))
        }
        do {
            _ = try Theme(name: "x", entries: [("ok", "green"), ("ok", "red")])
            Issue.record("a duplicate role was accepted")
        } catch {
            #expect(error.entryIndex == 1)
        }
    }

    @Test func missingRolesFallBackToTheDefault() throws {
        let theme = try Theme(name: "tiny", entries: [("critical", "bright-red")])
        #expect(theme[.critical] == .indexed(9))
        #expect(theme[.ok] == Theme.builtinDefault[.ok])
    }
}
