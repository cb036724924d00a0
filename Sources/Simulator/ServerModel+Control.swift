/// Behaviour changes at the current simulated time, and what the server reports as its model and version.
extension ServerModel {
    /// Applies a command now; `unixNow` dates the counters' restart for `reset_counters`.
    @discardableResult
    mutating func apply(_ command: ControlCommand, unixNow: Double) throws(SimulatorError) -> Effect {
        switch command {
        case .deploy(let version, let latencyFactor, let errorRate):
            deployNumber += 1
            let minor = identity.initialMinor + deployNumber
            releases.append(
                Release(
                    label: version ?? "v1.\(minor).0",
                    latencyFactor: latencyFactor,
                    errorRate: errorRate ?? Self.baseErrorRate,
                    startedAt: now
                )
            )
        case .rollback:
            guard releases.count > 1 else {
                throw SimulatorError(
                    kind: .nothingToRollBack,
                    message:
                        "\(identity.name) runs its first release \(currentRelease.label); there is nothing to roll back"
                )
            }
            releases.removeLast()
            releases[releases.count - 1].startedAt = now
        case .drift(let factor):
            promptFactor = factor
        case .errors(let rate, let seconds):
            errorBurst = rate > 0 ? (rate, seconds.map { now + $0 }) : nil
        case .down(let mode, let seconds):
            if mode == .refuse { return .closeListener(seconds: seconds) }
            faultState = .down(until: seconds.map { now + $0 })
        case .up:
            faultState = .none
            return .openListener
        case .hang:
            faultState = .hang
        case .html:
            faultState = .html
        case .huge(let bytes):
            faultState = .huge(bytes: bytes)
        case .resetCounters:
            metrics = ServerMetrics(createdUnix: unixNow, experiments: experiments)
        case .modelName(let name):
            servedNameOverride = name
        case .pause, .resume:
            break
        }
        return .none
    }

    /// The model id the server lists (`/v1/models` id, vLLM `model_name` label, TGI `model_id`).
    var servedModel: String {
        if let servedNameOverride { return servedNameOverride }
        return identity.kind == .llamacpp ? modelPath : identity.model
    }

    /// llama.cpp's `-m` path, which names the release's GGUF file.
    var modelPath: String {
        let base = identity.model.split(separator: "/").last.map(String.init) ?? identity.model
        return "/models/\(base)-\(currentRelease.label)-Q4_K_M.gguf"
    }

    /// The version field a collector reads: vLLM `root`, TGI `model_sha`, llama.cpp `model_path`.
    var reportedVersion: String {
        switch identity.kind {
        case .vllm: return "/models/\(identity.model)/\(currentRelease.label)"
        case .tgi: return Self.sha(of: "\(identity.name)@\(currentRelease.label)")
        case .llamacpp: return modelPath
        }
    }

    /// A stable 40-hex-digit digest of a text, standing in for a Hugging Face revision sha.
    static func sha(of text: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
        }
        var generator = SeededGenerator(seed: hash)
        let words = (0..<3).map { _ in generator.next() }
        let hex = words.map { word in
            let digits = String(word, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
        return String(hex.joined().prefix(40))
    }
}
