/// Placing meetings when participants can attend only some slots: list edge
/// colouring of a bipartite graph, maximising the number of coloured edges.
///
/// Deciding whether every edge can be coloured from its list is NP-complete
/// even for bipartite graphs, so this is a heuristic with an exact fallback:
///
/// 1. Greedy: meetings with the fewest common slots first; each takes the
///    common free slot that the still-pending meetings of its two participants
///    want least.
/// 2. Improvement: for each unplaced meeting and each slot `a` both can
///    attend, try to free `a` at both participants with at most one Kempe
///    chain exchange on each side, accepting an exchange only if every moved
///    meeting stays inside its own list; failing that, evict the meetings
///    blocking `a` and keep the move if each evicted one is re-placed the
///    same way. Repeated until a pass places nothing.
/// 3. Exact: every connected component with at most `exactEdgeLimit`
///    schedulable meetings that is not already complete is solved by branch
///    and bound, seeded with the heuristic's count.
enum ListEdgeScheduling {
    /// Components up to this many meetings get the exact search.
    static let exactEdgeLimit = 40
    /// Search nodes allowed per component before giving up on a proof.
    static let exactNodeBudget = 2_000_000

    /// Fills `board` (which must be empty) and returns whether the result is
    /// proven to place the largest possible number of edges. Components of at
    /// most `exactLimit` edges get the exact search (0 turns it off).
    ///
    /// `lists[e]` holds the slots edge `e` may use (ascending) and
    /// `allowed[w * slotCount + s]` whether vertex `w` may use slot `s`;
    /// `isCity[w]` tells the two sides apart.
    ///
    /// - Complexity: greedy O(E × N); each improvement pass
    ///   O(U × N × (N² × L + V × N)) for U unplaced edges, N slots, V vertices
    ///   and chains of length L, with at most E
    ///   passes (each but the last places an edge); the exact search at most
    ///   `exactNodeBudget` nodes of O(k × N) per small component of k edges.
    static func schedule(
        _ board: inout SlotBoard, lists: [[Int]], allowed: [Bool], isCity: [Bool], exactLimit: Int
    ) -> Bool {
        greedy(&board, lists: lists, vertexCount: isCity.count)
        while improvePass(&board, lists: lists, allowed: allowed) {}
        var proven = exactComponents(&board, lists: lists, allowed: allowed, isCity: isCity, limit: exactLimit)
        if !proven {
            // A relaxation: ignore which slot, keep only how many each can
            // attend. Reaching its optimum proves the heuristic optimal.
            let n = board.slotCount
            let capacity = isCity.indices.map { w in (0..<n).reduce(0) { $0 + (allowed[w * n + $1] ? 1 : 0) } }
            let cityCount = isCity.lazy.filter { $0 }.count
            let feasible = lists.indices.filter { !lists[$0].isEmpty }
            let chosen = BipartiteBMatching.solve(
                leftCapacity: Array(capacity[..<cityCount]), rightCapacity: Array(capacity[cityCount...]),
                left: feasible.map { board.first[$0] }, right: feasible.map { board.second[$0] - cityCount })
            let bound = chosen.lazy.filter { $0 }.count
            proven = board.slotOf.lazy.filter { $0 >= 0 }.count == bound
        }
        return proven
    }

    // MARK: Greedy

    private static func greedy(_ board: inout SlotBoard, lists: [[Int]], vertexCount: Int) {
        let n = board.slotCount
        var degree = Array(repeating: 0, count: vertexCount)
        for e in lists.indices where !lists[e].isEmpty {
            degree[board.first[e]] += 1
            degree[board.second[e]] += 1
        }
        // Tightest meetings first; among equals, busier participants first,
        // since their meetings compete for more of the same slots.
        let order = lists.indices.filter { !lists[$0].isEmpty }.sorted { x, y in
            if lists[x].count != lists[y].count { return lists[x].count < lists[y].count }
            let dx = degree[board.first[x]] + degree[board.second[x]]
            let dy = degree[board.first[y]] + degree[board.second[y]]
            return dx != dy ? dx > dy : x < y
        }
        // demand[w * n + s]: pending meetings of w that could use slot s.
        var demand = Array(repeating: 0, count: vertexCount * n)
        for e in order {
            for s in lists[e] {
                demand[board.first[e] * n + s] += 1
                demand[board.second[e] * n + s] += 1
            }
        }
        for e in order {
            let u = board.first[e], v = board.second[e]
            var bestSlot = -1, bestDemand = Int.max
            for s in lists[e] {
                demand[u * n + s] -= 1
                demand[v * n + s] -= 1
                guard board.isFree(u, s) && board.isFree(v, s) else { continue }
                let want = demand[u * n + s] + demand[v * n + s]
                if want < bestDemand { bestSlot = s; bestDemand = want }
            }
            if bestSlot >= 0 { board.place(e, in: bestSlot) }
        }
    }

    // MARK: Kempe improvement

    /// One pass over the unplaced edges; returns whether any was placed.
    private static func improvePass(_ board: inout SlotBoard, lists: [[Int]], allowed: [Bool]) -> Bool {
        var improved = false
        for e in lists.indices where board.slotOf[e] < 0 && !lists[e].isEmpty {
            if tryPlace(e, &board, lists: lists, allowed: allowed) || tryEject(e, &board, lists: lists, allowed: allowed) {
                improved = true
            }
        }
        return improved
    }

    /// Places `e` in some slot `a` by evicting the meetings of its two
    /// participants in `a`, kept only if every evicted meeting then finds a
    /// place again through `tryPlace` (a net gain of one). Reaches
    /// improvements a single pair of chains cannot, e.g. when the blocking
    /// meeting's chains leave its list.
    private static func tryEject(_ e: Int, _ board: inout SlotBoard, lists: [[Int]], allowed: [Bool]) -> Bool {
        let u = board.first[e], v = board.second[e]
        for a in lists[e] {
            let evicted = [board.edge(at: u, in: a), board.edge(at: v, in: a)].filter { $0 >= 0 }
            // Undoing chain exchanges is fiddly, so a failed attempt restores
            // a copy of the board instead (O(V × N) per attempt).
            let saved = board
            for f in evicted { board.remove(f) }
            board.place(e, in: a)
            if evicted.allSatisfy({ tryPlace($0, &board, lists: lists, allowed: allowed) }) { return true }
            board = saved
        }
        return false
    }

    /// Whether exchanging `a` and `b` along `path` keeps every moved meeting
    /// in a slot both its participants can attend.
    private static func canExchange(_ path: [Int], _ a: Int, _ b: Int, board: SlotBoard, allowed: [Bool]) -> Bool {
        let n = board.slotCount
        for edge in path {
            let target = board.slotOf[edge] == a ? b : a
            if !allowed[board.first[edge] * n + target] || !allowed[board.second[edge] * n + target] { return false }
        }
        return true
    }

    private static func tryPlace(_ e: Int, _ board: inout SlotBoard, lists: [[Int]], allowed: [Bool]) -> Bool {
        let n = board.slotCount
        let u = board.first[e], v = board.second[e]
        for a in lists[e] {
            // nil: `a` is already free at v and needs no exchange there.
            let vSwaps: [Int?] = board.isFree(v, a)
                ? [nil]
                : (0..<n).filter { $0 != a && board.isFree(v, $0) && allowed[v * n + $0] }
            for b in vSwaps {
                var vPath: [Int] = []
                if let b {
                    vPath = board.alternatingPath(from: v, first: a, then: b)
                    guard canExchange(vPath, a, b, board: board, allowed: allowed) else { continue }
                    board.exchange(a, b, along: vPath)
                }
                if board.isFree(u, a) {
                    board.place(e, in: a)
                    return true
                }
                // u is on the other side from v and v is now free in `a`, so
                // a chain from u (entering v's side through `a` edges) cannot
                // touch v: freeing `a` at u keeps it free at v.
                for c in 0..<n where c != a && board.isFree(u, c) && allowed[u * n + c] {
                    let uPath = board.alternatingPath(from: u, first: a, then: c)
                    guard canExchange(uPath, a, c, board: board, allowed: allowed) else { continue }
                    board.exchange(a, c, along: uPath)
                    if board.isFree(u, a) && board.isFree(v, a) {
                        board.place(e, in: a)
                        return true
                    }
                    board.exchange(a, c, along: uPath)
                }
                if let b { board.exchange(a, b, along: vPath) }
            }
        }
        return false
    }

    // MARK: Exact search

    /// Runs the exact search on every small, incomplete component; returns
    /// whether every component is now proven optimal.
    private static func exactComponents(_ board: inout SlotBoard, lists: [[Int]], allowed: [Bool], isCity: [Bool], limit: Int) -> Bool {
        let n = board.slotCount
        var parent = Array(isCity.indices)
        func root(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        let feasible = lists.indices.filter { !lists[$0].isEmpty }
        for e in feasible {
            let a = root(board.first[e]), b = root(board.second[e])
            if a != b { parent[max(a, b)] = min(a, b) }
        }
        // Components in order of their smallest edge, edges ascending.
        var componentOfRoot: [Int: Int] = [:]
        var components: [[Int]] = []
        for e in feasible {
            let r = root(board.first[e])
            if let c = componentOfRoot[r] {
                components[c].append(e)
            } else {
                componentOfRoot[r] = components.count
                components.append([e])
            }
        }
        var allProven = true
        for edges in components {
            let placedHere = edges.reduce(0) { $0 + (board.slotOf[$1] >= 0 ? 1 : 0) }
            if placedHere == edges.count { continue }
            guard edges.count <= limit else { allProven = false; continue }

            var local: [Int: Int] = [:]
            var vertices: [Int] = []
            func localId(_ w: Int) -> Int {
                if let id = local[w] { return id }
                local[w] = vertices.count
                vertices.append(w)
                return vertices.count - 1
            }
            let us = edges.map { localId(board.first[$0]) }
            let vs = edges.map { localId(board.second[$0]) }
            // Slots every participant here treats alike are interchangeable
            // while unused, so the search tries only one of them.
            var slotClass = Array(repeating: 0, count: n)
            var representatives: [Int] = []
            for s in 0..<n {
                if let r = representatives.first(where: { r in vertices.allSatisfy { allowed[$0 * n + r] == allowed[$0 * n + s] } }) {
                    slotClass[s] = r
                } else {
                    slotClass[s] = s
                    representatives.append(s)
                }
            }
            var search = ExactSearch(
                slotCount: n, u: us, v: vs, lists: edges.map { lists[$0] },
                isCity: vertices.map { isCity[$0] }, slotClass: slotClass,
                incumbent: edges.map { board.slotOf[$0] }, budget: exactNodeBudget)
            search.run()
            if search.exhausted { allProven = false }
            if search.best > placedHere {
                for e in edges { board.remove(e) }
                for (e, slot) in zip(edges, search.bestAssignment) where slot >= 0 { board.place(e, in: slot) }
            }
        }
        return allProven
    }
}

/// Branch and bound over one component: each step takes the undecided edge
/// with the fewest usable slots (usable sets only shrink further down, so an
/// edge with none is settled as unplaced) and tries each usable slot, then
/// leaving it out.
///
/// The bound adds to the placed count the smallest of: the edges still
/// usable, and, for either side, the sum over its vertices of
/// min(usable edges at the vertex, distinct slots those edges could use
/// there) — a vertex can host at most one meeting per slot.
private struct ExactSearch {
    let slotCount: Int
    let u: [Int], v: [Int]
    let lists: [[Int]]
    let isCity: [Bool]
    let slotClass: [Int]
    let budget: Int

    var busy: [Bool]
    var usage: [Int]
    var assignment: [Int]
    var decided: [Bool]
    var placed = 0
    private(set) var best: Int
    private(set) var bestAssignment: [Int]
    private(set) var exhausted = false
    var nodes = 0
    var stamp: [Int]
    var generation = 0
    var usableEdgesAt: [Int]
    var usableSlotsAt: [Int]

    init(slotCount: Int, u: [Int], v: [Int], lists: [[Int]], isCity: [Bool], slotClass: [Int], incumbent: [Int], budget: Int) {
        self.slotCount = slotCount
        self.u = u; self.v = v; self.lists = lists; self.isCity = isCity
        self.slotClass = slotClass; self.budget = budget
        let vertexCount = isCity.count
        busy = Array(repeating: false, count: vertexCount * slotCount)
        usage = Array(repeating: 0, count: slotCount)
        assignment = Array(repeating: -1, count: lists.count)
        decided = Array(repeating: false, count: lists.count)
        best = incumbent.lazy.filter { $0 >= 0 }.count
        bestAssignment = incumbent
        stamp = Array(repeating: 0, count: vertexCount * slotCount)
        usableEdgesAt = Array(repeating: 0, count: vertexCount)
        usableSlotsAt = Array(repeating: 0, count: vertexCount)
    }

    mutating func run() { search() }

    private mutating func search() {
        nodes += 1
        if nodes > budget { exhausted = true; return }
        if placed > best { best = placed; bestAssignment = assignment }
        let n = slotCount
        generation += 1
        for w in usableEdgesAt.indices { usableEdgesAt[w] = 0; usableSlotsAt[w] = 0 }
        var pick = -1, pickCount = Int.max, usableEdges = 0
        for e in lists.indices where !decided[e] {
            let a = u[e], b = v[e]
            var count = 0
            for s in lists[e] where !busy[a * n + s] && !busy[b * n + s] {
                count += 1
                if stamp[a * n + s] != generation { stamp[a * n + s] = generation; usableSlotsAt[a] += 1 }
                if stamp[b * n + s] != generation { stamp[b * n + s] = generation; usableSlotsAt[b] += 1 }
            }
            if count == 0 { continue }
            usableEdges += 1
            usableEdgesAt[a] += 1
            usableEdgesAt[b] += 1
            if count < pickCount { pick = e; pickCount = count }
        }
        if pick < 0 { return }
        var citySide = 0, startupSide = 0
        for w in isCity.indices {
            let cap = min(usableEdgesAt[w], usableSlotsAt[w])
            if isCity[w] { citySide += cap } else { startupSide += cap }
        }
        if placed + min(usableEdges, citySide, startupSide) <= best { return }

        decided[pick] = true
        let a = u[pick], b = v[pick]
        var triedClasses: [Int] = []
        for s in lists[pick] where !busy[a * n + s] && !busy[b * n + s] {
            if usage[s] == 0 {
                if triedClasses.contains(slotClass[s]) { continue }
                triedClasses.append(slotClass[s])
            }
            busy[a * n + s] = true; busy[b * n + s] = true
            usage[s] += 1; assignment[pick] = s; placed += 1
            search()
            busy[a * n + s] = false; busy[b * n + s] = false
            usage[s] -= 1; assignment[pick] = -1; placed -= 1
            if exhausted { break }
        }
        if !exhausted { search() }
        decided[pick] = false
    }
}
