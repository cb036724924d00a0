// swift-tools-version: 6.0
import PackageDescription

let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let yams = Target.Dependency.product(name: "Yams", package: "Yams")
let grdb = Target.Dependency.product(name: "GRDB", package: "GRDB.swift")
let flyingFox = Target.Dependency.product(name: "FlyingFox", package: "FlyingFox")
let flyingSocks = Target.Dependency.product(name: "FlyingSocks", package: "FlyingFox")

let package = Package(
    name: "llmdeck",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "llmdeck", targets: ["llmdeck"]),
        .executable(name: "llmdeck-sim", targets: ["llmdeck-sim"]),
        .executable(name: "llmdeck-bench", targets: ["llmdeck-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        // System libraries. ncurses: a module map and a header of prefixed static inline shims.
        // libcurl: C wrappers that dlopen it on first use (commands that never poll do not load
        // it; see Sources/CCurl/include/CCurl.h); its headers come from libcurl4-openssl-dev.
        .systemLibrary(name: "CNcursesw", pkgConfig: "ncursesw", providers: [.apt(["libncursesw5-dev"])]),
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("dl")]),

        // Pure cores.
        .target(name: "Vocabulary"),
        .target(name: "Exposition", swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]),
        .target(name: "Analysis"),
        .target(name: "Config", dependencies: ["Analysis", "Actions", yams]),

        // I/O.
        .target(name: "Store", dependencies: ["Analysis", "Vocabulary", grdb]),
        .target(name: "HTTP", dependencies: ["CCurl"]),
        .target(
            name: "Collector",
            dependencies: ["Vocabulary", "Exposition", "Analysis", "Config", "Store", "HTTP", "PrometheusSource"]
        ),
        .target(
            name: "Fleet",
            dependencies: ["Vocabulary", "Analysis", "Config", "Store", "Actions", "HTTP", "PrometheusSource"]
        ),
        .target(name: "Simulator", dependencies: [flyingFox, flyingSocks]),
        .target(name: "Terminal", dependencies: ["CNcursesw", "Vocabulary"]),
        .target(name: "Actions", dependencies: ["HTTP"]),
        .target(name: "PrometheusSource", dependencies: ["Vocabulary", "Config", "HTTP"]),
        .target(name: "Console", dependencies: ["Vocabulary", "Terminal", "Analysis", "Config", "Fleet"]),

        // Executables.
        .executableTarget(
            name: "llmdeck",
            dependencies: [
                argumentParser, "Vocabulary", "Config", "Store", "HTTP", "Collector", "Fleet", "Console", "PrometheusSource",
            ]
        ),
        // The simulator apart: its HTTP server library links URLSession, and so libcurl, which
        // `llmdeck` must not load at start (see Sources/CCurl).
        .executableTarget(name: "llmdeck-sim", dependencies: [argumentParser, "Simulator"]),
        .executableTarget(
            name: "llmdeck-bench",
            dependencies: [
                argumentParser, "Vocabulary", "Exposition", "Analysis", "Config", "Store", "HTTP", "Collector", "Fleet",
                "Simulator", "Terminal", "Console", "PrometheusSource",
                // The real Prometheus started and stopped as the tests do (`PrometheusProcess`).
                "PrometheusTestSupport", "TestSupport",
            ]
        ),

        // Tests.
        .target(name: "TestSupport", dependencies: ["HTTP"], path: "Tests/TestSupport"),
        .target(
            name: "PrometheusTestSupport",
            dependencies: ["Simulator", "TestSupport"],
            path: "Tests/PrometheusTestSupport"
        ),
        .target(name: "StoreTestSupport", dependencies: ["Store", "TestSupport"], path: "Tests/StoreTestSupport"),
        .target(
            name: "AlertTestSupport",
            dependencies: ["Analysis", "Fleet", "Store"],
            path: "Tests/AlertTestSupport"
        ),
        .testTarget(name: "ExpositionTests", dependencies: ["Exposition", "TestSupport"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "TestSupport"]),
        .testTarget(name: "ConfigTests", dependencies: ["Config", "Analysis", "Actions", "TestSupport"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Vocabulary", "TestSupport", "StoreTestSupport", grdb]),
        .testTarget(
            name: "FleetTests",
            dependencies: [
                "Fleet", "Config", "Analysis", "Store", "Vocabulary", "Actions", "TestSupport", "StoreTestSupport",
                "AlertTestSupport", "HTTP", "PrometheusSource", grdb,
            ]
        ),
        .testTarget(name: "ActionsTests", dependencies: ["Actions", "HTTP", "Simulator", "TestSupport"]),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "TestSupport", flyingFox]),
        .testTarget(name: "CollectorTests", dependencies: ["Collector", "Fleet", "Simulator", "TestSupport"]),
        .testTarget(
            name: "PrometheusSourceTests",
            dependencies: ["PrometheusSource", "Config", "HTTP", "Simulator", "TestSupport", "PrometheusTestSupport"]
        ),
        .testTarget(name: "SimulatorTests", dependencies: ["Simulator", "Exposition", "TestSupport"]),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal", "Vocabulary", "TestSupport"]),
        .testTarget(
            name: "ConsoleTests",
            dependencies: [
                "Console", "Fleet", "Config", "Analysis", "Vocabulary", "Terminal", "Store", "TestSupport",
                "StoreTestSupport", "AlertTestSupport",
            ]
        ),
        .testTarget(
            name: "LLMDeckTests",
            dependencies: [
                "Vocabulary", "Analysis", "Config", "Fleet", "Store", "HTTP", "PrometheusSource", "TestSupport",
                "AlertTestSupport", "PrometheusTestSupport", grdb,
            ]
        ),
    ]
)
