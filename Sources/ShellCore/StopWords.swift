import Foundation
import QueryEngine

/// The stop words `words` leaves out: the shipped lists, chosen by each document's language, or the one
/// file `PARLEY_STOPWORDS` names for every language (a folder it names holds a list per language).
enum StopWords {
    static func load(output: OutputSink, environment: [String: String] = ProcessInfo.processInfo.environment) -> Set<String> {
        let english = StopLists.standard.lists["en"] ?? []
        var isFolder: ObjCBool = false
        guard let path = environment["PARLEY_STOPWORDS"], !path.isEmpty,
              !(FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue) else {
            // No file named (a folder holds a list per language, which StopLists reads): the shipped lists.
            return english
        }
        guard let custom = try? String(contentsOfFile: path, encoding: .utf8) else {
            output.writeError("warning: PARLEY_STOPWORDS: cannot read '\(path)'; using the shipped English list\n")
            return english
        }
        return StopLists.words(custom)
    }
}
