import Exposition
import Synchronization

/// A few `ReusableExpositionParser`s shared by every target, lent out one parse at a time.
///
/// A full parse happens on a target's first poll and whenever its page's layout changes; a
/// reusable parser does it at about twice the speed of a one-shot parse (its name table and
/// label-block cache already hold what servers of the same kind write), and a handful of them serve
/// a whole fleet, so the speed costs a few megabytes, not a parser per target.
final class ParserPool: Sendable {
    /// A parser owned by whoever took it out of the pool; never used by two threads at once.
    private struct Lent: @unchecked Sendable {
        let parser: ReusableExpositionParser
    }

    private let idle = Mutex<[Lent]>([])
    /// Parsers kept between parses; more are made when more parse at once, and dropped afterwards.
    let capacity: Int
    /// Each parser's table limit (`ReusableExpositionParser.maximumCachedBytes`).
    let cachedBytes: Int

    static let shared = ParserPool(capacity: 4, cachedBytes: 2 << 20)

    init(capacity: Int, cachedBytes: Int) {
        self.capacity = capacity
        self.cachedBytes = cachedBytes
    }

    /// The families of `body`; exactly what `ExpositionParser.parse` returns or throws.
    func parse(_ body: [UInt8], format: ExpositionFormat) throws(ExpositionError) -> [MetricFamily] {
        let lent =
            idle.withLock { $0.popLast() } ?? Lent(parser: ReusableExpositionParser(maximumCachedBytes: cachedBytes))
        defer {
            idle.withLock { idle in
                if idle.count < capacity { idle.append(lent) }
            }
        }
        return try lent.parser.parse(body, format: format)
    }
}
