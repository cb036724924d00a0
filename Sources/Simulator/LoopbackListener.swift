import FlyingFox
import FlyingSocks
import Foundation
import Synchronization

/// Starts FlyingFox listeners on the fleet's one shared event loop and waits until they accept.
enum LoopbackListener {
    /// Creates and runs the event loop every listener of a fleet waits on (see ``SharedSocketPool``);
    /// cancel the returned task to stop it.
    static func startPool() async throws(SimulatorError) -> (pool: any AsyncSocketPool, task: Task<Void, Never>) {
        let pool = HTTPServer.defaultPool()
        do {
            try await pool.prepare()
        } catch {
            throw SimulatorError(kind: .listen, message: "cannot create the socket event loop: \(error)")
        }
        return (pool, Task { _ = try? await pool.run() })
    }

    /// Listens on `address:port` (0: a port the kernel picks) and answers every request with `handler`;
    /// returns once the socket accepts, with the port bound. `name` is who cannot listen, in the error.
    static func open(
        name: String,
        address: String,
        port: Int,
        pool: any AsyncSocketPool,
        handler: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) async throws(SimulatorError) -> (server: HTTPServer, port: Int) {
        let socketAddress: sockaddr_in
        do {
            socketAddress = try sockaddr_in.inet(ip4: address, port: UInt16(port))
        } catch {
            throw SimulatorError(kind: .listen, message: "\(address) is not an IPv4 address to listen on")
        }
        let httpServer = HTTPServer(
            address: socketAddress,
            timeout: 30,
            pool: SharedSocketPool(base: pool),
            logger: .disabled
        )
        await httpServer.appendRoute("*", handler: handler)
        let failure = Mutex<String?>(nil)
        let runTask = Task {
            do {
                try await httpServer.run()
            } catch {
                failure.withLock { $0 = "\(error)" }
            }
        }
        var waited = 0
        while !(await httpServer.isListening) {
            let reason = failure.withLock { $0 } ?? (waited > 2_000 ? "not listening after 10 s" : nil)
            if let reason {
                runTask.cancel()
                throw SimulatorError(
                    kind: .listen,
                    message: "\(name) cannot listen on \(address):\(port) (\(reason)); "
                        + "is the port in use? Pick another --base-port, or 0 for ephemeral ports"
                )
            }
            waited += 1
            try? await Task.sleep(for: .milliseconds(5))
        }
        var boundPort = port
        if case .ip4(_, let bound)? = await httpServer.listeningAddress {
            boundPort = Int(bound)
        }
        closeOnExec(listeningOn: boundPort)
        return (httpServer, boundPort)
    }

    /// Marks the socket listening on `port` close-on-exec. FlyingFox opens it without the flag, so a
    /// process started meanwhile by the same program (a test run spawns many) would inherit it and
    /// keep the port listening after the server closed it: a server told to come back could not bind.
    private static func closeOnExec(listeningOn port: Int) {
        #if os(Linux)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
        // Newest descriptors first, and only one socket listens on the port: a fleet of servers
        // opened one after another finds each at once instead of asking every descriptor.
        for fd in entries.compactMap({ Int32($0) }).sorted(by: >) where fd > 2 {
            var address = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let named = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            guard named == 0, address.sin_family == sa_family_t(AF_INET),
                Int(UInt16(bigEndian: address.sin_port)) == port
            else { continue }
            _ = fcntl(fd, F_SETFD, fcntl(fd, F_GETFD) | FD_CLOEXEC)
            return
        }
        #endif
    }
}
