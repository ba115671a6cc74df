import Foundation
import ShellCore
import TranscriptModel

/// `parley --replay SESSION [--no-pause]`: plays an example session for a class. Each step shows its
/// comments, types the input, waits for Enter (unless `--no-pause`), runs it, shows the output, and says
/// where it differs from the recorded output.
enum Replay {
    static func run(_ path: String, pause: Bool, color: Bool, output: StandardOutput) -> ExitStatus {
        guard let data = FileManager.default.contents(atPath: path) else {
            output.writeError("error: cannot read session '\(path)': \(FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file")\n")
            return .inputFailed
        }
        let example = ExampleSession(parsing: String(decoding: data, as: UTF8.self))
        guard !example.steps.isEmpty else {
            output.writeError("error: '\(path)' has no 'parley> ' lines: not an example session\n")
            return .queryError
        }
        let folder = path.enclosingFolder
        let typing = pause && isatty(1) != 0
        let dim = { (s: String) in color ? "\u{1B}[2m" + s + "\u{1B}[0m" : s }
        var differences = 0
        ReplayTerminal.begin()
        defer { ReplayTerminal.end() }
        _ = example.play(folder: folder.isEmpty ? "." : folder) { index, actual in
            let step = example.steps[index]
            if !step.comments.isEmpty { output.write("\n" + step.comments.map(dim).joined(separator: "\n") + "\n") }
            output.write(ExampleSession.prompt)
            output.flush()
            for ch in step.input {
                output.write(String(ch))
                if typing { output.flush(); usleep(25_000) }
            }
            output.flush()
            if pause { ReplayTerminal.waitForEnter() }
            output.write("\n")
            if !actual.isEmpty { output.write(actual.joined(separator: "\n") + "\n") }
            if actual != step.expected {
                differences += 1
                output.writeError("replay: \(path):\(step.line): the output differs from the recorded one (- recorded, + now):\n"
                                  + ExampleSession.diff(expected: step.expected, actual: actual) + "\n")
            }
            output.flush()
        }
        return differences == 0 ? .success : .expectationFailed
    }
}

/// The terminal while a session plays: keys are not echoed, so nothing typed is mixed into the screen, and
/// keys typed while Parley writes are dropped, so an Enter pressed early does not run the next step.
enum ReplayTerminal {
    nonisolated(unsafe) static var saved = termios()
    nonisolated(unsafe) static var active = false

    /// Turns echo and line buffering off when standard input is a terminal; Ctrl-C restores them.
    static func begin() {
        guard isatty(0) != 0, tcgetattr(0, &saved) == 0 else { return }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ICANON | ECHO)
        guard tcsetattr(0, TCSANOW, &quiet) == 0 else { return }
        active = true
        signal(SIGINT) { _ in
            ReplayTerminal.end()
            _exit(130)
        }
    }

    static func end() {
        if active { tcsetattr(0, TCSANOW, &saved) }
        active = false
    }

    /// Drops what was typed before the prompt, then waits for Enter (or the end of input).
    static func waitForEnter() {
        guard active else {
            _ = readLine()
            return
        }
        tcflush(0, TCIFLUSH)
        var byte: UInt8 = 0
        while read(0, &byte, 1) == 1, byte != 0x0A, byte != 0x0D {}
    }
}
