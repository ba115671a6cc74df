import QueryEngine

extension Command {
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
