import QueryEngine

extension Command {
    static let within = Command(
        name: "within", arguments: "utterance|turn|document", summary: "set what a query matches",
        help: """
            `.within turn` makes a query match whole turns: `army leadership` then finds turns that contain both
            words anywhere, interjections included, and the results are turns. `.within utterance` is the default.
            """,
        completion: .choices(Scope.allCases.map(\.rawValue))) { session, arguments in
            if arguments.isEmpty { return session.showSetting("within", session.settings.scope.rawValue) }
            guard let scope = Scope.allCases.first(where: { !arguments.isEmpty && $0.rawValue.hasPrefix(arguments.lowercased()) }) else {
                return session.fail("'.within' takes utterance, turn or document, not '\(arguments)'")
            }
            session.settings.scope = scope
            return .success
        }
}
