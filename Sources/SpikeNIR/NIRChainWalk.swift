/// The nodes of a graph as one chain from its Input to its Output, or the reason the engine cannot run it:
/// nested graphs (recurrent subgraphs), cycles, branches, merges and nodes off the chain are refused.
enum NIRChainWalk {
    static func chain(_ graph: NIRGraph) throws(NIRError) -> [(name: String, node: NIRNode)] {
        for (name, node) in graph.nodes.sorted(by: { $0.key < $1.key }) where node.subgraph != nil {
            throw .unsupported(node: name, type: "NIRGraph", reason: "nested graphs (recurrent layers such as snnTorch's "
                               + "RLeaky/RSynaptic) do not run on the feed-forward engine")
        }
        for edge in graph.edges {
            for end in [edge.from, edge.to] where graph.nodes[end] == nil {
                throw .graphShape(reason: "edge \(edge.from) → \(edge.to) names '\(end)', which is not a node")
            }
        }
        let inputs = graph.nodes.filter { $0.value.type == "Input" }.map(\.key).sorted()
        guard inputs.count == 1, let start = inputs.first else {
            throw .graphShape(reason: "it has \(inputs.count) Input nodes; the engine runs graphs with exactly one")
        }
        var outgoing: [String: [String]] = [:], incoming: [String: [String]] = [:]
        for edge in Set(graph.edges) {
            outgoing[edge.from, default: []].append(edge.to)
            incoming[edge.to, default: []].append(edge.from)
        }
        if let looped = cycleMember(nodes: Array(graph.nodes.keys), outgoing: outgoing) {
            throw .graphShape(reason: "it has a cycle through '\(looped)' (\(graph.nodes[looped]!.type)); the engine runs "
                              + "feed-forward chains")
        }
        var chain: [(name: String, node: NIRNode)] = []
        var seen: Set<String> = []
        var current = start
        while true {
            let node = graph.nodes[current]!
            guard seen.insert(current).inserted else {
                throw .graphShape(reason: "it has a cycle through '\(current)' (\(node.type)); the engine runs feed-forward chains")
            }
            if let sources = incoming[current], sources.count > 1 {
                throw .unsupported(node: current, type: node.type, reason: "it merges \(sources.count) inputs "
                                   + "(\(sources.sorted().joined(separator: ", "))); the engine runs one chain")
            }
            chain.append((current, node))
            if node.type == "Output" { break }
            let next = (outgoing[current] ?? []).sorted()
            guard next.count == 1 else {
                throw next.isEmpty
                    ? .graphShape(reason: "'\(current)' (\(node.type)) leads nowhere: no chain reaches an Output node")
                    : .unsupported(node: current, type: node.type,
                                   reason: "it branches to \(next.joined(separator: ", ")); the engine runs one chain")
            }
            current = next[0]
        }
        if let stray = graph.nodes.keys.filter({ !seen.contains($0) }).sorted().first {
            throw .unsupported(node: stray, type: graph.nodes[stray]!.type, reason: "it is not on the chain from the Input to the Output")
        }
        return chain
    }

    /// A node on a cycle, if any (what is left after repeatedly removing nodes without incoming edges).
    static func cycleMember(nodes: [String], outgoing: [String: [String]]) -> String? {
        var indegree = Dictionary(uniqueKeysWithValues: nodes.map { ($0, 0) })
        for targets in outgoing.values { for t in targets { indegree[t, default: 0] += 1 } }
        var ready = indegree.filter { $0.value == 0 }.map(\.key)
        while let node = ready.popLast() {
            indegree[node] = nil
            for t in outgoing[node] ?? [] {
                indegree[t]! -= 1
                if indegree[t] == 0 { ready.append(t) }
            }
        }
        return indegree.keys.sorted().first
    }
}
