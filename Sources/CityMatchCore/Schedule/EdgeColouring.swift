/// Proper edge colouring of bipartite graphs with the minimum number of
/// colours (König: the maximum degree Δ suffices).
enum BipartiteEdgeColouring {
    /// Colours every unplaced edge of `board` with a slot in `0..<board.slotCount`
    /// by the alternating-path (Kempe chain) method.
    ///
    /// For edge (u, v) take a colour `a` free at u and `b` free at v. If `a` is
    /// not free at v, exchange `a`/`b` on the chain leaving v by its `a` edge:
    /// vertices on u's side are entered through `a` edges, and `a` is free at
    /// u, so the chain never reaches u, and afterwards `a` is free at both.
    ///
    /// - Precondition: the graph is bipartite (every edge joins a city to a
    ///   startup) and no vertex has more edges than `board.slotCount`.
    /// - Complexity: O(E × (slotCount + V)) for E edges on V vertices; the
    ///   chains are usually far shorter than V.
    static func colour(_ board: inout SlotBoard, edges: [Int]) {
        for edge in edges where board.slotOf[edge] < 0 {
            let u = board.first[edge], v = board.second[edge]
            guard let a = board.firstFreeSlot(u), let b = board.firstFreeSlot(v) else {
                preconditionFailure("a vertex has more edges than colours")
            }
            if board.isFree(v, a) {
                board.place(edge, in: a)
            } else if board.isFree(u, b) {
                board.place(edge, in: b)
            } else {
                let chain = board.alternatingPath(from: v, first: a, then: b)
                board.exchange(a, b, along: chain)
                board.place(edge, in: a)
            }
        }
    }
}
