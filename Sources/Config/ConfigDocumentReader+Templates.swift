import Actions
import Foundation
import Yams

extension ConfigDocumentReader {
    /// `text` parsed as a template for `templateContext` and checked to use only `site.known`.
    func template(
        _ text: String,
        _ templateContext: TemplateContext,
        key: String,
        node: Node,
        site: TemplateSite
    ) throws(ConfigError) -> ActionTemplate {
        do {
            let template = try ActionTemplate(parsing: text, context: templateContext)
            _ = try template.render(with: site.values)
            return template
        } catch {
            throw templateFailure(error, text: text, key: key, node: node, site: site)
        }
    }

    /// A template error as a config error at the placeholder's character in the file.
    func templateFailure(
        _ failure: TemplateError,
        text: String,
        key: String,
        node: Node,
        site: TemplateSite
    ) -> ConfigError {
        let position = position(of: failure, in: node)
        let known = "the variables here are " + site.known.map(\.name).joined(separator: ", ")
        let name = placeholderName(at: failure, in: text)
        let message: String
        switch (failure.kind, name) {
        case (.unknownVariable, let name?):
            let guess = closestKey(to: name, among: site.known.map(\.name)).map { "did you mean '\($0)'? " } ?? ""
            message = "'\(key)' \(site.context) uses unknown variable '\(name)'; \(guess)\(known)"
        case (.missingValue, let name?):
            message = "'\(key)' \(site.context) uses '\(name)', which has no value here; \(known)"
        default:
            message = "'\(key)' \(site.context): \(failure.message)"
        }
        return ConfigError(
            file: file,
            line: position.line,
            column: position.column,
            message: message,
            kind: .invalidValue
        )
    }

    /// The name between the `{{` and `}}` the error points at.
    private func placeholderName(at failure: TemplateError, in text: String) -> String? {
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        guard failure.line >= 1, failure.line <= lines.count else {
            return nil
        }
        let line = Array(lines[failure.line - 1])
        let start = failure.column - 1 + 2
        guard failure.column >= 1, start <= line.count else {
            return nil
        }
        var end = start
        while end + 1 < line.count, !(line[end] == "}" && line[end + 1] == "}") {
            end += 1
        }
        guard end + 1 < line.count else {
            return nil
        }
        let name = String(String.UnicodeScalarView(line[start..<end])).trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? nil : name
    }

    /// The file position of the `{{` a template error points at, when the scalar's value can be
    /// followed back to its source text: a plain or quoted scalar up to that `{{` on one line, or
    /// a literal block (`|`). Elsewhere (folded blocks, a flow scalar broken over lines, a tagged
    /// scalar) the position of the scalar itself.
    func position(of failure: TemplateError, in node: Node) -> (line: Int, column: Int) {
        let scalarPosition = (line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        guard case .scalar(let scalar) = node, let mark = node.mark, failure.line >= 1, failure.column >= 1 else {
            return scalarPosition
        }
        let value = Array(scalar.string.unicodeScalars)
        let valueLines = value.split(separator: "\n", omittingEmptySubsequences: false)
        guard failure.line <= valueLines.count else {
            return scalarPosition
        }
        let lines = sourceLines
        switch scalar.style {
        case .plain, .singleQuoted, .doubleQuoted:
            let index = valueLines.prefix(failure.line - 1).reduce(0) { $0 + $1.count + 1 } + failure.column - 1
            guard mark.line <= lines.count,
                let column = sourceColumn(
                    ofValueIndex: index,
                    in: value,
                    line: lines[mark.line - 1],
                    start: mark.column - 1,
                    style: scalar.style
                )
            else {
                return scalarPosition
            }
            return (mark.line, column)
        case .literal:
            // The content starts on the line after the `|` header, each line as written after
            // the block's indentation.
            let lineIndex = mark.line - 1 + failure.line
            guard lineIndex < lines.count else {
                return scalarPosition
            }
            let source = lines[lineIndex]
            let valueLine = Array(valueLines[failure.line - 1])
            let indentation = source.count - valueLine.count
            guard indentation >= 0, source.suffix(valueLine.count).elementsEqual(valueLine),
                source.prefix(indentation).allSatisfy({ $0 == " " })
            else {
                return scalarPosition
            }
            return (mark.line + failure.line, indentation + failure.column)
        default:
            return scalarPosition
        }
    }

    /// The source, one array of Unicode scalars a line (a CR before the LF dropped), as libyaml
    /// counts lines and columns.
    private var sourceLines: [[Unicode.Scalar]] {
        source.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.last == "\r" ? Array(line.dropLast()) : Array(line)
        }
    }

    /// The 1-based column in `line` of the value's scalar at `index` (and the one after it, the
    /// rest of a `{{`), walking a flow scalar that starts at `start`: `''` is one quote in a
    /// single-quoted scalar, a `\` escape one character in a double-quoted one; `nil` when the
    /// source does not match the value on this line.
    private func sourceColumn(
        ofValueIndex index: Int,
        in value: [Unicode.Scalar],
        line: [Unicode.Scalar],
        start: Int,
        style: Node.Scalar.Style
    ) -> Int? {
        guard index + 2 <= value.count, start >= 0, start < line.count else {
            return nil
        }
        var position = start
        if style != .plain {
            guard line[position] == (style == .singleQuoted ? "'" : "\"") else {
                return nil
            }
            position += 1
        }
        var found: Int?
        for valueIndex in 0..<(index + 2) {
            guard position < line.count else {
                return nil
            }
            if valueIndex == index {
                found = position + 1
            }
            let character = line[position]
            if style == .singleQuoted && character == "'" {
                guard position + 1 < line.count, line[position + 1] == "'", value[valueIndex] == "'" else {
                    return nil
                }
                position += 2
            } else if style == .doubleQuoted && character == "\\" {
                guard position + 1 < line.count else {
                    return nil
                }
                position += Self.escapeLengths[line[position + 1]] ?? 2
            } else {
                guard character == value[valueIndex] else {
                    return nil
                }
                position += 1
            }
        }
        return found
    }

    /// Source length of a double-quoted scalar's escapes that are longer than two characters,
    /// by the letter after the `\` (YAML 1.2 §5.7).
    private static let escapeLengths: [Unicode.Scalar: Int] = ["x": 4, "u": 6, "U": 10]
}

/// Where a template stands, for the messages about it, and the variables it may use.
struct TemplateSite {
    /// "in rollback of deployment 'chat-prod'".
    var context: String
    var known: [TemplateVariable]

    /// A value for every known variable, to find a placeholder of another by rendering.
    var values: TemplateValues {
        TemplateValues(Dictionary(uniqueKeysWithValues: known.map { ($0, "") }))
    }
}
