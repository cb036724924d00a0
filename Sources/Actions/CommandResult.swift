/// How a command ended and what it wrote.
public struct CommandResult: Sendable, Equatable {
    /// How the command's own process ended.
    public enum Termination: Sendable, Equatable {
        /// It exited with this status.
        case exited(Int32)
        /// A signal ended it (from the runner on timeout, or from elsewhere).
        case signaled(Int32)
        /// Its status was collected by someone else (another `waitpid` in this process).
        case unknown
    }

    public var termination: Termination
    /// True when the timeout passed and the runner signalled the process group.
    public var isTimedOut: Bool
    /// From the start to the end of the command and of its output.
    public var duration: Duration
    public var standardOutput: CapturedOutput
    public var standardError: CapturedOutput

    public init(
        termination: Termination,
        isTimedOut: Bool,
        duration: Duration,
        standardOutput: CapturedOutput,
        standardError: CapturedOutput
    ) {
        self.termination = termination
        self.isTimedOut = isTimedOut
        self.duration = duration
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    /// True only for exit status 0 within the timeout: what an action may call done.
    public var isSuccess: Bool { termination == .exited(0) && !isTimedOut }
}
