import Foundation

/// A pipe from a command's stdout or stderr, and what has been read from it.
struct OutputPipe {
    private(set) var readEnd: Int32 = -1
    private(set) var writeEnd: Int32 = -1
    private(set) var captured = CapturedOutput()
    private let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    var isOpen: Bool { readEnd >= 0 }

    /// Makes the pipe, close-on-exec on both ends so no other child inherits it; the child
    /// gets the write end through `dup2`, which clears the flag on the copy.
    mutating func open() throws(CommandError) {
        var ends: [Int32] = [-1, -1]
        guard let makePipe = pipe2Function, makePipe(&ends, O_CLOEXEC) == 0 else {
            throw CommandError(kind: .spawnFailed, executable: "", message: String(cString: strerror(errno)))
        }
        readEnd = ends[0]
        writeEnd = ends[1]
    }

    mutating func closeWriteEnd() {
        if writeEnd >= 0 {
            Glibc.close(writeEnd)
            writeEnd = -1
        }
    }

    mutating func close() {
        closeWriteEnd()
        if readEnd >= 0 {
            Glibc.close(readEnd)
            readEnd = -1
        }
    }

    /// Reads what is ready: keeps bytes up to the limit, drops the rest, closes at end of file.
    mutating func readAvailable() {
        var buffer = [UInt8](repeating: 0, count: 16_384)
        let count = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
        if count > 0 {
            let room = max(0, limit - captured.bytes.count)
            captured.bytes.append(contentsOf: buffer[0..<min(room, count)])
            if count > room {
                captured.isTruncated = true
            }
        } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
            close()
        }
    }
}

/// glibc's `pipe2`, which Swift's Glibc module leaves out (it needs `_GNU_SOURCE`).
///
/// `pipe` followed by `fcntl(FD_CLOEXEC)` would leave a window in which a command started on
/// another thread inherits the write end and holds this command's output open until it ends.
private let pipe2Function: (@convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32)? = {
    guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "pipe2") else { return nil }
    return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32).self)
}()
