import QueryEngine
import QueryLanguage

extension Command {
    static let timer = Command(
        name: "timer", arguments: "on|off", summary: "print how long each query took",
        help: "`.timer on` prints each query's time on the error stream, so results stay clean.",
        completion: .choices(["on", "off"]), action: Commands.onOff("timer", \Session.timer))
}
