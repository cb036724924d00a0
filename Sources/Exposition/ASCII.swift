/// Byte values the parser compares against, and the character classes of the formats' grammar.
enum ASCII {
    static let newline: UInt8 = 0x0A
    static let tab: UInt8 = 0x09
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22
    static let hash: UInt8 = 0x23
    static let plus: UInt8 = 0x2B
    static let comma: UInt8 = 0x2C
    static let minus: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E
    static let colon: UInt8 = 0x3A
    static let equals: UInt8 = 0x3D
    static let backslash: UInt8 = 0x5C
    static let underscore: UInt8 = 0x5F
    static let lowerE: UInt8 = 0x65
    static let lowerI: UInt8 = 0x69
    static let lowerN: UInt8 = 0x6E
    static let openBrace: UInt8 = 0x7B
    static let closeBrace: UInt8 = 0x7D

    /// Space or tab: the blanks Prometheus text 0.0.4 allows between tokens.
    @inline(__always) static func isBlank(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    @inline(__always) static func digit(_ byte: UInt8) -> UInt8? {
        let value = byte &- 0x30
        return value < 10 ? value : nil
    }

    @inline(__always) static func isLetter(_ byte: UInt8) -> Bool {
        let folded = byte | 0x20
        return folded >= 0x61 && folded <= 0x7A
    }

    /// `[a-zA-Z_:]`: the first byte of a metric name.
    @inline(__always) static func isMetricNameStart(_ byte: UInt8) -> Bool {
        isLetter(byte) || byte == underscore || byte == colon
    }

    /// `[a-zA-Z0-9_:]`: the following bytes of a metric name. One bit test in a 128-bit class
    /// mask (digits and `:` in the low word; letters and `_` in the high word).
    @inline(__always) static func isMetricNameByte(_ byte: UInt8) -> Bool {
        let mask: UInt64 = byte < 64 ? 0x07FF_0000_0000_0000 : 0x07FF_FFFE_87FF_FFFE
        return byte < 128 && (mask >> UInt64(byte & 63)) & 1 != 0
    }

    /// `[a-zA-Z_]`: the first byte of a label name.
    @inline(__always) static func isLabelNameStart(_ byte: UInt8) -> Bool { isLetter(byte) || byte == underscore }

    /// `[a-zA-Z0-9_]`: the following bytes of a label name (the metric-name mask without `:`).
    @inline(__always) static func isLabelNameByte(_ byte: UInt8) -> Bool {
        let mask: UInt64 = byte < 64 ? 0x03FF_0000_0000_0000 : 0x07FF_FFFE_87FF_FFFE
        return byte < 128 && (mask >> UInt64(byte & 63)) & 1 != 0
    }
}
