/// The working state shared by the scheduling algorithms: which meeting each
/// participant has in each slot, kept consistent in both directions.
///
/// Participants are dense vertex ids (cities first, then startups) and
/// meetings are dense edge ids, so every lookup is an array access; the
/// board never has a participant twice in one slot (`place` checks it).
struct SlotBoard: Sendable {
    /// The number of slots (colours).
    let slotCount: Int
    /// Edge id → its city vertex.
    let first: [Int]
    /// Edge id → its startup vertex.
    let second: [Int]
    /// `vertex * slotCount + slot` → the edge occupying it, or -1.
    private(set) var occupant: [Int]
    /// Edge id → its slot, or -1 while unplaced.
    private(set) var slotOf: [Int]

    /// An empty board.
    ///
    /// - Complexity: O(vertexCount × slotCount + edges).
    init(vertexCount: Int, slotCount: Int, first: [Int], second: [Int]) {
        precondition(first.count == second.count)
        self.slotCount = slotCount
        self.first = first
        self.second = second
        self.occupant = Array(repeating: -1, count: vertexCount * slotCount)
        self.slotOf = Array(repeating: -1, count: first.count)
    }

    /// - Complexity: O(1).
    @inline(__always)
    func isFree(_ vertex: Int, _ slot: Int) -> Bool {
        occupant[vertex * slotCount + slot] < 0
    }

    /// - Complexity: O(1).
    @inline(__always)
    func edge(at vertex: Int, in slot: Int) -> Int {
        occupant[vertex * slotCount + slot]
    }

    /// The endpoint of `edge` that is not `vertex`.
    ///
    /// - Complexity: O(1).
    @inline(__always)
    func other(_ edge: Int, _ vertex: Int) -> Int {
        first[edge] == vertex ? second[edge] : first[edge]
    }

    /// The first slot in which `vertex` is free, or nil.
    ///
    /// - Complexity: O(slotCount).
    func firstFreeSlot(_ vertex: Int) -> Int? {
        (0..<slotCount).first { isFree(vertex, $0) }
    }

    /// - Complexity: O(1).
    mutating func place(_ edge: Int, in slot: Int) {
        let u = first[edge], v = second[edge]
        precondition(slotOf[edge] < 0 && isFree(u, slot) && isFree(v, slot), "double booking")
        occupant[u * slotCount + slot] = edge
        occupant[v * slotCount + slot] = edge
        slotOf[edge] = slot
    }

    /// - Complexity: O(1).
    mutating func remove(_ edge: Int) {
        let slot = slotOf[edge]
        guard slot >= 0 else { return }
        occupant[first[edge] * slotCount + slot] = -1
        occupant[second[edge] * slotCount + slot] = -1
        slotOf[edge] = -1
    }

    /// The maximal path leaving `start` by its `a` edge and then alternating
    /// `b`, `a`, … (a Kempe chain). Empty when `start` is free in `a`.
    ///
    /// Because every vertex has at most one edge per slot, the walk can only
    /// continue one way and, in a bipartite graph, never revisits a vertex.
    ///
    /// - Complexity: O(length of the path).
    func alternatingPath(from start: Int, first a: Int, then b: Int) -> [Int] {
        var path: [Int] = []
        var vertex = start, slot = a
        while true {
            let edge = edge(at: vertex, in: slot)
            if edge < 0 { break }
            path.append(edge)
            vertex = other(edge, vertex)
            slot = slot == a ? b : a
        }
        return path
    }

    /// Exchanges slots `a` and `b` on every edge of a maximal `a`/`b` path.
    /// Applying it twice restores the board, which is how callers undo it.
    ///
    /// Only valid for a path returned by `alternatingPath`: its ends have the
    /// other slot free, so the exchange cannot double-book anyone.
    ///
    /// - Complexity: O(length of the path).
    mutating func exchange(_ a: Int, _ b: Int, along path: [Int]) {
        // Clearing the whole path first keeps intermediate states from
        // tripping the double-booking check in `place`.
        let old = path.map { slotOf[$0] }
        for edge in path { remove(edge) }
        for (edge, slot) in zip(path, old) { place(edge, in: slot == a ? b : a) }
    }
}
