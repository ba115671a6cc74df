import QueryEngine

extension Command {
    static let editorial = Command(
        name: "editorial", arguments: "on|off", summary: "count words the editor inserted, or not",
        help: """
            Words an editor or translator inserted, such as `[agricultural]`, are searchable by default.
            `.editorial off` leaves them out of matching; `.editorial on` puts them back.
            """,
        completion: .choices(["on", "off"]), action: Commands.onOff("editorial", \Session.settings.editorial))
}
