import Foundation
import Testing
@testable import TranscriptFormats
import TranscriptModel

/// The reference document, read from the copy built into the program. Expected figures are counted from
/// the file in the repository by the small, independent counts in `ReferenceCount`.
@Suite struct ReferenceDocumentTests {
    let document = Loader.embeddedReference()
    let count = ReferenceCount()

    @Test func embeddedTextEqualsTheFileInTheRepository() throws {
        let file = try Data(contentsOf: SharedCorpus.repository.appendingPathComponent("Examples/reference/\(EmbeddedReference.fileName)"))
        #expect(Array(EmbeddedReference.text.utf8) == Array(file))
    }

    @Test(.enabled(if: SharedCorpus.isAvailable, SharedCorpus.skipMessage))
    func repositoryCopyEqualsTheSharedCorpus() throws {
        let shared = try Data(contentsOf: URL(fileURLWithPath: SharedCorpus.path(EmbeddedReference.fileName)))
        #expect(Array(EmbeddedReference.text.utf8) == Array(shared))
    }

    @Test func turnsParagraphsAndInterjections() {
        #expect(document.turns.count == count.labels.count)
        #expect(document.turns.count == 23)
        #expect(document.utterances.filter { $0.kind == .speech }.count == count.paragraphs)
        #expect(count.paragraphs == 69)
        #expect(document.utterances.filter { $0.kind == .interjection }.count == count.interjections.count)
        #expect(document.utterances.count == 72)
        #expect(document.utterances.allSatisfy { $0.kind != .narrative && $0.kind != .direction })
    }

    @Test func everyTurnInOrderWithItsSpeaker() {
        let speakers = document.turns.map { document.speakers[$0.speaker ?? -1].name }
        #expect(speakers == count.labels.map(\.name))
        #expect(document.turns.map(\.label) == count.labels.map(\.written))
        #expect(Set(document.speakers.map(\.name)).count == 8)
        let rakosi = document.speakers.first { $0.name == "Rákosi" }
        #expect(rakosi?.labels == ["Cde. Rákosi", "Comrade Rákosi"])
        #expect(document.speakers.first { $0.name == "Molotov" }?.labels == ["Comrade Molotov", "Cde. Molotov"])
    }

    @Test func interjectionsAreUtterancesOfTheirOwnSpeakersInPlace() throws {
        let interjections = document.utterances.enumerated().filter { $0.element.kind == .interjection }
        #expect(interjections.map { document.speakers[$0.element.speaker ?? -1].name } == count.interjections.map(\.name))
        #expect(interjections.map(\.element.text) == count.interjections.map(\.text))
        for (index, interjection) in interjections {
            // Right after the paragraph it interrupts, in the same turn, which keeps a marker in its place.
            let paragraph = document.utterances[index - 1]
            let interrupted = index >= 2 && document.utterances[index - 2].kind == .interjection ? document.utterances[index - 2] : paragraph
            #expect(paragraph.turn == interjection.turn)
            #expect(paragraph.location.line == interjection.location.line)
            #expect((interrupted.kind == .speech ? interrupted : paragraph).text.contains(Utterance.marker))
            #expect(!paragraph.text.contains(interjection.text))
        }
    }

    @Test func parentheticalsThatAreNotInterjectionsStayInTheText() {
        let texts = document.utterances.map(\.text)
        #expect(texts.contains { $0.contains("(Examples for decreasing quantity: textiles, soap, etc.)") })
        #expect(texts.contains { $0.contains("(abuses of power)") })
        #expect(texts.contains { $0.contains("(faithful to the Party, Hungarian, knows the agricultural sector)") })
    }

    @Test func listItemsAreParagraphsOfTheirOwn() {
        let items = document.utterances.filter { $0.text.hasPrefix("1. ") || $0.text.hasPrefix("2. ") || $0.text.hasPrefix("3. ") }
        #expect(items.count == 3)
        #expect(items.allSatisfy { $0.turn == 1 })
    }

    @Test func headerGivesDateTitleAndPlace() {
        #expect(document.date?.description == "1953-06-13")
        #expect(document.title == count.title)
        #expect(document.place == "Kremlin")
        #expect(document.unplacedLines == [UnplacedLine(line: 1, text: "Skip to content", reason: "web page boilerplate, skipped")])
        #expect(document.utterances.allSatisfy { !$0.text.contains("Skip to content") })
    }

    @Test func documentInformationBecomesMetadata() {
        #expect(document.metadata("archive") == "Hungarian National Archives, Budapest")
        #expect(document.metadata("signature") == "276.f. 102/65. öe. Typed revision.")
        #expect(document.metadata("publication") == "Published by György T. Varga in Múltunk, 2-3(1992), pp. 234-269")
        #expect(document.metadata("translators") == "Mónika Borbély and Csaba Békés")
        #expect(document.metadata("document_type") == "Memorandum of Conversation")
        #expect(document.metadata("rights")?.contains("[email protected]") == true)
        // Named but empty: recorded as null, not filled from the neighbouring text.
        for name in ["original_uploaded_date", "record_id"] {
            #expect(document.metadata.contains(MetadataField(name, nil)))
        }
        #expect(document.utterances.allSatisfy { !$0.text.contains("Document Information") && !$0.text.contains("Record ID") })
    }

    @Test func everyBracketIsAnEditorialSpanOfTheRightKind() {
        let spans = document.utterances.flatMap(\.editorial)
        #expect(spans.map(\.content) == count.brackets.map(\.content))
        #expect(spans.map(\.kind) == count.brackets.map(\.kind))
        #expect(spans.filter { $0.kind == .elision }.count == 2)
        #expect(spans.filter { $0.kind == .note }.count == 4)
    }

    @Test func figuresCarryTheirValues() {
        let figures = document.utterances.flatMap { u in u.figures.map { (u.text, $0) } }
        func figure(_ written: String) -> Figure? {
            figures.first { text, f in String(decoding: text.utf8[text.utf8.index(text.utf8.startIndex, offsetBy: f.range.lowerBound)..<text.utf8.index(text.utf8.startIndex, offsetBy: f.range.upperBound)], as: UTF8.self) == written }?.1
        }
        #expect(figure("19 billion [forints]")?.value == 19_000_000_000)
        #expect(figure("19 billion [forints]")?.unit == "forints")
        #expect(figure("9,500,000 inhabitants")?.value == 9_500_000)
        #expect(figure("75%")?.value == 75)
        #expect(figure("75%")?.unit == "%")
        #expect(figure("1.5 q")?.value == 1.5)
        #expect(figure("250,000 people")?.value == 250_000)
        // Years and list markers are not figures.
        #expect(!figures.contains { $0.1.value == 1952 || $0.1.value == 1951 })
        #expect(!figures.contains { text, f in f.range.lowerBound == 0 && text.hasPrefix("1. ") })
    }

    @Test func everyUtteranceKnowsItsLine() {
        for utterance in document.utterances {
            let line = count.lines[utterance.location.line - 1]
            let firstWords = utterance.text.split(separator: " ").prefix(3).joined(separator: " ")
            #expect(line.contains(firstWords), "line \(utterance.location.line): \(firstWords)")
        }
    }
}

/// Independent counts of the reference document, made with regular expressions over the file.
struct ReferenceCount {
    struct Label { var written: String; var name: String }
    struct Bracket { var content: String; var kind: EditorialKind }

    let lines: [String]
    let labels: [Label]
    let paragraphs: Int
    let interjections: [(name: String, text: String)]
    let brackets: [Bracket]
    let title: String

    init() {
        let text = EmbeddedReference.text
        lines = text.components(separatedBy: "\n")
        let body = text.components(separatedBy: "Document Information")[0]
        let bodyLines = body.components(separatedBy: "\n")
        let label = try! Regex(#"^((?:Cde\.|Comrade) (\w+)):"#)
        labels = bodyLines.compactMap { line in
            line.firstMatch(of: label).map { Label(written: String($0.output[1].substring!), name: String($0.output[2].substring!)) }
        }
        // The header is the first four non-blank lines; every other non-blank body line is one paragraph.
        let nonBlank = bodyLines.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        title = nonBlank[2]
        paragraphs = nonBlank.count - 4
        let interjection = try! Regex(#"\((?:Cde\. |Comrade )?(\w+): ([^()]*)\)"#)
        interjections = body.matches(of: interjection).map { (String($0.output[1].substring!), String($0.output[2].substring!)) }
        let bracket = try! Regex(#"\[([^\]]*)\]"#)
        brackets = body.matches(of: bracket).map { match in
            let content = String(match.output[1].substring!)
            let kind: EditorialKind = content == "…" || content == "..." ? .elision : ["sic", "?"].contains(content) ? .note : .insertion
            return Bracket(content: content, kind: kind)
        }
    }
}
