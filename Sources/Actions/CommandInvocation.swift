/// One command to run: an argv, its environment and how long it may take.
public struct CommandInvocation: Sendable, Equatable {
    /// The executable (a path, or a name looked up in the environment's `PATH`) and its arguments.
    public var arguments: [String]
    /// The complete environment of the command; nothing is inherited from llmdeck's own.
    public var environment: [String: String]
    /// How long the command and everything it starts may run before the process group is killed.
    public var timeout: Duration

    public init(arguments: [String], environment: [String: String] = [:], timeout: Duration) {
        self.arguments = arguments
        self.environment = environment
        self.timeout = timeout
    }
}
