import Foundation
import TranscriptFormats
import TranscriptModel

extension Command {
    static let read = Command(
        name: "read", arguments: "SCRIPT", summary: "run the commands and queries in a file",
        help: """
            Runs a script: one query or command a line (a line may continue while a parenthesis or quote is open),
            `#` comments. It stops at the first error, which names the script's file, line and column. A relative
            path is read from the folder of the script that reads it.
            """,
        completion: .path) { session, arguments in
            guard !arguments.isEmpty else { return session.fail("'.read' needs a script") }
            guard let file = Words.single(arguments) else { return session.fail(Words.oneFileOnly("read", arguments)) }
            let path = session.resolve(file)
            guard session.scriptFolders.count < 32 else { return session.fail("'.read \(arguments)': scripts read each other too deeply (32 levels)") }
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                return session.fail("cannot read script '\(path)': \(FileManager.default.fileExists(atPath: path) ? "not readable UTF-8 text" : "no such file")")
            }
            return session.runScript(text, name: path, folder: path.enclosingFolder)
        }
}
