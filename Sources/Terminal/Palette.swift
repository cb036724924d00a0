/// The xterm palette and the nearest-colour rules used for degradation.
///
/// 256 colours: squared Euclidean distance in sRGB (0–255 per channel) to the nearest cube entry
/// (16–231) and the nearest grey-ramp entry (232–255), the smaller wins, ties to the cube. The
/// first 16 are never candidates because users reconfigure them (btop `truecolor_to_256` agrees).
///
/// 16 colours: by hue, not distance, because the 16 ANSI colours are fully saturated and nearest
/// distance turns every muted theme colour grey (a mint "ok" green would become bright-black).
/// Chroma (max − min channel) below 48 → the nearest of black, bright-black, white, bright-white;
/// otherwise the nearest of the six hues (red 0°, yellow 60°, green 120°, cyan 180°, blue 240°,
/// magenta 300°; ties to the lower angle), bright when the largest channel is ≥ 192.
public enum Palette {
    /// xterm's default values of the 16 ANSI colours (xterm `XTerm-col.ad`).
    public static let ansi16: [(red: Int, green: Int, blue: Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
        (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
        (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    /// Channel levels of the 6×6×6 cube.
    public static let cubeLevels = [0, 95, 135, 175, 215, 255]

    /// The RGB value of palette entry `index` (0–255).
    public static func rgb(ofIndex index: Int) -> (red: Int, green: Int, blue: Int) {
        if index < 16 { return ansi16[max(0, index)] }
        if index < 232 {
            let cube = index - 16
            return (cubeLevels[cube / 36], cubeLevels[(cube / 6) % 6], cubeLevels[cube % 6])
        }
        let grey = 8 + 10 * (min(index, 255) - 232)
        return (grey, grey, grey)
    }

    /// Squared Euclidean distance between two sRGB colours.
    public static func distance(
        _ first: (red: Int, green: Int, blue: Int),
        _ second: (red: Int, green: Int, blue: Int)
    ) -> Int {
        let red = first.red - second.red
        let green = first.green - second.green
        let blue = first.blue - second.blue
        return red * red + green * green + blue * blue
    }

    /// Nearest entry among indices 16–255.
    public static func nearest256(red: Int, green: Int, blue: Int) -> Int {
        let target = (red: red, green: green, blue: blue)
        let cube = 16 + 36 * nearestCubeStep(red) + 6 * nearestCubeStep(green) + nearestCubeStep(blue)
        let average = (red + green + blue) / 3
        let greyStep = min(23, max(0, (average - 8 + 5) / 10))
        let grey = 232 + greyStep
        let cubeDistance = distance(target, rgb(ofIndex: cube))
        let greyDistance = distance(target, rgb(ofIndex: grey))
        return greyDistance < cubeDistance ? grey : cube
    }

    /// The ANSI colour (0–15) for an RGB value, by the hue rule above.
    public static func nearest16(red: Int, green: Int, blue: Int) -> Int {
        let high = max(red, green, blue)
        let low = min(red, green, blue)
        let chroma = high - low
        if chroma < 48 {
            let target = (red: red, green: green, blue: blue)
            return [0, 8, 7, 15].min { distance(target, ansi16[$0]) < distance(target, ansi16[$1]) } ?? 0
        }
        var hue: Double
        if high == red {
            hue = 60 * Double(green - blue) / Double(chroma)
        } else if high == green {
            hue = 60 * Double(blue - red) / Double(chroma) + 120
        } else {
            hue = 60 * Double(red - green) / Double(chroma) + 240
        }
        if hue < 0 { hue += 360 }
        let sector = Int((hue / 60).rounded(.toNearestOrEven)) % 6
        let base = [1, 3, 2, 6, 4, 5][sector]
        return high >= 192 ? base + 8 : base
    }

    private static func nearestCubeStep(_ channel: Int) -> Int {
        var best = 0
        for (step, level) in cubeLevels.enumerated() where abs(level - channel) < abs(cubeLevels[best] - channel) {
            best = step
        }
        return best
    }
}
