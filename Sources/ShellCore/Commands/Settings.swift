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

    static let context = Command(
        name: "context", arguments: "N", summary: "show N utterances around each hit",
        help: "`.context 2` shows the two utterances before and after each hit of `show`; `.context 0` turns it off.",
        completion: .none) { session, arguments in
            if arguments.isEmpty { return session.showSetting("context", String(session.context)) }
            guard let n = Int(arguments), n >= 0, n <= 1000 else {
                return session.fail("'.context' takes a number from 0 to 1000, not '\(arguments)'")
            }
            session.context = n
            return .success
        }

    static let editorial = Command(
        name: "editorial", arguments: "on|off", summary: "count words the editor inserted, or not",
        help: """
            Words an editor or translator inserted, such as `[agricultural]`, are searchable by default.
            `.editorial off` leaves them out of matching; `.editorial on` puts them back.
            """,
        completion: .choices(["on", "off"])) { session, arguments in
            switch arguments.lowercased() {
            case "": return session.showSetting("editorial", session.settings.editorial ? "on" : "off")
            case "on": session.settings.editorial = true
            case "off": session.settings.editorial = false
            default: return session.fail("'.editorial' takes on or off, not '\(arguments)'")
            }
            return .success
        }
}
