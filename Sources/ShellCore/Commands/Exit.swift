

extension Command {
    static let exit = Command(
        name: "exit", arguments: "", summary: "leave Parley (as .quit)",
        help: "Leaves the shell, as `.quit`, Ctrl-D and psql's `\\q` do; in a script, stops it without an error.",
        completion: .none, action: quit.action)
}
