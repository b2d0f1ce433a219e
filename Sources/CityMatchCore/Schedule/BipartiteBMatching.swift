/// Maximum b-matching in a bipartite graph by maximum flow (Dinic).
enum BipartiteBMatching {
    /// The largest set of edges in which every left vertex `i` has at most
    /// `leftCapacity[i]` chosen edges and every right vertex `j` at most
    /// `rightCapacity[j]`. Returns, per edge, whether it is chosen.
    ///
    /// In a maximum b-matching no unchosen edge has spare capacity at both
    /// ends (adding it would be a larger one), which the scheduler's reasons
    /// rely on.
    ///
    /// - Complexity: O(E × √E) for unit-capacity edges in practice; O(V² E)
    ///   is Dinic's general bound. Deterministic: ties are broken by edge order.
    static func solve(
        leftCapacity: [Int], rightCapacity: [Int], left: [Int], right: [Int]
    ) -> [Bool] {
        let leftCount = leftCapacity.count, rightCount = rightCapacity.count
        let source = leftCount + rightCount, sink = source + 1
        var network = FlowNetwork(nodeCount: sink + 1)
        for i in 0..<leftCount where leftCapacity[i] > 0 {
            network.addArc(from: source, to: i, capacity: leftCapacity[i])
        }
        for j in 0..<rightCount where rightCapacity[j] > 0 {
            network.addArc(from: leftCount + j, to: sink, capacity: rightCapacity[j])
        }
        var arcOfEdge: [Int] = []
        arcOfEdge.reserveCapacity(left.count)
        for (i, j) in zip(left, right) {
            arcOfEdge.append(network.addArc(from: i, to: leftCount + j, capacity: 1))
        }
        network.maximumFlow(from: source, to: sink)
        return arcOfEdge.map { network.capacity[$0] == 0 }
    }
}

/// A residual network in adjacency-array form. Arc `k` and its reverse are
/// `k` and `k ^ 1`.
private struct FlowNetwork {
    var head: [Int]
    var next: [Int] = []
    var target: [Int] = []
    var capacity: [Int] = []

    init(nodeCount: Int) {
        head = Array(repeating: -1, count: nodeCount)
    }

    /// Adds an arc and its zero-capacity reverse; returns the forward arc.
    @discardableResult
    mutating func addArc(from u: Int, to v: Int, capacity c: Int) -> Int {
        let id = target.count
        target.append(v); capacity.append(c); next.append(head[u]); head[u] = id
        target.append(u); capacity.append(0); next.append(head[v]); head[v] = id + 1
        return id
    }

    mutating func maximumFlow(from source: Int, to sink: Int) {
        var level = Array(repeating: -1, count: head.count)
        var cursor = head
        while buildLevels(&level, source: source, sink: sink) {
            cursor = head
            while push(source, sink, Int.max, &level, &cursor) > 0 {}
        }
    }

    private func buildLevels(_ level: inout [Int], source: Int, sink: Int) -> Bool {
        for i in level.indices { level[i] = -1 }
        level[source] = 0
        var queue = [source], index = 0
        while index < queue.count {
            let u = queue[index]; index += 1
            var arc = head[u]
            while arc >= 0 {
                if capacity[arc] > 0 && level[target[arc]] < 0 {
                    level[target[arc]] = level[u] + 1
                    queue.append(target[arc])
                }
                arc = next[arc]
            }
        }
        return level[sink] >= 0
    }

    /// One augmenting path in the level graph. Recursion depth is bounded by
    /// the level of the sink, at most the number of nodes.
    private mutating func push(_ u: Int, _ sink: Int, _ limit: Int, _ level: inout [Int], _ cursor: inout [Int]) -> Int {
        if u == sink { return limit }
        while cursor[u] >= 0 {
            let arc = cursor[u]
            let v = target[arc]
            if capacity[arc] > 0 && level[v] == level[u] + 1 {
                let pushed = push(v, sink, min(limit, capacity[arc]), &level, &cursor)
                if pushed > 0 {
                    capacity[arc] -= pushed
                    capacity[arc ^ 1] += pushed
                    return pushed
                }
            }
            cursor[u] = next[arc]
        }
        // A dead end: no later path of this phase can use it.
        level[u] = -1
        return 0
    }
}
