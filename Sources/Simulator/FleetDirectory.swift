import Synchronization

/// Finds a fleet's servers by name, so one server's `/sim/control` can address another (`"server": …`).
final class FleetDirectory: Sendable {
    private let hosts = Mutex<[String: ServerHost]>([:])

    func register(_ host: ServerHost, name: String) {
        hosts.withLock { $0[name] = host }
    }

    func host(named name: String) -> ServerHost? {
        hosts.withLock { $0[name] }
    }
}
