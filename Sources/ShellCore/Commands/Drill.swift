import QueryEngine

extension Command {
    static let drill = Command(
        name: "drill", arguments: "N", summary: "run the query of row N of the last table: its hits",
        help: """
            Every table (`count by`, cross-tables, `words`, `collocates`, `keywords`, `ngrams`, `interruptions`,
            `transitions`) has a `query` column: the query whose hits are exactly that row's, such as
            `(army) AND speaker:"Beria"`. In text mode the rows are numbered and the column is left out; `.drill 3`
            runs row 3's query in the current mode (a cross-table's rows are numbered as `.mode table` lists
            them). A note says which query runs. A row that cannot be written as a query has an empty cell.
            """,
        completion: .none) { session, arguments in
            guard let n = Int(arguments), n >= 1 else { return session.fail("'.drill' takes a row number from 1 up, not '\(arguments)'") }
            guard let table = session.lastTable else {
                return session.fail("'.drill \(n)' needs a table first, as in 'army | count by speaker'")
            }
            guard n <= table.rows.count else {
                return session.fail("the last table has \(table.rows.count) row\(table.rows.count == 1 ? "" : "s"); there is no row \(n)")
            }
            guard let query = table.query(ofRow: n - 1) else {
                return session.fail("row \(n) cannot be written as a query (see '.help \(table.columns.first ?? "drill")')")
            }
            session.note("drill: " + query)
            return session.runQuery(query)
        }
}
