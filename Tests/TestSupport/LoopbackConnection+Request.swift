#if canImport(Glibc)
import Glibc
#endif

extension LoopbackConnection {
    /// Reads a whole request: its head, then a body of the `Content-Length` it declares (as text); nil
    /// when the peer closed before the head ended.
    public func readRequest() -> (head: String, body: String)? {
        guard let head = readRequestHead() else { return nil }
        let length =
            head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
        var bytes = [UInt8](repeating: 0, count: length)
        var read = 0
        while read < length {
            let count = bytes[read...].withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            read += count
        }
        return (head, String(decoding: bytes.prefix(read), as: UTF8.self))
    }
}
