import Foundation
import LineEditing
import ShellCore

/// The interactive shell: prompt, editing, history and completion at the terminal.
enum Interactive {
    static func run(options: RunOptions, output: StandardOutput) -> ExitStatus {
        let environment = options.environment
        let historyPath = environment["PARLEY_HISTORY"]
            ?? environment["HOME"].map { ($0 as NSString).appendingPathComponent(".parley_history") }
        let editor = LineEditor(historyPath: historyPath, historyLimit: 1000) { output.writeError("warning: \($0)\n") }
        let (session, loaded) = Run.start(options, output: output)
        session.shouldStop = { Interrupt.isRequested }
        session.interactive = true
        session.history = { editor.history }
        editor.complete = { line, word in StatementCompletion.candidates(line: line, word: word, session: session) }
        output.write("Parley on \(session.documents.count == 1 ? session.documents[0].id : "\(session.documents.count) documents"): .help for help, .quit or Ctrl-D to leave\n")
        output.flush()
        var pending = ""
        while !session.quitRequested {
            switch editor.readLine(prompt: pending.isEmpty ? "parley> " : "   ...> ") {
            case .endOfInput:
                return Run.finalStatus(session, loaded)
            case .interrupted:
                pending = ""
            case .line(let line):
                pending = pending.isEmpty ? line : pending + "\n" + line
                if Statements.isOpen(pending) { continue }
                editor.remember(pending.replacingOccurrences(of: "\n", with: " "))
                Interrupt.reset()
                session.run(pending)
                Interrupt.reset()
                pending = ""
                output.flush()
            }
        }
        return Run.finalStatus(session, loaded)
    }

    /// The shell on a ClickHouse cluster: queries a line at a time; a server lost ends it with status 69.
    static func runOnServer(_ url: String, options: RunOptions, output: StandardOutput) -> ExitStatus {
        let (session, status) = ServerRun.connect(url, options: options, output: output)
        guard let session else { return status }
        let environment = options.environment
        let historyPath = environment["PARLEY_HISTORY"]
            ?? environment["HOME"].map { ($0 as NSString).appendingPathComponent(".parley_history") }
        let editor = LineEditor(historyPath: historyPath, historyLimit: 1000) { output.writeError("warning: \($0)\n") }
        output.write("Parley on \(session.server), \(session.documentCount) documents: queries ending in '| count' or '| count by speaker|doc'; Ctrl-D to leave\n")
        output.flush()
        var pending = ""
        while true {
            switch editor.readLine(prompt: pending.isEmpty ? "parley> " : "   ...> ") {
            case .endOfInput:
                return .success
            case .interrupted:
                pending = ""
            case .line(let line):
                pending = pending.isEmpty ? line : pending + "\n" + line
                if Statements.isOpen(pending) { continue }
                editor.remember(pending.replacingOccurrences(of: "\n", with: " "))
                let trimmed = pending.trimmingCharacters(in: .whitespaces)
                pending = ""
                if trimmed == ".quit" || trimmed == ".exit" || trimmed == "\\q" { return .success }
                if session.run(trimmed) == .unavailable { return .unavailable }
                output.flush()
            }
        }
    }
}
