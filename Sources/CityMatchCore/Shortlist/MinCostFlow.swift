/// How `MinCostFlowNetwork.solve` organises its successive shortest paths.
public enum MinCostFlowStrategy: Sendable, Hashable {
    /// Textbook successive shortest paths: every augmentation is a shortest
    /// source → sink path. Each Dijkstra starts at the source, so it fans out
    /// over every arc leaving the source — fine for narrow sources, slow when
    /// the source feeds thousands of nodes and the flow has thousands of units.
    case singleSource
    /// Successive shortest paths over a pseudoflow: every arc leaving the
    /// source starts saturated, which puts the excess on the arcs' heads, and
    /// each head in turn ships its excess either on to the sink (and back to
    /// the source over a cost-0 bypass arc sink → source of capacity
    /// `flowLimit`) or straight back to the source, undoing the unit. Each
    /// Dijkstra starts at one head, so it only explores that head's
    /// neighbourhood. Only meaningful with `stopAtNonNegativePath: true`: it
    /// computes the cheapest flow of *any* value up to `flowLimit`.
    case perSourceArc
}

/// The outcome of `MinCostFlowNetwork.solve`.
public struct MinCostFlowSolution: Sendable, Hashable {
    /// The flow value leaving the source (net of anything entering it).
    public var flow: Int
    /// Σ flow(e) · cost(e) over all edges.
    public var cost: Double
    /// The flow on each edge, indexed by the id `addEdge` returned.
    public var edgeFlows: [Int]

    /// The flow on edge `edge`.
    ///
    /// - Complexity: O(1).
    public func flow(onEdge edge: Int) -> Int { edgeFlows[edge] }
}

/// A directed graph with integer capacities and `Double` costs, and an exact
/// minimum-cost flow solver over it (successive shortest paths with Johnson
/// potentials).
///
/// Potentials come from one SPFA (Bellman–Ford with a queue) pass, so initial
/// costs may be negative as long as no cycle reachable from the source has
/// negative total cost (a precondition, as for every SSP solver). After that
/// every shortest path is a Dijkstra with a binary heap over non-negative
/// reduced costs, stopped as soon as the target is settled.
///
/// Costs are `Double`, so "exact" means exact up to rounding: reduced costs
/// that rounding makes a hair negative are clamped to 0, and a path counts
/// as improving only when it gains more than `1e-12 × (1 + max |cost|)`.
/// With costs that are small multiples of a power of two (as in tests) all
/// arithmetic is exact.
public struct MinCostFlowNetwork: Sendable {
    /// The number of nodes; nodes are `0..<nodeCount`.
    public let nodeCount: Int

    // Edge `e` as given; the solver builds its own arc arrays from these.
    private var edgeFrom: [Int32] = []
    private var edgeTo: [Int32] = []
    private var edgeCapacity: [Int] = []
    private var edgeCost: [Double] = []

    /// The number of edges added so far.
    ///
    /// - Complexity: O(1).
    public var edgeCount: Int { edgeFrom.count }

    /// An edgeless network on `nodeCount` nodes, with room for
    /// `reservingEdges` edges.
    ///
    /// - Complexity: O(reservingEdges).
    public init(nodeCount: Int, reservingEdges: Int = 0) {
        precondition(nodeCount >= 0 && nodeCount < Int(Int32.max), "node count out of range")
        self.nodeCount = nodeCount
        edgeFrom.reserveCapacity(reservingEdges)
        edgeTo.reserveCapacity(reservingEdges)
        edgeCapacity.reserveCapacity(reservingEdges)
        edgeCost.reserveCapacity(reservingEdges)
    }

    /// Adds the edge `from → to` and returns its id (ids count up from 0).
    ///
    /// - Precondition: both nodes exist, `capacity >= 0`, `cost` is finite.
    /// - Complexity: amortised O(1).
    @discardableResult
    public mutating func addEdge(from: Int, to: Int, capacity: Int, cost: Double) -> Int {
        precondition(from >= 0 && from < nodeCount && to >= 0 && to < nodeCount, "node out of range")
        precondition(capacity >= 0, "capacity must be non-negative")
        precondition(cost.isFinite, "cost must be finite")
        precondition(edgeFrom.count < Int(Int32.max) / 2 - 2, "too many edges")
        edgeFrom.append(Int32(from))
        edgeTo.append(Int32(to))
        edgeCapacity.append(capacity)
        edgeCost.append(cost)
        return edgeFrom.count - 1
    }

    /// A minimum-cost flow from `source` to `sink`.
    ///
    /// - With `stopAtNonNegativePath == false`: the cheapest among the flows of
    ///   maximum value (capped at `flowLimit`).
    /// - With `stopAtNonNegativePath == true`: the cheapest flow of *any* value
    ///   up to `flowLimit`; with costs set to negated weights this is the
    ///   maximum-weight flow. SSP stops at the first augmenting path whose
    ///   cost is ≥ 0: SSP's flow after `f` units is a cheapest flow of value
    ///   `f`, and that cheapest cost is convex in `f` (successive shortest
    ///   path costs never decrease), so once one more unit stops paying, no
    ///   larger flow can pay either.
    ///
    /// `strategy` picks how the augmentations are organised (see
    /// `MinCostFlowStrategy`); both give an optimal flow. The default is
    /// `.perSourceArc` when stopping at non-negative paths, else `.singleSource`.
    ///
    /// - Precondition: `source != sink`; no negative-cost cycle is reachable
    ///   from `source` (with `.perSourceArc`, none through the sink → source
    ///   bypass either, which holds when every source → sink path has cost > −∞).
    /// - Complexity: O(E · L) for the potentials (L ≤ V SPFA rounds; one pass
    ///   on layered DAGs such as the shortlist network), then per augmentation
    ///   one Dijkstra, O(E' log E') where E' is the number of arcs it scans
    ///   before settling its target. Augmentations ≤ flow value (+ one per
    ///   source arc with `.perSourceArc`). Memory O(V + E).
    public func solve(
        source: Int,
        sink: Int,
        flowLimit: Int = Int.max,
        stopAtNonNegativePath: Bool = false,
        strategy: MinCostFlowStrategy? = nil
    ) -> MinCostFlowSolution {
        precondition(source >= 0 && source < nodeCount && sink >= 0 && sink < nodeCount, "node out of range")
        precondition(source != sink, "source and sink must differ")
        precondition(flowLimit >= 0, "flowLimit must be non-negative")
        let chosen = strategy ?? (stopAtNonNegativePath ? .perSourceArc : .singleSource)
        precondition(chosen == .singleSource || stopAtNonNegativePath,
                     ".perSourceArc computes the cheapest flow of any value; it needs stopAtNonNegativePath")
        var solver = SSPSolver(network: self, source: source, sink: sink, flowLimit: flowLimit,
                               bypass: chosen == .perSourceArc)
        switch chosen {
        case .singleSource: solver.runSingleSource(stopAtNonNegativePath: stopAtNonNegativePath)
        case .perSourceArc: solver.runPerSourceArc()
        }
        return solver.solution()
    }

    // The solver reads the edge list directly.
    fileprivate var edges: (from: [Int32], to: [Int32], capacity: [Int], cost: [Double]) {
        (edgeFrom, edgeTo, edgeCapacity, edgeCost)
    }
}

/// One heap entry: a tentative distance and its node (lazy deletion, so a
/// node may appear several times; stale entries are skipped on pop).
private struct HeapEntry {
    var key: Double
    var node: Int32

    // Ties go to the lower node id, so runs are reproducible.
    @inline(__always)
    func precedes(_ other: HeapEntry) -> Bool {
        key < other.key || (key == other.key && node < other.node)
    }
}

/// The residual graph in CSR order plus the Dijkstra workspace, kept
/// together so the hot loops see plain arrays.
private struct SSPSolver {
    let nodeCount: Int
    let source: Int
    let sink: Int
    let userEdgeCount: Int
    let flowLimit: Int
    /// The sink → source bypass arc of `.perSourceArc`, or -1. Potentials
    /// ignore it: with it, every negative source → sink path would close a
    /// negative cycle.
    var bypassArc = -1

    // Arc arrays in CSR order: the arcs leaving node v are
    // `arcStart[v] ..< arcStart[v + 1]`. Each edge has a forward arc and a
    // reverse arc (`arcReverse`) whose residual starts at 0.
    var arcStart: [Int32]
    var arcHead: [Int32]
    var arcCost: [Double]
    var arcResidual: [Int]
    var arcReverse: [Int32]
    /// Position of each edge's forward arc (user edges, then the bypass).
    var edgeArc: [Int32]
    let edgeCapacity: [Int]
    let edgeCost: [Double]

    var potential: [Double]
    var excess: [Int]

    // Dijkstra workspace, reset lazily via `stamp` so a local search costs
    // only what it touches.
    var distance: [Double]
    var parentArc: [Int32]
    var stamp: [UInt32]
    var settledStamp: [UInt32]
    var currentStamp: UInt32 = 0
    var settledNodes: [Int32] = []
    var heap: [HeapEntry] = []

    /// Gains smaller than this are treated as rounding noise.
    let tolerance: Double

    init(network: MinCostFlowNetwork, source: Int, sink: Int, flowLimit: Int, bypass: Bool) {
        let n = network.nodeCount
        var (from, to, capacity, cost) = network.edges
        userEdgeCount = from.count
        self.flowLimit = flowLimit
        if bypass {
            // sink → source at cost 0: shipping excess through it is the flow
            // that "really" reaches the sink.
            from.append(Int32(sink))
            to.append(Int32(source))
            capacity.append(flowLimit)
            cost.append(0)
        }
        nodeCount = n
        self.source = source
        self.sink = sink
        edgeCapacity = capacity
        edgeCost = cost
        var maxAbsCost = 0.0
        for c in cost { maxAbsCost = max(maxAbsCost, abs(c)) }
        tolerance = 1e-12 * (1 + maxAbsCost)

        // Counting sort of the 2E arcs by tail.
        let edgeTotal = from.count
        var start = [Int32](repeating: 0, count: n + 1)
        for e in 0..<edgeTotal {
            start[Int(from[e]) + 1] += 1
            start[Int(to[e]) + 1] += 1
        }
        for v in 0..<n { start[v + 1] += start[v] }
        var fill = start
        let arcTotal = 2 * edgeTotal
        var head = [Int32](repeating: 0, count: arcTotal)
        var arcCost = [Double](repeating: 0, count: arcTotal)
        var residual = [Int](repeating: 0, count: arcTotal)
        var reverse = [Int32](repeating: 0, count: arcTotal)
        var edgeArc = [Int32](repeating: 0, count: edgeTotal)
        for e in 0..<edgeTotal {
            let u = Int(from[e]), v = Int(to[e])
            let forward = fill[u]; fill[u] += 1
            let backward = fill[v]; fill[v] += 1
            head[Int(forward)] = Int32(v)
            head[Int(backward)] = Int32(u)
            arcCost[Int(forward)] = cost[e]
            arcCost[Int(backward)] = -cost[e]
            residual[Int(forward)] = capacity[e]
            reverse[Int(forward)] = backward
            reverse[Int(backward)] = forward
            edgeArc[e] = forward
        }
        arcStart = start
        if bypass { bypassArc = Int(edgeArc[edgeTotal - 1]) }
        arcHead = head
        self.arcCost = arcCost
        arcResidual = residual
        arcReverse = reverse
        self.edgeArc = edgeArc

        potential = [Double](repeating: 0, count: n)
        excess = [Int](repeating: 0, count: n)
        distance = [Double](repeating: .infinity, count: n)
        parentArc = [Int32](repeating: -1, count: n)
        stamp = [UInt32](repeating: 0, count: n)
        settledStamp = [UInt32](repeating: 0, count: n)
        settledNodes.reserveCapacity(64)
        heap.reserveCapacity(64)
    }

    // MARK: Potentials

    /// Shortest distances from the source over arcs with residual capacity
    /// (SPFA). Unreachable nodes keep potential 0: nothing reachable from the
    /// source can ever reach them, so their potential is never read.
    mutating func initialisePotentials() -> [Bool] {
        var dist = [Double](repeating: .infinity, count: nodeCount)
        var inQueue = [Bool](repeating: false, count: nodeCount)
        var queue = [Int32](repeating: 0, count: nodeCount + 1)
        var head = 0, tail = 0, queued = 0
        var relaxations = 0
        let relaxationLimit = max(1, nodeCount) * max(1, arcHead.count)
        dist[source] = 0
        queue[tail] = Int32(source); tail = (tail + 1) % queue.count; queued = 1
        inQueue[source] = true
        while queued > 0 {
            let u = Int(queue[head]); head = (head + 1) % queue.count; queued -= 1
            inQueue[u] = false
            let du = dist[u]
            for a in Int(arcStart[u])..<Int(arcStart[u + 1]) where arcResidual[a] > 0 && a != bypassArc {
                let v = Int(arcHead[a])
                let candidate = du + arcCost[a]
                if candidate < dist[v] {
                    dist[v] = candidate
                    if !inQueue[v] {
                        inQueue[v] = true
                        queue[tail] = Int32(v); tail = (tail + 1) % queue.count; queued += 1
                    }
                }
                relaxations += 1
            }
            // Beyond V·E relaxations Bellman–Ford would have converged.
            precondition(relaxations <= relaxationLimit, "negative-cost cycle reachable from the source")
        }
        var reachable = [Bool](repeating: false, count: nodeCount)
        for v in 0..<nodeCount where dist[v].isFinite {
            potential[v] = dist[v]
            reachable[v] = true
        }
        return reachable
    }

    // MARK: Dijkstra

    /// Shortest reduced-cost paths from `start` until `target` is settled.
    /// Returns false when `target` is unreachable. Afterwards the potentials are updated so every residual
    /// arc keeps a non-negative reduced cost and the found path's arcs have
    /// reduced cost 0: settled nodes move by `d(v) − d(target)`, the rest by
    /// 0 (the usual `π + min(d, d(target))`, shifted by a constant).
    mutating func shortestPath(from start: Int, to target: Int) -> Bool {
        currentStamp &+= 1
        if currentStamp == 0 {
            // Wrapped: clear the stamps once in 2³² searches.
            for i in stamp.indices { stamp[i] = 0; settledStamp[i] = 0 }
            currentStamp = 1
        }
        let now = currentStamp
        settledNodes.removeAll(keepingCapacity: true)
        heap.removeAll(keepingCapacity: true)
        distance[start] = 0
        parentArc[start] = -1
        stamp[start] = now
        heapPush(HeapEntry(key: 0, node: Int32(start)))
        var found = false
        while let top = heapPop() {
            let u = Int(top.node)
            if settledStamp[u] == now || top.key > distance[u] { continue }
            settledStamp[u] = now
            settledNodes.append(top.node)
            if u == target { found = true; break }
            relaxArcs(of: u, distanceOfU: top.key, now: now)
        }
        guard found else {
            // No path: potentials are left alone, the caller stops.
            return false
        }
        let reach = distance[target]
        for v in settledNodes {
            potential[Int(v)] += distance[Int(v)] - reach
        }
        return true
    }

    /// The inner loop of every Dijkstra.
    @inline(__always)
    mutating func relaxArcs(of u: Int, distanceOfU du: Double, now: UInt32) {
        let pu = potential[u]
        for a in Int(arcStart[u])..<Int(arcStart[u + 1]) where arcResidual[a] > 0 {
            let v = Int(arcHead[a])
            if settledStamp[v] == now { continue }
            // Rounding may leave a reduced cost a hair below 0; clamping keeps
            // Dijkstra's invariant at a cost of at most that hair.
            let reduced = max(0, arcCost[a] + pu - potential[v])
            let candidate = du + reduced
            if stamp[v] != now || candidate < distance[v] {
                stamp[v] = now
                distance[v] = candidate
                parentArc[v] = Int32(a)
                heapPush(HeapEntry(key: candidate, node: Int32(v)))
            }
        }
    }

    @inline(__always)
    mutating func heapPush(_ entry: HeapEntry) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entry.precedes(heap[parent]) else { break }
            heap[child] = heap[parent]
            child = parent
        }
        heap[child] = entry
    }

    @inline(__always)
    mutating func heapPop() -> HeapEntry? {
        guard let last = heap.popLast() else { return nil }
        guard !heap.isEmpty else { return last }
        let top = heap[0]
        let count = heap.count
        var parent = 0
        while true {
            var child = 2 * parent + 1
            if child >= count { break }
            if child + 1 < count && heap[child + 1].precedes(heap[child]) { child += 1 }
            guard heap[child].precedes(last) else { break }
            heap[parent] = heap[child]
            parent = child
        }
        heap[parent] = last
        return top
    }

    // MARK: Augmentation

    /// The residual bottleneck of the path ending at `target`, capped at `cap`.
    func bottleneck(from start: Int, to target: Int, cap: Int) -> Int {
        var amount = cap
        var v = target
        while v != start {
            let a = Int(parentArc[v])
            amount = min(amount, arcResidual[a])
            v = Int(arcHead[Int(arcReverse[a])])
        }
        return amount
    }

    mutating func augment(from start: Int, to target: Int, amount: Int) {
        var v = target
        while v != start {
            let a = Int(parentArc[v])
            arcResidual[a] -= amount
            arcResidual[Int(arcReverse[a])] += amount
            v = Int(arcHead[Int(arcReverse[a])])
        }
    }

    /// The true (not reduced) cost of the path Dijkstra just found.
    func pathCost(from start: Int, to target: Int) -> Double {
        // Potentials were already updated, so the path's reduced cost is 0
        // and its true cost is π(target) − π(start).
        potential[target] - potential[start]
    }

    // MARK: Strategies

    mutating func runSingleSource(stopAtNonNegativePath: Bool) {
        _ = initialisePotentials()
        var shipped = 0
        while shipped < flowLimit, shortestPath(from: source, to: sink) {
            // SSP's cost after f units is the cheapest for value f, and that
            // is convex in f: path costs never decrease, so the first path
            // that does not pay ends the search for the cheapest flow of any value.
            if stopAtNonNegativePath && pathCost(from: source, to: sink) >= -tolerance { break }
            let amount = bottleneck(from: source, to: sink, cap: flowLimit - shipped)
            augment(from: source, to: sink, amount: amount)
            shipped += amount
        }
    }

    mutating func runPerSourceArc() {
        let reachable = initialisePotentials()
        // Saturate every arc leaving the source. That pseudoflow is optimal
        // for reduced costs once π(source) is low enough that every saturated
        // arc has reduced cost ≤ 0 and every arc *into* the source (its
        // reverses, user arcs, the bypass) has reduced cost ≥ 0; the source
        // is only ever a Dijkstra target, so lowering π(source) is free.
        var low = potential[source]
        for a in Int(arcStart[source])..<Int(arcStart[source + 1]) {
            let v = Int(arcHead[a])
            if v == source { continue }
            let opposite = Int(arcReverse[a])
            if arcResidual[a] > 0 {
                // source → v, about to be saturated.
                low = min(low, potential[v] - arcCost[a])
            } else if arcResidual[opposite] > 0 && reachable[v] {
                // v → source with residual capacity (a user edge or the bypass).
                low = min(low, potential[v] + arcCost[opposite])
            }
        }
        potential[source] = low
        var heads: [Int32] = []
        for a in Int(arcStart[source])..<Int(arcStart[source + 1]) where arcResidual[a] > 0 {
            let v = Int(arcHead[a])
            if v == source { continue }
            let amount = arcResidual[a]
            arcResidual[a] = 0
            arcResidual[Int(arcReverse[a])] += amount
            if excess[v] == 0 { heads.append(Int32(v)) }
            excess[v] += amount
        }
        // Each head routes its excess along shortest paths to the source's
        // deficit: general SSP over a pseudoflow, which keeps every reduced
        // cost ≥ 0 after each augmentation, so the final circulation (network
        // + cost-0 bypass) is optimal. A unit that would only lose money takes
        // the reverse of its own source arc instead (cost 0 net), which is the
        // "stop at non-negative paths" rule applied per head. Heads go in arc
        // order, i.e. edge-insertion order: deterministic.
        for h in heads {
            let v = Int(h)
            while excess[v] > 0 {
                // The zero flow is feasible, so a path back to the source
                // always exists (at worst the reverse of a saturated arc).
                let found = shortestPath(from: v, to: source)
                precondition(found, "excess with no way back to the source")
                let amount = bottleneck(from: v, to: source, cap: excess[v])
                augment(from: v, to: source, amount: amount)
                excess[v] -= amount
            }
        }
    }

    func solution() -> MinCostFlowSolution {
        var flows = [Int](repeating: 0, count: userEdgeCount)
        var cost = 0.0
        for e in 0..<userEdgeCount {
            let f = edgeCapacity[e] - arcResidual[Int(edgeArc[e])]
            flows[e] = f
            if f != 0 { cost += Double(f) * edgeCost[e] }
        }
        return MinCostFlowSolution(flow: netOutflow(flows: flows), cost: cost, edgeFlows: flows)
    }

    func netOutflow(flows: [Int]) -> Int {
        var net = 0
        for e in 0..<userEdgeCount {
            let arc = Int(edgeArc[e])
            let tail = Int(arcHead[Int(arcReverse[arc])])
            let headNode = Int(arcHead[arc])
            if tail == source && headNode != source { net += flows[e] }
            if headNode == source && tail != source { net -= flows[e] }
        }
        return net
    }
}
