/// The panes the console switches between with Tab and the number keys.
public enum Pane: Int, Sendable, CaseIterable, Equatable {
    case fleet = 1
    case latency = 2
    case detail = 3

    public var title: String {
        switch self {
        case .fleet: "Fleet"
        case .latency: "Latency"
        case .detail: "Detail"
        }
    }
}
