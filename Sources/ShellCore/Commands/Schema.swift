extension Command {
    /// sqlite3's `.schema`, answered with what a query can ask about.
    static let schema = hint(
        "schema", summary: "(sqlite3's habit) what a query can ask about: see .help fields",
        "Parley has no schema: .help fields lists the fields a query can use, .help stages what can follow '|'")
}
