import Foundation
import TranscriptFormats

extension Command {
    static let load = Command(
        name: "load", arguments: "PATH...", summary: "load more transcripts (files or folders) beside those loaded",
        help: """
            Loads files and folders into the session, beside what is loaded. A file already loaded (the same
            path, or the same text under another name) is skipped with a note. A path that cannot be read gets
            one line naming it and why; the others still load, and a script ends with status 66. `.open`
            replaces what is loaded instead; `.unload` removes documents.
            """,
        completion: .path) { session, arguments in
            let paths = Words.split(arguments).map(session.resolve)
            guard !paths.isEmpty else { return session.fail("'.load' needs a file or folder") }
            let result = Loading.load(paths, loader: session.loader, output: session.terminal, beside: session.documents, quiet: session.quiet)
            if result.failed { session.inputFailed = true }
            session.add(result.documents)
            session.terminal.writeError(Loading.summary(of: result.documents, in: session) + "\n")
            return .success
        }

    static let read = Command(
        name: "read", arguments: "SCRIPT", summary: "run the commands and queries in a file",
        help: """
            Runs a script: one query or command a line (a line may continue while a parenthesis or quote is open),
            `#` comments. It stops at the first error, which names the script's file, line and column. A relative
            path is read from the folder of the script that reads it.
            """,
        completion: .path) { session, arguments in
            guard !arguments.isEmpty else { return session.fail("'.read' needs a script") }
            let path = session.resolve(Words.split(arguments).first ?? arguments)
            guard session.scriptFolders.count < 32 else { return session.fail("'.read \(arguments)': scripts read each other too deeply (32 levels)") }
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                return session.fail("cannot read script '\(path)': \(FileManager.default.fileExists(atPath: path) ? "not readable UTF-8 text" : "no such file")")
            }
            return session.runScript(text, name: path, folder: (path as NSString).deletingLastPathComponent)
        }

    static let output = Command(
        name: "output", arguments: "[FILE]", summary: "send results to a file, or back to the screen",
        help: "`.output results.csv` writes the results of the queries that follow to a file; `.output` alone returns to the screen.",
        completion: .path) { session, arguments in
            let path = arguments.isEmpty ? nil : session.resolve(arguments)
            do throws(WriteProblem.Reason) {
                try session.redirect(to: path)
            } catch {
                return session.fail("cannot write to '\(arguments)': \(error.text); results stay on the screen")
            }
            return .success
        }
}

/// Splits command arguments at spaces, keeping "quoted parts" together.
enum Words {
    static func split(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quoted = false
        for ch in text {
            if ch == "\"" { quoted.toggle(); continue }
            if ch == " " && !quoted {
                if !current.isEmpty { words.append(current); current = "" }
            } else {
                current.append(ch)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}
