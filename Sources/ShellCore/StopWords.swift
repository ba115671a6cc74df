import Foundation
import QueryEngine

/// The stop words `words` leaves out: the shipped lists, chosen by each document's language, or the one
/// file `PARLEY_STOPWORDS` names for every language (a folder it names holds a list per language).
enum StopWords {
    /// The choice `PARLEY_STOPWORDS` makes: a file, one list for every language; else (unset, a folder, or a
    /// file that cannot be read) the lists per language, which are read when `words` first needs them.
    static func load(output: OutputSink, environment: [String: String] = ProcessInfo.processInfo.environment) -> StopWordChoice {
        var isFolder: ObjCBool = false
        guard let path = environment["PARLEY_STOPWORDS"], !path.isEmpty,
              !(FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue) else {
            return .perLanguage
        }
        guard let custom = try? String(contentsOfFile: path, encoding: .utf8) else {
            output.writeError("warning: PARLEY_STOPWORDS: cannot read '\(path)'; using the shipped list of each document's language\n")
            return .perLanguage
        }
        return .single(StopLists.words(custom))
    }
}
