import Foundation
import TranscriptFormats

extension Command {
    static let output = Command(
        name: "output", arguments: "[FILE|off]", summary: "send results to a file, or back to the screen",
        help: "`.output results.csv` writes the results of the queries that follow to a file; `.output off`, or `.output` alone, "
            + "returns to the screen (a file named off is `./off`; a name with a space goes in double quotes: `.output \"my results.csv\"`). A file named .csv, .json or .md takes results in that format "
            + "(as `.mode` would, with a note) until then, and the mode before comes back; a `.mode` given meanwhile stays. "
            + "`.output plot.svg` draws each timeline that follows as an SVG picture in place of the last; other stages are refused "
            + "while it is the output, and commands print on the screen.",
        completion: .path) { session, arguments in
            // `off`, as `.record off` and `.timer off` say it; a file of that name is `./off`.
            var path: String?
            if !arguments.isEmpty, arguments.lowercased() != "off" {
                guard let file = Words.single(arguments) else { return session.fail(Words.oneFileOnly("output", arguments)) }
                path = session.resolve(file)
            }
            do throws(WriteProblem.Reason) {
                try session.redirect(to: path)
            } catch {
                return session.fail("cannot write to '\(Words.single(arguments) ?? arguments)': \(error.text); results stay on the screen")
            }
            return .success
        }
}
