import Testing

@testable import Terminal

struct ColorTests {
    @Test func parsesTheThemeGrammar() {
        #expect(Color(parsing: "#FF8700") == .rgb(255, 135, 0))
        #expect(Color(parsing: "default") == .terminalDefault)
        #expect(Color(parsing: "208") == .indexed(208))
        #expect(Color(parsing: "bright-red") == .indexed(9))
        #expect(Color(parsing: "Bright_Cyan") == .indexed(14))
        for bad in ["#ff87", "256", "-1", "reddish", "#gg0000", "", "+5"] {
            #expect(Color(parsing: bad) == nil, "\(bad)")
        }
    }

    /// Vectors worked by hand with the documented metric (squared sRGB distance).
    @Test func degradesTruecolorTo256Deterministically() {
        #expect(Color.rgb(255, 0, 0).degraded(to: .ansi256) == .indexed(196))
        #expect(Color.rgb(128, 128, 128).degraded(to: .ansi256) == .indexed(244))
        #expect(Color.rgb(0x5f, 0xaf, 0xff).degraded(to: .ansi256) == .indexed(75))
        #expect(Color.rgb(0x30, 0x30, 0x50).degraded(to: .ansi256) == .indexed(237))
        #expect(Color.rgb(0, 0, 0).degraded(to: .ansi256) == .indexed(16))
        #expect(Color.indexed(3).degraded(to: .ansi256) == .indexed(3))
    }

    @Test func degradesTo16ByHueSoMutedColoursKeepTheirMeaning() {
        #expect(Color.rgb(0xff, 0xd7, 0x5f).degraded(to: .ansi16) == .indexed(11))
        #expect(Color.rgb(0xff, 0x5f, 0x5f).degraded(to: .ansi16) == .indexed(9))
        #expect(Color.rgb(0x00, 0x72, 0xb2).degraded(to: .ansi16) == .indexed(6))
        #expect(Color.rgb(0xd0, 0xd0, 0xd0).degraded(to: .ansi16) == .indexed(7))
        #expect(Color.rgb(0x30, 0x30, 0x50).degraded(to: .ansi16) == .indexed(0))
    }

    @Test func degradesTo16AndMonochrome() {
        #expect(Color.rgb(255, 135, 0).degraded(to: .ansi16) == .indexed(11))
        #expect(Color.rgb(0x5f, 0xd7, 0x87).degraded(to: .ansi16) == .indexed(10))
        #expect(Color.indexed(196).degraded(to: .ansi16) == .indexed(9))
        #expect(Color.indexed(236).degraded(to: .ansi16) == .indexed(0))
        #expect(Color.indexed(4).degraded(to: .ansi16) == .indexed(4))
        #expect(Color.rgb(1, 2, 3).degraded(to: .monochrome) == .terminalDefault)
        #expect(Color.terminalDefault.degraded(to: .ansi16) == .terminalDefault)
        #expect(Color.rgb(1, 2, 3).degraded(to: .truecolor) == .rgb(1, 2, 3))
    }

    @Test func detectsColourDepthFromEnvironment() {
        #expect(
            ColorDepth.detect(environment: ["NO_COLOR": "1", "COLORTERM": "truecolor"], terminfoColors: 256)
                == .monochrome
        )
        #expect(
            ColorDepth.detect(environment: ["NO_COLOR": "", "TERM": "xterm-256color"], terminfoColors: 256) == .ansi256
        )
        #expect(
            ColorDepth.detect(environment: ["COLORTERM": "24bit", "TERM": "xterm"], terminfoColors: 8) == .truecolor
        )
        #expect(ColorDepth.detect(environment: ["TERM": "tmux-256color"], terminfoColors: nil) == .ansi256)
        #expect(ColorDepth.detect(environment: ["TERM": "xterm"], terminfoColors: 8) == .ansi16)
        #expect(ColorDepth.detect(environment: ["TERM": "linux"], terminfoColors: 8) == .ansi16)
        #expect(ColorDepth.detect(environment: ["TERM": "vt100"], terminfoColors: 0) == .monochrome)
        #expect(ColorDepth.detect(environment: ["TERM": "dumb"], terminfoColors: nil) == .monochrome)
    }

    @Test func selectionStaysVisibleWithoutColour() {
        let theme = Theme.builtinDefault
        #expect(theme.attributes(for: .selected, depth: .monochrome).isSuperset(of: [.reverse, .bold]))
        #expect(theme.attributes(for: .selected, depth: .ansi16).contains(.reverse))
        #expect(!theme.attributes(for: .selected, depth: .truecolor).contains(.reverse))
        #expect(theme.attributes(for: Style(.ok), depth: .monochrome).isEmpty)
        let flat = Theme(name: "flat", colors: [.selection: .terminalDefault, .background: .terminalDefault])
        #expect(flat.attributes(for: .selected, depth: .truecolor).contains(.reverse))
    }
}
