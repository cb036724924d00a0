import TestSupport
import Testing

@testable import Exposition

/// Random mutations of real payloads: the parser must return or throw, never trap or hang.
struct FuzzTests {
    /// SplitMix64: small, seedable, the same sequence on every platform.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
    }

    /// Bytes that matter to the grammar, plus invalid UTF-8.
    static let interesting: [UInt8] = Array("{}\",=# \t\n\\_:.+-eE0123456789aINf".utf8) + [0x00, 0xC3, 0xFF, 0x80]

    static func mutate(_ input: [UInt8], using generator: inout SeededGenerator) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            guard !bytes.isEmpty else { break }
            let position = Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<6, using: &generator) {
            case 0: bytes[position] = interesting.randomElement(using: &generator) ?? 0
            case 1: bytes.insert(interesting.randomElement(using: &generator) ?? 0, at: position)
            case 2:
                bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...16, using: &generator)))
            case 3:
                let end = min(bytes.count, position + Int.random(in: 1...64, using: &generator))
                bytes.insert(contentsOf: bytes[position..<end], at: Int.random(in: 0...bytes.count, using: &generator))
            case 4: bytes.removeSubrange(position...)
            default: bytes[position] ^= UInt8.random(in: 1...255, using: &generator)
            }
        }
        return bytes
    }

    @Test func mutatedPayloadsOnlyReturnOrThrow() throws {
        var seeds: [[UInt8]] = try FixtureParsingTests.fixtureNames.map { Array(try TestPaths.fixture($0)) }
        seeds.append(
            Array(
                "# TYPE a histogram\n# UNIT a_s s\na_bucket{le=\"1\"} 0 # {t=\"x\"} 1 2\na_bucket{le=\"+Inf\"} 1\na_count 1\na_sum 2\n# EOF\n"
                    .utf8
            )
        )
        seeds.append(Array("{\"a.b\",c=\"d\\\\\\\"\\n\"} 1 -3\n# HELP \"a.b\" x\\\\y\\n\n".utf8))
        var generator = SeededGenerator(state: 0x5EED_1234)
        var accepted = 0
        var rejected = 0
        for iteration in 0..<4000 {
            let seed = seeds[iteration % seeds.count]
            let input = Self.mutate(seed, using: &generator)
            let format: ExpositionFormat = iteration % 3 == 0 ? .openMetrics : .prometheusText
            do {
                let families = try ExpositionParser.parse(input, format: format)
                #expect(families.allSatisfy { !$0.name.isEmpty || $0.samples.isEmpty })
                accepted += 1
            } catch {
                let lineCount = input.filter { $0 == 0x0A }.count + 1
                #expect(error.line >= 1 && error.line <= lineCount + 1, "line \(error.line) of \(lineCount)")
                #expect(error.column >= 1)
                #expect(!error.message.isEmpty)
                rejected += 1
            }
        }
        #expect(accepted > 100)
        #expect(rejected > 100)
    }
}
