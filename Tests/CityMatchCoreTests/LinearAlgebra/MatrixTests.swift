import Testing
@testable import CityMatchCore

@Suite struct MatrixTests {
    @Test func productMatchesNaive() {
        let a = Matrix(rows: 2, columns: 3, storage: [1, 2, 3, 4, 5, 6])
        let b = Matrix(rows: 3, columns: 2, storage: [7, 8, 9, 10, 11, 12])
        let c = a.multiplied(by: b)
        #expect(c.storage == [58, 64, 139, 154])
        #expect(a.multiplied(by: [1, 1, 1]) == [6, 15])
        #expect(a.multiplied(by: [1, 1], transposeSelf: true) == [5, 7, 9])
    }
}
