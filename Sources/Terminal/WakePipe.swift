import Glibc

/// A non-blocking self-pipe: one side writes a byte to say "something is ready", the other polls
/// the read end next to the terminal, so a waiting thread sleeps until a key or that event
/// instead of waking on a short timeout. Both ends close on exec and when the value goes away.
public final class WakePipe: Sendable {
    /// The end to `poll` for readability.
    public let readDescriptor: Int32
    /// The end `signal` writes to; also usable from a signal handler (`write` is
    /// async-signal-safe).
    public let writeDescriptor: Int32

    /// Nil when no pipe can be made (descriptors exhausted): callers fall back to polling.
    public init?() {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return nil }
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        readDescriptor = ends[0]
        writeDescriptor = ends[1]
    }

    deinit {
        close(readDescriptor)
        close(writeDescriptor)
    }

    /// Makes the read end readable (a full pipe already is: the byte is then dropped).
    public func signal() {
        var byte: UInt8 = 1
        _ = write(writeDescriptor, &byte, 1)
    }

    /// Empties the pipe, so the read end is readable again only after the next `signal`.
    public func drain() {
        var bytes = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        while withUnsafeMutableBytes(of: &bytes, { read(readDescriptor, $0.baseAddress, $0.count) }) > 0 {}
    }
}
