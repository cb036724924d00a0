import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A raw TCP server on 127.0.0.1 for peers that misbehave on purpose: never answer, stream
/// far too much, lie about lengths. A real socket, so the client under test meets real
/// kernel behaviour; each connection runs `handler` on its own thread.
public final class LoopbackServer: Sendable {
    /// The port the kernel chose.
    public let port: UInt16
    private let listener: Int32
    /// Open connection sockets, so `stop()` can unblock handlers waiting on them.
    private let connections = Mutex<Set<Int32>>([])
    private let isStopped = Mutex(false)

    /// `http://127.0.0.1:<port>`.
    public var url: String { "http://127.0.0.1:\(port)" }

    public init(handler: @escaping @Sendable (LoopbackConnection) -> Void) throws {
        let socket = try Self.makeBoundSocket()
        listener = socket.fd
        port = socket.port
        guard listen(listener, 512) == 0 else {
            Glibc.close(listener)
            throw LoopbackServerError(message: "listen failed: errno \(errno)")
        }
        Thread.detachNewThread { [self] in acceptLoop(handler: handler) }
    }

    deinit {
        stop()
    }

    /// Stops accepting and shuts every open connection down (their handlers then see EOF).
    public func stop() {
        let wasStopped = isStopped.withLock { stopped in
            defer { stopped = true }
            return stopped
        }
        guard !wasStopped else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        connections.withLock { fds in
            for fd in fds { shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    /// Runs `body` with a port on 127.0.0.1 that refuses connections (bound, not listening).
    public static func withRefusingPort<T>(_ body: (UInt16) async throws -> T) async throws -> T {
        let socket = try makeBoundSocket()
        defer { Glibc.close(socket.fd) }
        return try await body(socket.port)
    }

    private func acceptLoop(handler: @escaping @Sendable (LoopbackConnection) -> Void) {
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                if errno == EINTR { continue }
                break
            }
            let accepted = connections.withLock { fds -> Bool in
                guard !isStopped.withLock({ $0 }) else { return false }
                fds.insert(fd)
                return true
            }
            guard accepted else {
                Glibc.close(fd)
                break
            }
            Thread.detachNewThread { [self] in
                handler(LoopbackConnection(fd: fd))
                connections.withLock { _ = $0.remove(fd) }
                Glibc.close(fd)
            }
        }
        Glibc.close(listener)
    }

    private static func makeBoundSocket() throws -> (fd: Int32, port: UInt16) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LoopbackServerError(message: "socket failed: errno \(errno)") }
        var reuse: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard bound == 0, named == 0 else {
            Glibc.close(fd)
            throw LoopbackServerError(message: "bind to 127.0.0.1 failed: errno \(errno)")
        }
        return (fd, UInt16(bigEndian: address.sin_port))
    }
}

/// One accepted connection, handed to a ``LoopbackServer`` handler; closed when it returns.
public struct LoopbackConnection: Sendable {
    public let fd: Int32

    /// Reads until the end of the request head (`\r\n\r\n`); nil when the peer closed first.
    public func readRequestHead() -> String? {
        var head: [UInt8] = []
        var byte: UInt8 = 0
        while recv(fd, &byte, 1, 0) == 1 {
            head.append(byte)
            if head.count >= 4, head.suffix(4).elementsEqual([13, 10, 13, 10]) {
                return String(decoding: head, as: UTF8.self)
            }
        }
        return nil
    }

    /// Writes all of `bytes`; false once the peer is gone (no SIGPIPE: `MSG_NOSIGNAL`).
    @discardableResult
    public func write(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0, errno == EINTR { continue }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    /// Writes `text` as UTF-8.
    @discardableResult
    public func write(_ text: String) -> Bool {
        write(Array(text.utf8))
    }

    /// Blocks until the peer closes the connection or the server stops: a peer that never answers.
    public func waitForPeerToClose() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count < 0, errno == EINTR { continue }
            if count <= 0 { return }
        }
    }
}

/// A loopback server could not be set up (the test environment, not the code under test).
public struct LoopbackServerError: Error, CustomStringConvertible {
    public var message: String

    public init(message: String) {
        self.message = message
    }

    public var description: String { "LoopbackServer: \(message)" }
}
