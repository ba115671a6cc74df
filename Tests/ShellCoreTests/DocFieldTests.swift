import Foundation
import Testing
import ShellCore
import TranscriptFormats

/// `../shared/corpus`, beside the clone (a user's clone has none).
let sharedCorpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus").path

/// `doc:` takes the names a user has for a document: its id, a word of the id, a title word or phrase, a
/// prefix, and the file it came from. Which documents should match is read from the file names and
/// files of `../shared/corpus`, not from Parley.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: sharedCorpus), "../shared/corpus is not beside the clone; the doc: tests need it"))
struct DocFieldTests {
    static let corpus = sharedCorpus
    static let files = ((try? FileManager.default.contentsOfDirectory(atPath: corpus)) ?? []).sorted()
    static let documents = Loader().load(files.filter { !$0.hasPrefix("README") && !$0.hasPrefix("parlamint") }
        .map { corpus + "/" + $0 }).documents

    /// The documents a query's hits are in, from `count by doc` as CSV.
    func documents(_ query: String) -> (ids: Set<String>, errors: String) {
        let output = BufferOutput()
        let session = Session(documents: Self.documents, output: output, format: .csv)
        _ = session.run(query + " | count by doc")
        return (Set(output.output.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[0]) }), output.errors)
    }

    /// File names without their extensions.
    func stems(containing text: String) -> Set<String> {
        Set(Self.files.filter { $0.lowercased().contains(text) }.map { ($0 as NSString).deletingPathExtension.replacingOccurrences(of: ".tei", with: "") })
    }

    @Test func aWordOfTheIdFindsItsDocument() {
        #expect(documents("doc:north").ids == stems(containing: "north"))
        #expect(documents("doc:apollo13").ids == stems(containing: "apollo13"))
        #expect(documents("doc:frus").ids == stems(containing: "frus") && stems(containing: "frus").count == 2)
    }

    @Test func aTitlePhraseFindsItsDocuments() throws {
        let titled = Self.files.filter { name in
            let text = (try? String(contentsOfFile: Self.corpus + "/" + name, encoding: .utf8)) ?? ""
            // FRUS gives a document its title in the first <head>.
            return text.range(of: #"<head>[^<]*Memorandum of Conversation"#, options: .regularExpression) != nil
        }
        try #require(!titled.isEmpty)
        #expect(documents(#"doc:"Memorandum of Conversation""#).ids == Set(titled.map { ($0 as NSString).deletingPathExtension.replacingOccurrences(of: ".tei", with: "") }))
    }

    @Test func theFileNameFindsEveryDocumentItHolds() throws {
        let chat = try #require(Self.files.first { $0.hasSuffix(".cha") })
        let stem = (chat as NSString).deletingPathExtension
        // This CHAT file records two sittings, each under its own @Date header: a document each.
        let sittings = try String(contentsOfFile: Self.corpus + "/" + chat, encoding: .utf8).components(separatedBy: "\n@Date:").count - 1
        try #require(sittings > 1)
        let found = documents("doc:" + stem).ids
        #expect(found.count == sittings && found.allSatisfy { $0.hasPrefix(stem + "#") })
    }

    @Test func aPrefixAndAnUnknownValue() {
        #expect(documents("doc:1970*").ids == stems(containing: "1970"))
        let (ids, errors) = documents("doc:kremlinn")
        #expect(ids.isEmpty)
        #expect(errors.hasPrefix("note: no document matches 'doc:kremlinn'; did you mean 'kremlin'?"))
    }
}
