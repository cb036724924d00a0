/// The model-server software a simulated server imitates; raw values are the config's `kind:` names.
public enum SimulatedKind: String, Sendable, CaseIterable, Codable {
    case vllm
    case tgi
    case llamacpp
}
