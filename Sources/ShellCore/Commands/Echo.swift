

extension Command {
    static let echo = Command(
        name: "echo", arguments: "on|off", summary: "print each statement of a script before its result",
        help: "`.echo on` prints each statement a script (`-f`, `.read`, standard input) runs before its result, on the screen; `.echo` alone shows the setting.",
        completion: .choices(["on", "off"]), action: Commands.onOff("echo", \Session.echo))
}
