/// Turns texts into unit-length embedding vectors.
///
/// Implementations are immutable after construction and safe to call from
/// several threads at once.
public protocol SentenceEncoder: Sendable {
    /// Identifier of the model, e.g. `sentence-transformers/all-MiniLM-L6-v2`.
    var modelID: String { get }
    /// Length of every embedding.
    var dimension: Int { get }
    /// One L2-normalised row per text, in input order (`texts.count × dimension`).
    ///
    /// - Complexity: implementation-defined; for a transformer, roughly linear in
    ///   the total token count plus quadratic in each text's own length.
    func encode(_ texts: [String]) throws -> Matrix
}
