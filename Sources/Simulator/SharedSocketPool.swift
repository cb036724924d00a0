import FlyingFox
import FlyingSocks

/// Lets many FlyingFox servers share one epoll loop.
///
/// Each `HTTPServer` runs its own pool, and each pool parks a dispatch thread in `epoll_wait`; a fleet of a
/// thousand servers would need a thousand threads. This pool forwards socket waits to one shared pool that
/// the fleet runs once, and its own `run()` only waits for cancellation.
struct SharedSocketPool: AsyncSocketPool {
    let base: any AsyncSocketPool

    func prepare() async throws {}

    func run() async throws {
        while true {
            try await Task.sleep(for: .seconds(3600))
        }
    }

    func suspendSocket(_ socket: Socket, untilReadyFor events: Socket.Events) async throws {
        try await base.suspendSocket(socket, untilReadyFor: events)
    }
}
