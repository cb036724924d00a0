/// A deployment as every module refers to it: by its configured name, unique in a config and in
/// a store.
///
/// Readers hold refs instead of bare strings (the console's cursor and marks, a read request's
/// chart and detail, the target of an action), so a deployment is never confused with a model
/// name, a version or a label value.
public struct DeploymentRef: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let name: String

    public init(_ name: String) { self.name = name }

    public init(stringLiteral name: String) { self.name = name }

    public var description: String { name }

    public static func < (left: DeploymentRef, right: DeploymentRef) -> Bool { left.name < right.name }
}
