

extension Command {
    static let schema = Command(
        name: "schema", arguments: "", summary: "(sqlite3's habit) what a query can ask about: see .help fields",
        help: "Parley has no schema: `.help fields` lists the fields a query can use, `.help stages` what can follow `|`.",
        completion: .none) { session, _ in
            session.note("Parley has no schema: .help fields lists the fields a query can use, .help stages what can follow '|'")
            return .success
        }
}
