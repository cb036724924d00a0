import Config
import Foundation

/// Recognises a server's kind from its metric names and, when those do not tell, its JSON endpoints.
public enum KindDetector {
    /// Metric name prefixes in the order they are checked: Triton first, since its vLLM backend
    /// re-publishes `vllm:` names next to its own `nv_` ones.
    static let prefixes: [(prefix: String, kind: ServerKind)] = [
        ("nv_inference_", .triton),
        ("vllm:", .vllm),
        ("sglang:", .sglang),
        ("tgi_", .tgi),
        ("llamacpp:", .llamacpp),
        ("litellm_", .litellm),
    ]

    /// The kind named by the metric families, or nil when no known prefix appears.
    public static func kind(from index: FamilyIndex) -> ServerKind? {
        prefixes.first { index.hasFamily(prefixed: $0.prefix) }?.kind
    }

    /// Endpoints probed, in order, when metrics do not identify the server, with the test each
    /// answer must pass.
    static let probes: [(path: String, kind: ServerKind, matches: @Sendable ([String: Any]) -> Bool)] = [
        ("/v2", .triton, { ($0["name"] as? String) == "triton" }),
        ("/info", .tgi, { $0["model_id"] != nil && $0["max_total_tokens"] != nil }),
        ("/props", .llamacpp, { $0["default_generation_settings"] != nil || $0["total_slots"] != nil }),
        ("/get_model_info", .sglang, { $0["model_path"] != nil }),
        ("/api/version", .ollama, { $0["version"] != nil }),
        ("/v1/models", .openai, { $0["data"] is [Any] }),
    ]

    /// Which probe paths answered as which kind: the first path whose JSON object passes its test.
    static func kind(fromProbes answers: [String: Data]) -> ServerKind? {
        for probe in probes {
            guard let data = answers[probe.path],
                let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
            else { continue }
            if probe.matches(object) { return probe.kind }
        }
        return nil
    }
}
