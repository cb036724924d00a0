/// The values an action's templates are rendered with, one per variable that has one.
public struct TemplateValues: Sendable, Equatable {
    private var values: [TemplateVariable: String]

    public init(_ values: [TemplateVariable: String] = [:]) {
        self.values = values
    }

    /// The value of `variable`, nil when the action does not know it (e.g. no revision number).
    public subscript(variable: TemplateVariable) -> String? {
        get { values[variable] }
        set { values[variable] = newValue }
    }
}
