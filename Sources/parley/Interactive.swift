import Foundation
import LineEditing
import ShellCore

/// The interactive shell: prompt, editing, history and completion at the terminal.
enum Interactive {
    static func run(options: RunOptions, output: StandardOutput) -> ExitStatus {
        let editor = lineEditor(options, output)
        // Ctrl-C while the files named are read (the editor has taken the signal): the shell does not open.
        var options = options
        options.loader.shouldStop = { Interrupt.isRequested }
        let (session, loaded) = Run.start(options, output: output)
        if loaded.cancelled {
            output.writeError("\ncancelled: nothing was loaded\n")
            return .interrupted
        }
        session.shouldStop = { Interrupt.isRequested }
        session.interactive = true
        session.history = { editor.history }
        editor.complete = { line, word in StatementCompletion.candidates(line: line, word: word, session: session) }
        let corpus = session.documents.count == 1 ? session.documents[0].id : "\(session.documents.count) documents"
        // Two lines: with a document's name, one took more than 80 columns and wrapped on a new user's terminal.
        output.write("Parley on \(session.server.map { "\($0.connection.address), " } ?? "")\(corpus)\n.help for help, .quit or Ctrl-D to leave\n")
        output.flush()
        readStatements(editor) { statement in
            Interrupt.reset()
            // The window may have been resized since the last statement: answers fit it as it is now.
            if session.width != nil, let width = terminalWidth() { session.width = width }
            session.run(statement)
            Interrupt.reset()
            output.flush()
            return !session.quitRequested
        }
        return Run.finalStatus(session, loaded)
    }

    /// The line editor, with the history file of `$PARLEY_HISTORY` or `~/.parley_history`.
    static func lineEditor(_ options: RunOptions, _ output: StandardOutput) -> LineEditor {
        let environment = options.environment
        let historyPath = environment["PARLEY_HISTORY"]
            ?? environment["HOME"].map { ($0 as NSString).appendingPathComponent(".parley_history") }
        return LineEditor(historyPath: historyPath, historyLimit: 1000) { output.writeError("warning: \($0)\n") }
    }

    /// Reads statements (a line, or several while a quote or parenthesis is open) and gives each to `run`
    /// until the end of input or until `run` says to stop; Ctrl-C drops a statement half typed, and
    /// Ctrl-D at `   ...>` ends it where it stands (its error says what is still open, and history keeps
    /// it to mend) where Ctrl-D at `parley> ` leaves.
    static func readStatements(_ editor: LineEditor, _ run: (String) -> Bool) {
        var typed = TypedStatement()
        func submit(_ statement: String) -> Bool {
            editor.remember(ServerRun.withoutPassword(statement.replacingOccurrences(of: "\n", with: " ")))
            return run(statement)
        }
        while true {
            switch editor.readLine(prompt: typed.isContinuing ? "   ...> " : "parley> ") {
            case .endOfInput:
                guard let statement = typed.end(), submit(statement) else { return }
            case .interrupted:
                typed.drop()
            case .line(let line):
                guard let statement = typed.add(line) else { continue }
                guard submit(statement) else { return }
            }
        }
    }
}
