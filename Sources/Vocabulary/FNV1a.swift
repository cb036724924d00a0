/// 64-bit FNV-1a: the same hash in every process and on every platform (Swift's `Hasher` is
/// seeded per process). Values are fed with a separator each, so `[1, 23]` and `[12, 3]` differ.
public struct FNV1a: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    private mutating func byte(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    /// `bytes` as they are, without a separator.
    public mutating func add(bytes: some Sequence<UInt8>) {
        for unit in bytes { byte(unit) }
    }

    public mutating func add(_ number: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { byte(UInt8(truncatingIfNeeded: number >> UInt64(shift))) }
        byte(0xFF)
    }

    public mutating func add(_ number: Int64) { add(UInt64(bitPattern: number)) }

    public mutating func add(_ text: String) {
        add(bytes: text.utf8)
        byte(0xFE)
    }

    public mutating func add(_ numbers: [Int64]) {
        add(UInt64(numbers.count))
        for number in numbers { add(number) }
    }
}
