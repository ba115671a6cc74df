

extension Command {
    /// sqlite3's and psql's ways to see what there is, answered with Parley's.
    static let tables = Command(
        name: "tables", arguments: "", summary: "(sqlite3's habit) Parley has documents: see .docs and .help fields",
        help: "Parley keeps documents, not tables: `.docs` lists them, `.speakers` the speakers, `.help fields` what a query can ask about.",
        completion: .none) { session, _ in
            session.note("Parley keeps documents, not tables: .docs lists them, .speakers the speakers, .help fields what a query can ask")
            return .success
        }
}
