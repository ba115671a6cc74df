import Foundation
import QueryEngine
import QueryLanguage
import TranscriptModel

/// TAB completion: what may stand where the cursor is, read from the command table, the query
/// vocabulary, the corpus's speakers and the session's named queries.
public enum StatementCompletion {
    /// Full replacement words for `word`, the word being completed at the end of `line` (up to the cursor).
    public static func candidates(line: String, word: String, session: Session) -> [String] {
        let before = String(line.dropLast(word.count))
        let trimmed = before.trimmingCharacters(in: " \t")
        // The command name itself.
        if trimmed.isEmpty, word.hasPrefix(".") {
            return Commands.all.map { "." + $0.name }.filter { $0.hasPrefix(word.lowercased()) }
        }
        if trimmed.hasPrefix(".") {
            let name = String(trimmed.dropFirst().prefix { !$0.isWhitespace })
            let matches = Commands.candidates(name.lowercased())
            if matches.count == 1 {
                switch matches[0].completion {
                case .choices(let choices): return choices.filter { $0.hasPrefix(word.lowercased()) }
                case .path: return paths(word, session: session)
                case .command: return (Commands.all.map(\.name) + HelpTopics.names).filter { $0.hasPrefix(word) }.sorted()
                case .documents: return session.documents.map(\.id).filter { $0.lowercased().hasPrefix(word.lowercased()) }.sorted()
                case .speakers: return speakers(word, session: session)
                case .none: return []
                case .query: break
                }
            }
        }
        return query(before: before, word: word, session: session)
    }

    /// Completion inside a query: stages after `|`, fields and their values, named queries.
    static func query(before: String, word: String, session: Session) -> [String] {
        let last = before.trimmingCharacters(in: " \t").last
        let previousWord = before.split(whereSeparator: { $0 == " " || $0 == "\t" }).last.map(String.init) ?? ""
        if last == "|" {
            return QueryVocabulary.stageNames.filter { $0.hasPrefix(word.lowercased()) }
        }
        if previousWord.lowercased() == "by" || last == "," {
            // What may follow `by` depends on the stage: a measure after `collocates`, a column after a
            // table's `sort`, else a grouping.
            let stage = before.split(separator: "|").last.map { $0.lowercased().split(separator: " ").map(String.init) } ?? []
            var choices = ResultField.allCases.map(\.rawValue) + ["time"]
            if stage.first == "collocates" { choices = AssociationMeasure.allCases.map(\.rawValue) }
            if stage.first == "sort", before.split(separator: "|").count > 2 { choices = Array(Set(choices + TableColumns.all)) }
            return choices.filter { $0.hasPrefix(word.lowercased()) }.sorted()
        }
        // Inside a stage, after its name: the stage's own words (`count b` is `count by`), not fields.
        if let segment = before.split(separator: "|", omittingEmptySubsequences: false).dropFirst().last, !segment.contains("("),
           let stage = segment.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map({ $0.lowercased() }),
           !word.contains(":"), let spec = QueryVocabulary.stages.first(where: { $0.name == stage }) {
            return spec.keywords.filter { $0.hasPrefix(word.lowercased()) }
        }
        if word.hasPrefix("@") {
            return session.named.definitions.values.map { "@" + $0.name }.filter { folded($0).hasPrefix(folded(word)) }.sorted()
        }
        // A prefix such as `-` or `(` before a field is kept.
        let lead = String(word.prefix { $0 == "-" || $0 == "(" })
        let body = String(word.dropFirst(lead.count))
        if let colon = body.firstIndex(of: ":") {
            let field = body[..<colon].lowercased()
            let value = String(body[body.index(after: colon)...])
            let values: [String]
            switch field {
            case "speaker", "mentions": values = session.index.speakerNames.map(quoted)
            case "topic": values = session.named.topics.values.map(\.name)
            case "kind": values = QueryVocabulary.utteranceKinds
            case "doc": values = session.documents.map(\.id)
            case "editorial": values = ["elision", "insertion", "note", "correction"]
            default: values = []
            }
            return matching(values, value).map { lead + field + ":" + $0 }
        }
        guard !body.isEmpty else { return [] }
        return (QueryVocabulary.fieldNames + QueryVocabulary.queryFieldNames).map { $0 + ":" }.filter { $0.hasPrefix(body.lowercased()) }.map { lead + $0 }
    }

    /// Speakers whose name starts with `word`, a name with spaces in the quotes it needs: `Rá` → `Rákosi`,
    /// `"Rosa M` → `"Rosa Maria"`.
    static func speakers(_ word: String, session: Session) -> [String] {
        matching(session.index.speakerNames.map(quoted), word)
    }

    /// The values that `typed` begins, folded, the quotes of either aside (a quote the user opened, those
    /// of a name with spaces), in order.
    private static func matching(_ values: [String], _ typed: String) -> [String] {
        let wanted = folded(typed.hasPrefix("\"") ? String(typed.dropFirst()) : typed)
        return values.filter { folded($0.trimmingCharacters(in: "\"")).hasPrefix(wanted) }.sorted()
    }

    /// A speaker's name as a query or command takes it: in double quotes when it holds a space.
    private static func quoted(_ name: String) -> String { name.contains(" ") ? "\"\(name)\"" : name }

    /// Files and folders whose path starts with `word`, relative to the working folder.
    static func paths(_ word: String, session: Session) -> [String] {
        let expanded = Session.expandingHome(word)
        let folder = word.hasSuffix("/") ? expanded : expanded.enclosingFolder
        let prefix = word.hasSuffix("/") ? "" : (expanded as NSString).lastPathComponent
        let listed = (try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? []
        let shownFolder = word.hasSuffix("/") ? word : String(word.dropLast((word as NSString).lastPathComponent.count))
        return listed.filter { $0.hasPrefix(prefix) && (!$0.hasPrefix(".") || prefix.hasPrefix(".")) }.sorted().map { name in
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: (folder.isEmpty ? name : (folder as NSString).appendingPathComponent(name)), isDirectory: &isFolder)
            return shownFolder + name + (isFolder.boolValue ? "/" : "")
        }
    }

    private static func folded(_ s: String) -> String { TextFolding.fold(s) }
}
