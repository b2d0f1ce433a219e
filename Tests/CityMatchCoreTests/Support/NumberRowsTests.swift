import Testing
@testable import CityMatchCore

@Suite struct NumberRowsTests {
    @Test func numberRowsKeepMissingApartFromEmptyInlineAndSpilled() {
        var rows = NumberRows(listsPerRow: 4)
        let long = (0..<300).map(Int32.init)
        let table: [([[Int32]?], Double?)] = [
            ([nil, [], [5], nil], 12.5),
            ([[3, 1], nil, nil, [9, 9, 9]], nil),
            ([Array(0..<12), [], nil, nil], 0),                     // exactly a line's worth
            ([Array(0..<10), [7, 8, 9], nil, [1]], -1),             // thirteen numbers: spilled
            ([nil, long, [], [4]], nil),                            // a list too long to count in a byte
        ]
        for (lists, value) in table { rows.appendRow(lists, value: value) }
        func check(_ rows: NumberRows, _ table: [([[Int32]?], Double?)]) {
            rows.withReader { read in
                for (r, (lists, value)) in table.enumerated() {
                    #expect(read.value(r) == value, "row \(r)")
                    for (j, list) in lists.enumerated() { #expect(read[r, j].map(Array.init) == list, "row \(r) list \(j)") }
                }
            }
        }
        check(rows, table)
        // A replaced row (in a copy) leaves the original's rows as they were.
        let original = rows
        var edited = table
        edited[0] = ([long, nil, [1], [2]], 3)
        edited[3] = ([[], [], [], []], nil)
        rows.replaceRow(0, with: edited[0].0, value: edited[0].1)
        rows.replaceRow(3, with: edited[3].0, value: edited[3].1)
        check(rows, edited)
        check(original, table)
        for r in 0..<40 { rows.appendRow([[Int32(r)], nil, nil, nil], value: Double(r)) }
        rows.withReader { read in
            #expect(read[44, 0].map(Array.init) == [39])
            #expect(read.value(44) == 39)
        }
    }
}
