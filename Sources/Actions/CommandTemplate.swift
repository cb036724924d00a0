/// An argv whose elements are templates: rendered, it has exactly one argument per element.
///
/// Each element is rendered on its own in the `.argument` context, so a value with spaces, `;`,
/// quotes or `$(…)` stays inside its element; no shell ever sees the command.
public struct CommandTemplate: Sendable, Equatable {
    /// One template per argv element, the executable first.
    public let elements: [ActionTemplate]

    /// Parses each element of `arguments`; an error names the element's index.
    public init(parsing arguments: [String]) throws(TemplateError) {
        var elements: [ActionTemplate] = []
        for (index, argument) in arguments.enumerated() {
            do {
                elements.append(try ActionTemplate(parsing: argument, context: .argument))
            } catch {
                var located = error
                located.element = index
                throw located
            }
        }
        self.elements = elements
    }

    /// The variables the command uses, in order of first use.
    public var variables: [TemplateVariable] {
        var seen: [TemplateVariable] = []
        for variable in elements.flatMap(\.variables) where !seen.contains(variable) {
            seen.append(variable)
        }
        return seen
    }

    /// The argv, one string per element, values inserted verbatim.
    public func render(with values: TemplateValues) throws(TemplateError) -> [String] {
        var arguments: [String] = []
        for (index, element) in elements.enumerated() {
            do {
                arguments.append(try element.render(with: values))
            } catch {
                var located = error
                located.element = index
                throw located
            }
        }
        return arguments
    }
}
