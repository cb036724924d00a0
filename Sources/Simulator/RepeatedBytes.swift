import FlyingFox
import FlyingSocks

/// A response body of `total` bytes made by repeating one block, streamed without holding the page in memory.
struct RepeatedBytes: AsyncBufferedSequence, Sendable {
    typealias Element = UInt8

    let block: [UInt8]
    let total: Int

    func makeAsyncIterator() -> Iterator {
        Iterator(block: block, total: total)
    }

    struct Iterator: AsyncBufferedIteratorProtocol {
        typealias Element = UInt8
        let block: [UInt8]
        let total: Int
        var sent = 0

        mutating func next() async throws -> UInt8? {
            guard sent < total, !block.isEmpty else { return nil }
            defer { sent += 1 }
            return block[sent % block.count]
        }

        mutating func nextBuffer(suggested count: Int) async throws -> ArraySlice<UInt8>? {
            guard sent < total, !block.isEmpty else { return nil }
            try Task.checkCancellation()
            let offset = sent % block.count
            let length = Swift.min(Swift.max(count, 1), block.count - offset, total - sent)
            sent += length
            return block[offset..<(offset + length)]
        }
    }

    /// A block of distinct, valid-looking exposition lines of equal length (about 64 KiB).
    static func metricsBlock() -> [UInt8] {
        var text = "# HELP sim_padding_info Padding series of an oversized page.\n# TYPE sim_padding_info gauge\n"
        for index in 0..<1_200 {
            let digits = String(index)
            text += "sim_padding_info{shard=\"" + String(repeating: "0", count: 6 - digits.count) + digits
            text += "\",note=\"this page is far over any sane size cap\"} 1\n"
        }
        return Array(text.utf8)
    }
}
