import Glibc

/// The process' limit on open files, which bounds how many connections a poller can keep.
///
/// Many distributions start processes with a soft limit of 1,024 descriptors and a much higher
/// hard limit; a collector polling a thousand servers needs more. Like the Go runtime does for
/// every Go program, the soft limit is raised as far as the hard limit allows.
public enum FileLimit {
    /// Raises the soft `RLIMIT_NOFILE` to at least `needed` descriptors when the hard limit allows,
    /// otherwise to the hard limit. Returns a note for the log when `needed` still does not fit.
    @discardableResult
    public static func raise(toFit needed: Int) -> String? {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else {
            return "cannot read the open-file limit: \(String(cString: strerror(errno)))"
        }
        let wanted = rlim_t(max(needed, 0))
        if limit.rlim_cur >= wanted { return nil }
        let soft = min(wanted, limit.rlim_max)
        var raised = limit
        raised.rlim_cur = soft
        guard setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &raised) == 0 else {
            return "cannot raise the open-file limit from \(limit.rlim_cur): \(String(cString: strerror(errno)))"
        }
        if soft < wanted {
            return """
                the open-file limit is \(soft) (hard limit) but \(needed) descriptors are wanted; \
                raise it (ulimit -n, LimitNOFILE=) or some polls will fail to connect
                """
        }
        return nil
    }
}
