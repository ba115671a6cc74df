import Foundation

/// The stop words `words` leaves out: the shipped English list, or the file `PARLEY_STOPWORDS` names.
enum StopWords {
    static func load(output: OutputSink, environment: [String: String] = ProcessInfo.processInfo.environment) -> Set<String> {
        var text = EmbeddedData.stopWords
        if let path = environment["PARLEY_STOPWORDS"], !path.isEmpty {
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
