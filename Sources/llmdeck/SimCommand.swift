import ArgumentParser
import Foundation

/// `llmdeck sim`: runs `llmdeck-sim` (built and installed beside `llmdeck`) with the same
/// arguments, in this process's place.
struct SimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Serve a fleet of fake model servers (vLLM, TGI, llama.cpp) on 127.0.0.1.",
        discussion: """
            Runs llmdeck-sim, which is installed beside llmdeck; `llmdeck sim --help` lists its options. \
            Example: llmdeck sim --print-config > sim.yaml && llmdeck sim & llmdeck collect --config sim.yaml
            """
    )

    @Argument(parsing: .captureForPassthrough, help: "Options of llmdeck-sim (`llmdeck sim --help`).")
    var arguments: [String] = []

    func run() throws {
        let binary: String
        do {
            binary = try SimulatorBinary.locate()
        } catch {
            CommandBridge.printError("llmdeck sim: \(error)")
            throw ExitCode(2)
        }
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        execv(binary, argv)
        let reason = String(cString: strerror(errno))
        CommandBridge.printError("llmdeck sim: cannot run \(binary): \(reason)")
        throw ExitCode(2)
    }
}

/// Where `llmdeck-sim` is: beside the running `llmdeck`, else on `PATH`.
enum SimulatorBinary {
    static let name = "llmdeck-sim"

    struct NotFound: Error, CustomStringConvertible {
        var besides: String
        var description: String {
            "\(SimulatorBinary.name) is neither beside \(besides) nor on PATH; it is built with llmdeck "
                + "(`swift build` builds both) and must be installed next to it"
        }
    }

    static func locate() throws -> String {
        let own =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        let beside = URL(fileURLWithPath: own).deletingLastPathComponent().appendingPathComponent(name).path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw NotFound(besides: own)
    }
}
