import QueryEngine
import QueryLanguage

extension Command {
    static let timer = Command(
        name: "timer", arguments: "on|off", summary: "print how long each query took",
        help: "`.timer on` prints each query's time on the error stream, so results stay clean.",
        completion: .choices(["on", "off"])) { session, arguments in
            switch arguments.lowercased() {
            case "": return session.showSetting("timer", session.timer ? "on" : "off")
            case "on": session.timer = true
            case "off": session.timer = false
            default: return session.fail("'.timer' takes on or off, not '\(arguments)'")
            }
            return .success
        }
}
