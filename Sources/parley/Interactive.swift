import Foundation
import ShellCore

/// The interactive shell: prompt, editing, history and completion at the terminal.
enum Interactive {
    static func run(options: RunOptions, output: StandardOutput) -> ExitStatus {
        let (session, loaded) = Run.start(options, output: output)
        output.flush()
        var pending = ""
        while !session.quitRequested {
            output.write(pending.isEmpty ? "parley> " : "   ...> ")
            output.flush()
            guard let line = readLine() else {
                output.write("\n")
                break
            }
            pending = pending.isEmpty ? line : pending + "\n" + line
            if Statements.isOpen(pending) { continue }
            session.run(pending)
            pending = ""
            output.flush()
        }
        return Run.finalStatus(session, loaded)
    }
}
