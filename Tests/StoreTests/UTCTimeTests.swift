import Foundation
import Testing
import Vocabulary

/// `UTCTime.iso8601` writes what Foundation's `ISO8601DateFormatter` writes.
struct UTCTimeTests {
    @Test func matchesFoundationsFormatter() {
        let formatter = ISO8601DateFormatter()
        var times: [Int64] = [0, 999, 1_000, -1, -1_000, 951_782_400_000, 1_796_612_462_417, 4_102_444_799_000]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            times.append(Int64(state >> 24) % 8_000_000_000_000 - 1_000_000_000_000)
        }
        for time in times {
            let expected = formatter.string(from: Date(timeIntervalSince1970: (Double(time) / 1000).rounded(.down)))
            #expect(UTCTime.iso8601(milliseconds: time) == expected, "\(time)")
        }
    }
}
