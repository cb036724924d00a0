/// The model-server family a deployment runs, which decides the adapter the collector uses.
public enum ServerKind: String, Sendable, CaseIterable, Codable {
    case vllm, tgi, llamacpp, triton, sglang, ollama, litellm, openai, prometheus
}
