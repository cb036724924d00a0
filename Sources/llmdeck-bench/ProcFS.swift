import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What the benches read about processes and the machine from /proc (Linux).
enum ProcFS {
    /// User plus system CPU seconds of process `pid` so far; NaN when it cannot be read.
    static func cpuSeconds(of pid: pid_t) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return .nan }
        // Fields after the command's closing parenthesis: state is field 3, utime 14, stime 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return .nan }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Resident set of process `pid` (this one when nil), MiB; NaN when it cannot be read.
    static func rssMegabytes(of pid: pid_t? = nil) -> Double {
        let path = "/proc/\(pid.map(String.init) ?? "self")/status"
        guard let status = try? String(contentsOfFile: path, encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kib = line.split(separator: " ").compactMap({ Double($0) }).first
        else { return .nan }
        return kib / 1024
    }

    /// The machine's one-minute load average; NaN when it cannot be read.
    static func loadAverage() -> Double {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").first.flatMap { Double($0) } ?? .nan
    }

    /// `machine: 2 CPUs, load average (1 min) 1.04`, the first line of a bench's output.
    static var machineLine: String {
        let load = loadAverage()
        return "machine: \(ProcessInfo.processInfo.activeProcessorCount) CPUs, load average (1 min) "
            + (load.isNaN ? "?" : String(load))
    }
}
