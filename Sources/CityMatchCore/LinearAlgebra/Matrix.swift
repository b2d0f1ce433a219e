/// A dense, row-major matrix of `Float32`.
///
/// Rows are contiguous: element `(r, c)` lives at `storage[r * columns + c]`.
/// This is the layout every BLAS call in CityMatch assumes (`CblasRowMajor`),
/// so a `Matrix` can be handed to `sgemm`/`sgemv` without copying.
public struct Matrix: Sendable, Equatable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns (the row stride).
    public let columns: Int
    /// Row-major elements; `count == rows * columns`.
    public var storage: [Float]

    /// A `rows × columns` matrix filled with `value`.
    ///
    /// - Complexity: O(rows · columns).
    public init(rows: Int, columns: Int, repeating value: Float = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.storage = [Float](repeating: value, count: rows * columns)
    }

    /// Wraps existing row-major storage.
    ///
    /// - Complexity: O(1) (the array is moved, not copied).
    public init(rows: Int, columns: Int, storage: [Float]) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
        precondition(storage.count == rows * columns, "storage has \(storage.count) elements, expected \(rows) × \(columns)")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// Stacks equally long vectors as rows.
    ///
    /// - Complexity: O(rows · columns).
    public init(rowVectors: [[Float]], columns: Int? = nil) {
        let width = columns ?? rowVectors.first?.count ?? 0
        var storage = [Float]()
        storage.reserveCapacity(rowVectors.count * width)
        for (i, row) in rowVectors.enumerated() {
            precondition(row.count == width, "row \(i) has \(row.count) elements, expected \(width)")
            storage.append(contentsOf: row)
        }
        self.init(rows: rowVectors.count, columns: width, storage: storage)
    }

    /// Element access.
    ///
    /// - Complexity: O(1).
    @inlinable
    public subscript(row: Int, column: Int) -> Float {
        get { storage[row * columns + column] }
        set { storage[row * columns + column] = newValue }
    }

    /// A copy of one row.
    ///
    /// - Complexity: O(columns).
    public func row(_ index: Int) -> [Float] {
        Array(storage[index * columns ..< (index + 1) * columns])
    }

    /// The transpose, as a new matrix.
    ///
    /// - Complexity: O(rows · columns).
    public func transposed() -> Matrix {
        var result = Matrix(rows: columns, columns: rows)
        for r in 0..<rows {
            for c in 0..<columns {
                result.storage[c * rows + r] = storage[r * columns + c]
            }
        }
        return result
    }
}
