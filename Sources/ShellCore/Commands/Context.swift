import QueryEngine

extension Command {
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
}
