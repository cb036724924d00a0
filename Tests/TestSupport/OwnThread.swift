import Foundation

/// Runs `body` — a blocking loop such as the console's run loop — on a thread of its own and
/// waits for it without holding a thread of the concurrency pool.
///
/// A test that blocks in its own body holds one of the pool's threads (two on a two-core
/// runner) for as long as it runs; the console's run loop also waits for work it hands to that
/// pool (`Task.detached`), so two such tests at once would wait on each other until their
/// fallback quit, and every loopback server of the other suites would stop answering meanwhile.
public func onOwnThread(_ body: () throws -> Void) async throws {
    try await withoutActuallyEscaping(body) { escapable in
        let work = UncheckedWork(run: escapable)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let thread = Thread {
                do {
                    try work.run()
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}

/// The closure handed to the thread; it runs there alone while the caller waits.
private struct UncheckedWork: @unchecked Sendable {
    let run: () throws -> Void
}
