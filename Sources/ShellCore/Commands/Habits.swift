extension Command {
    static let exit = Command(
        name: "exit", arguments: "", summary: "leave Parley (as .quit)",
        help: "Leaves the shell, as `.quit`, Ctrl-D and psql's `\\q` do; in a script, stops it without an error.",
        completion: .none, action: quit.action)

    static let echo = Command(
        name: "echo", arguments: "on|off", summary: "print each statement of a script before its result",
        help: "`.echo on` prints each statement a script (`-f`, `.read`, standard input) runs before its result, on the screen; `.echo` alone shows the setting.",
        completion: .choices(["on", "off"])) { session, arguments in
            switch arguments.lowercased() {
            case "": return session.showSetting("echo", session.echo ? "on" : "off")
            case "on": session.echo = true
            case "off": session.echo = false
            default: return session.fail("'.echo' takes on or off, not '\(arguments)'")
            }
            return .success
        }

    /// sqlite3's and psql's ways to see what there is, answered with Parley's.
    static let tables = Command(
        name: "tables", arguments: "", summary: "(sqlite3's habit) Parley has documents: see .docs and .help fields",
        help: "Parley keeps documents, not tables: `.docs` lists them, `.speakers` the speakers, `.help fields` what a query can ask about.",
        completion: .none) { session, _ in
            session.note("Parley keeps documents, not tables: .docs lists them, .speakers the speakers, .help fields what a query can ask")
            return .success
        }

    static let schema = Command(
        name: "schema", arguments: "", summary: "(sqlite3's habit) what a query can ask about: see .help fields",
        help: "Parley has no schema: `.help fields` lists the fields a query can use, `.help stages` what can follow `|`.",
        completion: .none) { session, _ in
            session.note("Parley has no schema: .help fields lists the fields a query can use, .help stages what can follow '|'")
            return .success
        }
}
