import Foundation

/// The stop words `words` leaves out: the shipped lists, chosen by each document's language, or the one
/// file `PARLEY_STOPWORDS` names for every language (a folder it names holds a list per language).
enum StopWords {
    static func load(output: OutputSink, environment: [String: String] = ProcessInfo.processInfo.environment) -> Set<String> {
        var text = EmbeddedData.stopWords
        var isFolder: ObjCBool = false
        if let path = environment["PARLEY_STOPWORDS"], !path.isEmpty,
           !(FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue) {
            // A folder holds a list per language, which QueryEngine.StopLists reads.
            if let custom = try? String(contentsOfFile: path, encoding: .utf8) {
                text = custom
            } else {
                output.writeError("warning: PARLEY_STOPWORDS: cannot read '\(path)'; using the shipped English list\n")
            }
        }
        var words: Set<String> = []
        for line in text.split(separator: "\n") {
            let word = line.trimmingCharacters(in: .whitespaces)
            if !word.isEmpty, !word.hasPrefix("#") { words.insert(QueryEngine.TextFolding.fold(word)) }
        }
        return words
    }
}

import QueryEngine
