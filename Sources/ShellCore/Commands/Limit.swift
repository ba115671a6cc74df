import QueryEngine
import QueryLanguage

extension Command {
    static let limit = Command(
        name: "limit", arguments: "N", summary: "cut results after N (0: no limit)",
        help: """
            `.limit N` cuts `show`, `kwic` and `cite` results after N wherever they go (the screen, a pipe, an `.output`
            file); `.limit 0` never cuts. With no `.limit`, results shown on a terminal are cut after 20 and
            others are not cut. On a terminal a line says how many more there are; elsewhere a note on the
            error stream does, so CSV, JSON and Markdown hold nothing but data. `.limit` alone shows the limit.
            """,
        completion: .none) { session, arguments in
            if arguments.isEmpty { return session.showSetting("limit", session.limitDescription) }
            guard let n = Int(arguments), n >= 0 else { return session.fail("'.limit' takes a number (0 for no limit), not '\(arguments)'") }
            session.limit = n
            return .success
        }
}
