import Foundation
import ShellCore

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
        let folder = (path as NSString).deletingLastPathComponent
        let typing = pause && isatty(1) != 0
        let dim = { (s: String) in color ? "\u{1B}[2m" + s + "\u{1B}[0m" : s }
        var differences = 0
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
            if pause { _ = readLine() } else { output.write("\n") }
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
