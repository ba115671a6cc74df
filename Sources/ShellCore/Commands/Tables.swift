extension Command {
    /// sqlite3's `.tables` (and psql's `\d`), answered with where Parley keeps what there is.
    static let tables = hint(
        "tables", summary: "(sqlite3's habit) Parley has documents: see .docs and .help fields",
        "Parley keeps documents, not tables: .docs lists them, .speakers the speakers, .help fields what a query can ask")

    /// A command from another shell that only says what Parley has instead.
    static func hint(_ name: String, summary: String, _ note: String) -> Command {
        Command(name: name, arguments: "", summary: summary, help: note + ".", completion: .none) { session, _ in
            session.note(note)
            return .success
        }
    }
}
