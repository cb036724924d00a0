import Glibc
import Terminal
import Testing

/// The self-pipe the console's loop sleeps on next to the terminal.
struct WakePipeTests {
    private func isReadable(_ pipe: WakePipe) -> Bool {
        var watch = pollfd(fd: pipe.readDescriptor, events: Int16(POLLIN), revents: 0)
        return poll(&watch, 1, 0) == 1
    }

    @Test func signalMakesTheReadEndReadableUntilDrained() throws {
        let pipe = try #require(WakePipe())
        #expect(!isReadable(pipe))
        pipe.signal()
        #expect(isReadable(pipe))
        pipe.drain()
        #expect(!isReadable(pipe))
        // Far more signals than the pipe holds never block the signalling side.
        for _ in 0..<100_000 { pipe.signal() }
        #expect(isReadable(pipe))
        pipe.drain()
        #expect(!isReadable(pipe))
    }
}
