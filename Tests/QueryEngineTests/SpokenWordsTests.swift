import Foundation
import Testing
@testable import QueryEngine
import TestSupport
import TranscriptFormats
import TranscriptModel

/// `words` counts words as spoken: no markup, codes or markers, and each document's own stop words.
@Suite struct SpokenWordsTests {
    static func document(_ texts: [String], id: String = "fixture", metadata: [MetadataField] = []) -> Document {
        Document(id: id, path: id + ".txt", format: "text", metadata: metadata, utterances: texts.enumerated().map { i, text in
            Utterance(kind: .speech, speaker: nil, turn: nil, text: text, location: SourceLocation(path: id + ".txt", line: i + 1))
        })
    }

    static func words(_ index: CorpusIndex, _ utterances: [Int]? = nil, limit: Int = 50) -> [String: Int] {
        let list = SpokenWords.frequencies(utterances ?? Array(0..<index.utteranceCount), index: index, stopWords: .perLanguage, limit: limit).words
        return Dictionary(list.map { ($0.word, $0.count) }, uniquingKeysWith: +)
    }

    @Test func markupCodesAndMarkersAreNotWords() {
        let index = CorpusIndex([Self.document([
            "quack@o quack &-uh xxx yyy www [+ RES] [= laughs] [: word] pencil",
            "O<sub>2</sub> pressure [glossary:PGNCS] check <center><img src=x></center>",
            "l'article, l’article, d'article; that's Péter's plan, Péter plan",
        ])])
        let counts = Self.words(index)
        #expect(counts["quack"] == 2)
        #expect(counts["pencil"] == 1 && counts["pressure"] == 1 && counts["check"] == 1)
        #expect(counts["pgncs"] == 1)
        for markup in ["o", "uh", "xxx", "yyy", "www", "res", "laughs", "word", "sub", "glossary", "center", "img", "src"] {
            #expect(counts[markup] == nil, "\(markup)")
        }
        #expect(counts["article"] == 3)
        #expect(counts["péter"] == 2 && counts["plan"] == 2)
        #expect(counts["that's"] == nil && counts["that"] == nil)
    }

    /// An elided article gives way to the word after it however short that word is (`l'ull`); another short
    /// word before an apostrophe is part of a name (`O'Connell`).
    @Test func elidedArticlesAndNames() {
        let counts = Self.words(CorpusIndex([Self.document(["l'ull ull d'ull; O'Connell o'clock; we're here"])]))
        #expect(counts["ull"] == 3)
        #expect(counts["o'connell"] == 1 && counts["connell"] == nil)
        #expect(counts["o'clock"] == 1)
        #expect(counts["l"] == nil && counts["d"] == nil)
    }

    /// A word written with a part not said in parentheses counts as the whole word, as the index reads it.
    @Test func aWordPartlySaidCountsWhole() {
        let text = "you wan(t) a cookie ? (th)at want"
        var document = Self.document([text])
        for word in ["wan(t)", "(th)at"] {
            let start = text.utf8.count - (text.components(separatedBy: word).last ?? "").utf8.count - word.utf8.count
            document.annotations.append(Annotation(utterance: 0, code: Annotation.partlySaid, text: word, range: start..<(start + word.utf8.count)))
        }
        let counts = Self.words(CorpusIndex([document]))
        #expect(counts["want"] == 2)
        #expect(counts["wan"] == nil && counts["th"] == nil && counts["at"] == nil)
    }

    @Test func eachDocumentUsesTheStopListOfItsLanguage() throws {
        let lists = StopLists.standard
        let catalan = Self.document(["El conseller de la Generalitat diu que la llei és clara."], metadata: [MetadataField("language", "ca")])
        #expect(lists.language(of: catalan).code == "ca")
        let chat = Self.document(["more cookie"], metadata: [MetadataField("CHI.language", "eng")])
        #expect(lists.language(of: chat).code == "en")
        let hungarian = Self.document(Array(repeating: "Ez egy nagyon fontos kérdés, és a párt nem tudja, hogy mit kell tenni, de az ország vár.", count: 20))
        #expect(lists.language(of: hungarian).code == "hu")
        let english = Self.document(Array(repeating: "The party does not know what it should do, and the country waits.", count: 20))
        #expect(lists.language(of: english).code == "en")
        let counts = Self.words(CorpusIndex([catalan]))
        #expect(counts["de"] == nil && counts["la"] == nil && counts["que"] == nil)
        #expect(counts["llei"] == 1 && counts["conseller"] == 1)
    }

    @Test func aFolderOfListsReplacesTheShippedListOfEachLanguage() throws {
        let folder = try TemporaryFolder()
        try folder.write("ca.txt", "# mine\nconseller\n")
        let lists = StopLists(environment: ["PARLEY_STOPWORDS": folder.path])
        #expect(lists.lists["ca"] == ["conseller"])
        #expect(lists.lists["en"] == StopLists.standard.lists["en"])
    }

    /// The lists built into the program are the files (`make embed-reference` regenerates them).
    @Test func shippedListsAreTheFiles() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = repository.appendingPathComponent("Examples/stopwords")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".txt") }
        #expect(Set(files.map { String($0.dropLast(4)) } + ["en"]) == Set(EmbeddedStopLists.byLanguage.keys))
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            #expect(EmbeddedStopLists.byLanguage[String(file.dropLast(4))] == text, "\(file)")
        }
        let english = try String(contentsOf: repository.appendingPathComponent("Examples/stopwords-en.txt"), encoding: .utf8)
        #expect(EmbeddedStopLists.byLanguage["en"] == english)
    }

    static let shared: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus")

    /// Over the whole shared corpus, no markup name, tag or CHAT code reaches the top 50 more often than it is
    /// written outside markup (counted here by regular expressions over the files), and the Catalan session's
    /// top 50 holds no Catalan stop word.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: shared.path), "../shared/corpus is absent: no corpus to count"))
    func theSharedCorpusTopFiftyHasNoMarkup() throws {
        let files = try FileManager.default.subpathsOfDirectory(atPath: Self.shared.path)
            .filter { !$0.hasSuffix("README.md") && !$0.hasSuffix("listPerson.xml") && !$0.hasSuffix(".tei.xml") && !$0.hasSuffix(".xml") }
        var markup: Set<String> = []
        var outside = ""
        for file in files {
            guard let text = try? String(contentsOfFile: Self.shared.appendingPathComponent(file).path, encoding: .utf8) else { continue }
            for (pattern, group) in [(#"\[([A-Za-z_-]+):[^\s\]]"#, 1), (#"</?([A-Za-z]+)[^>]{0,200}>"#, 1), (#"\[[+=*%^:] *([A-Za-z]+)"#, 1), (#"&[-=+]([A-Za-z]+)"#, 1)] {
                let regex = try NSRegularExpression(pattern: pattern)
                for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    if let range = Range(match.range(at: group), in: text) { markup.insert(text[range].lowercased()) }
                }
            }
            outside += try NSRegularExpression(pattern: #"\[[A-Za-z_-]+:|</?[A-Za-z][^>]{0,200}>|\[[+=*%^:][^\]]*\]|&[-=+][A-Za-z]+"#)
                .stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: " ")
        }
        #expect(markup.contains("glossary") && markup.contains("sub") && markup.contains("res"))
        let documents = Loader().load([Self.shared.path]).documents
        let index = CorpusIndex(documents)
        let top = Self.words(index)
        for name in markup {
            guard let count = top[name] else { continue }
            let written = try NSRegularExpression(pattern: "\\b\(NSRegularExpression.escapedPattern(for: name))\\b", options: .caseInsensitive)
                .numberOfMatches(in: outside, range: NSRange(outside.startIndex..., in: outside))
            #expect(count <= written, "'\(name)' counted \(count) times, written \(written) times outside markup")
        }
        for marker in ["xxx", "yyy", "www"] { #expect(top[marker] == nil) }
        let catalan = try #require(documents.firstIndex { $0.id.hasPrefix("ParlaMint") })
        let segments = Array(index.documentStarts[catalan]..<index.documentStarts[catalan + 1])
        let catalanTop = Self.words(index, segments)
        for stop in ["de", "la", "que", "el", "i", "a", "del", "els", "per", "amb"] { #expect(catalanTop[stop] == nil, "\(stop)") }
    }
}
