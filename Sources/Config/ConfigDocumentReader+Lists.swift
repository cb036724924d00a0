import Yams

extension ConfigDocumentReader {
    /// The items of a list section (`deployments:`, `pricing:`, `experiments.list:`), each read
    /// with its 1-based position and kept with its node; an absent or null section is empty.
    /// - Parameter hint: what to write instead of a non-list, such as "start each deployment
    ///   with '- name:'".
    func listItems<Item>(
        _ node: Node?,
        _ key: String,
        hint: String,
        readItem: (Node, Int) throws(ConfigError) -> Item
    ) throws(ConfigError) -> [(node: Node, item: Item)] {
        guard let node, !isNull(node) else {
            return []
        }
        guard case .sequence(let sequence) = node else {
            throw error(at: node, .wrongType, "'\(key)' must be a list, got \(describe(node)); \(hint)")
        }
        var items: [(node: Node, item: Item)] = []
        for (index, itemNode) in sequence.enumerated() {
            items.append((itemNode, try readItem(itemNode, index + 1)))
        }
        return items
    }

    /// The entries of a list section whose entries are named by `name:`, refusing a name given
    /// twice at the second one.
    /// - Parameter noun: what an entry is, "deployment" or "experiment".
    func namedItems<Item>(
        _ node: Node?,
        _ key: String,
        noun: String,
        name: (Item) -> String,
        readItem: (Node, Int) throws(ConfigError) -> Item
    ) throws(ConfigError) -> [Item] {
        let items = try listItems(node, key, hint: "start each \(noun) with '- name:'", readItem: readItem)
        try rejectDuplicates(
            items,
            key: name,
            at: { $0.mapping?["name"] ?? $0 },
            message: {
                "duplicate \(noun) name '\(name($0))' (first defined on line \($1)); give each \(noun) a unique name"
            }
        )
        return items.map(\.item)
    }

    /// Refuses the second of two items with the same key, at the node `place` picks in it.
    /// - Parameter message: the message for an item whose key was first seen on a line.
    func rejectDuplicates<Item, Key: Hashable>(
        _ items: [(node: Node, item: Item)],
        key: (Item) -> Key,
        at place: (Node) -> Node,
        message: (Item, Int) -> String
    ) throws(ConfigError) {
        var firstLines: [Key: Int] = [:]
        for (node, item) in items {
            let located = place(node)
            if let firstLine = firstLines[key(item)] {
                throw error(at: located, .duplicateName, message(item, firstLine))
            }
            firstLines[key(item)] = located.mark?.line ?? 0
        }
    }
}

extension ConfigDocumentReader {
    /// How messages name a list entry: `naming` of its name (`in deployment 'chat-prod'`), or
    /// `in deployment #2` while it has none; refuses an entry that is not a mapping.
    /// - Parameter shape: what a mapping entry holds, such as "at least 'name' and 'url'".
    func entryContext(
        _ node: Node,
        label: String,
        nameKey: String,
        shape: String,
        naming: (String) -> String
    ) throws(ConfigError) -> String {
        guard case .mapping(let raw) = node else {
            throw error(at: node, .wrongType, "\(label) must be a mapping with \(shape), got \(describe(node))")
        }
        return raw[nameKey].flatMap { $0.scalar?.string }.map(naming) ?? "in \(label)"
    }
}
