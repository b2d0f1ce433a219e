import Testing
@testable import CityMatchCore

/// A random small graph and the exhaustive answers to check the solver with.
private struct TinyFlowCase {
    var nodeCount: Int
    var edges: [(from: Int, to: Int, capacity: Int, cost: Double)]
    var source: Int { 0 }
    var sink: Int { nodeCount - 1 }

    /// Every feasible flow (capacities and conservation away from source and
    /// sink) as (value, cost).
    func allFlows() -> [(value: Int, cost: Double)] {
        var results: [(Int, Double)] = []
        var flows = [Int](repeating: 0, count: edges.count)
        func visit(_ e: Int) {
            if e == edges.count {
                var balance = [Int](repeating: 0, count: nodeCount)
                var cost = 0.0
                for (i, edge) in edges.enumerated() {
                    balance[edge.from] -= flows[i]
                    balance[edge.to] += flows[i]
                    cost += Double(flows[i]) * edge.cost
                }
                for v in 0..<nodeCount where v != source && v != sink && balance[v] != 0 { return }
                results.append((-balance[source], cost))
                return
            }
            for f in 0...edges[e].capacity {
                flows[e] = f
                visit(e + 1)
            }
            flows[e] = 0
        }
        visit(0)
        return results
    }

    var network: MinCostFlowNetwork {
        var network = MinCostFlowNetwork(nodeCount: nodeCount)
        for edge in edges { network.addEdge(from: edge.from, to: edge.to, capacity: edge.capacity, cost: edge.cost) }
        return network
    }

    /// The solution's edge flows are feasible and add up to its value and cost.
    func check(_ solution: MinCostFlowSolution, _ label: String) {
        var balance = [Int](repeating: 0, count: nodeCount)
        var cost = 0.0
        for (i, edge) in edges.enumerated() {
            let f = solution.flow(onEdge: i)
            #expect(f >= 0 && f <= edge.capacity, "\(label) edge \(i)")
            balance[edge.from] -= f
            balance[edge.to] += f
            cost += Double(f) * edge.cost
        }
        for v in 0..<nodeCount where v != source && v != sink {
            #expect(balance[v] == 0, "\(label) conservation at \(v)")
        }
        #expect(-balance[source] == solution.flow, "\(label)")
        #expect(cost == solution.cost, "\(label)")
    }
}

@Suite struct MinCostFlowTests {
    /// s=0, t=3. Every unit of the maximum flow (3) is forced, so the
    /// cheapest maximum flow is the only one: cost 2·1 + 2 + 1 + 3 + 2·1 = 10.
    @Test func handComputedNetwork() {
        var network = MinCostFlowNetwork(nodeCount: 4)
        let s1 = network.addEdge(from: 0, to: 1, capacity: 2, cost: 1)
        let s2 = network.addEdge(from: 0, to: 2, capacity: 1, cost: 2)
        let a12 = network.addEdge(from: 1, to: 2, capacity: 1, cost: 1)
        let a13 = network.addEdge(from: 1, to: 3, capacity: 1, cost: 3)
        let a23 = network.addEdge(from: 2, to: 3, capacity: 2, cost: 1)
        let full = network.solve(source: 0, sink: 3)
        #expect(full.flow == 3)
        #expect(full.cost == 10)
        #expect([s1, s2, a12, a13, a23].map(full.flow(onEdge:)) == [2, 1, 1, 1, 2])
        // Two units: both cost-3 paths (s→2→t and s→1→2→t), never the cost-4 one.
        let two = network.solve(source: 0, sink: 3, flowLimit: 2)
        #expect(two.flow == 2 && two.cost == 6)
        #expect(two.flow(onEdge: a13) == 0)
    }

    /// Costs −5 and +2 on two parallel routes: the cheapest flow of any
    /// value ships one unit; the cheapest maximum flow must also pay +2.
    @Test func stopsAtNonNegativePaths() {
        var network = MinCostFlowNetwork(nodeCount: 4)
        network.addEdge(from: 0, to: 1, capacity: 1, cost: 0)
        network.addEdge(from: 0, to: 2, capacity: 1, cost: 0)
        network.addEdge(from: 1, to: 3, capacity: 1, cost: -5)
        network.addEdge(from: 2, to: 3, capacity: 1, cost: 2)
        let maximum = network.solve(source: 0, sink: 3)
        #expect(maximum.flow == 2 && maximum.cost == -3)
        for strategy in [MinCostFlowStrategy.singleSource, .perSourceArc] {
            let any = network.solve(source: 0, sink: 3, stopAtNonNegativePath: true, strategy: strategy)
            #expect(any.flow == 1 && any.cost == -5, "\(strategy)")
            #expect(any.edgeFlows == [1, 0, 1, 0], "\(strategy)")
            let none = network.solve(source: 0, sink: 3, flowLimit: 0, stopAtNonNegativePath: true, strategy: strategy)
            #expect(none.flow == 0 && none.cost == 0, "\(strategy)")
        }
    }

    /// A rerouting case: the second unit must push the first one back
    /// across the middle edge (a residual reverse arc with negative cost).
    @Test func usesReverseArcs() {
        // s=0 → 1, 2; 1 → 2 → t is the cheap route; 1 → t and 2 → t direct.
        var network = MinCostFlowNetwork(nodeCount: 4)
        network.addEdge(from: 0, to: 1, capacity: 1, cost: 0)
        network.addEdge(from: 0, to: 2, capacity: 1, cost: 0)
        network.addEdge(from: 1, to: 2, capacity: 1, cost: -4)
        network.addEdge(from: 1, to: 3, capacity: 1, cost: -1)
        network.addEdge(from: 2, to: 3, capacity: 1, cost: -2)
        // Best: 1 → t (−1) and 2 → t (−2) = −3, versus 1 → 2 → t alone = −6.
        for strategy in [MinCostFlowStrategy.singleSource, .perSourceArc] {
            let any = network.solve(source: 0, sink: 3, stopAtNonNegativePath: true, strategy: strategy)
            #expect(any.cost == -6, "\(strategy)")
        }
        let maximum = network.solve(source: 0, sink: 3)
        #expect(maximum.flow == 2 && maximum.cost == -3)
    }

    @Test func matchesExhaustiveSearchOnRandomGraphs() {
        var rng = SplitMix64(seed: 2024)
        for trial in 0..<400 {
            let n = 2 + rng.nextInt(below: 5)
            let edgeCount = 1 + rng.nextInt(below: 8)
            let dag = trial.isMultiple(of: 2)
            var edges: [(from: Int, to: Int, capacity: Int, cost: Double)] = []
            for _ in 0..<edgeCount {
                var u = rng.nextInt(below: n), v = rng.nextInt(below: n)
                if u == v { continue }
                if dag && u > v { swap(&u, &v) }
                if !dag && u == n - 1 { continue } // the sink has no way out
                // Quarter steps: every sum below is exact in Double.
                var cost = Double(rng.nextInt(below: 17) - 8) * 0.25
                // Without the DAG shape, only arcs into the sink may be
                // negative, so no negative cycle can exist.
                if !dag && v != n - 1 { cost = abs(cost) }
                edges.append((u, v, rng.nextInt(below: 3), cost))
            }
            let instance = TinyFlowCase(nodeCount: n, edges: edges)
            let flows = instance.allFlows()
            let network = instance.network
            let limit = rng.nextInt(below: 4) == 0 ? rng.nextInt(below: 3) : Int.max
            let allowed = flows.filter { $0.value >= 0 && $0.value <= limit }
            let maxValue = allowed.map(\.value).max()!
            let bestAtMax = allowed.filter { $0.value == maxValue }.map(\.cost).min()!
            let bestAny = allowed.map(\.cost).min()!

            let maximum = network.solve(source: 0, sink: n - 1, flowLimit: limit)
            instance.check(maximum, "trial \(trial) max")
            #expect(maximum.flow == maxValue, "trial \(trial)")
            #expect(maximum.cost == bestAtMax, "trial \(trial)")
            for strategy in [MinCostFlowStrategy.singleSource, .perSourceArc] {
                let any = network.solve(source: 0, sink: n - 1, flowLimit: limit,
                                        stopAtNonNegativePath: true, strategy: strategy)
                instance.check(any, "trial \(trial) \(strategy)")
                #expect(any.cost == bestAny, "trial \(trial) \(strategy)")
                #expect(any.flow <= limit, "trial \(trial) \(strategy)")
            }
        }
    }

    @Test func emptyAndDisconnectedNetworks() {
        let empty = MinCostFlowNetwork(nodeCount: 2)
        #expect(empty.solve(source: 0, sink: 1).flow == 0)
        #expect(empty.solve(source: 0, sink: 1, stopAtNonNegativePath: true).flow == 0)
        var cut = MinCostFlowNetwork(nodeCount: 4)
        cut.addEdge(from: 0, to: 1, capacity: 3, cost: -1)
        cut.addEdge(from: 2, to: 3, capacity: 3, cost: -1)
        let solution = cut.solve(source: 0, sink: 3, stopAtNonNegativePath: true)
        #expect(solution.flow == 0 && solution.cost == 0 && solution.edgeFlows == [0, 0])
    }
}
