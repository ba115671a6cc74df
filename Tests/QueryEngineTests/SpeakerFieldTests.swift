import Foundation
import Testing
import QueryEngine
import QueryLanguage
import TranscriptFormats
import TranscriptModel

/// `speaker:` finds a speaker by canonical name, any label, or a word of the name or of a label's title;
/// never by a label's parenthetical part or a particle alone; prefix, fuzzy and regular-expression values
/// match names and labels.
@Suite struct SpeakerFieldTests {
    static let speakers = [
        Speaker(name: "Rusk", labels: ["Secretary Rusk (to Ambassador Dobrynin)"], titles: ["Secretary"]),
        Speaker(name: "Dobrynin", labels: ["Ambassador Dobrynin"], titles: ["Ambassador"]),
        Speaker(name: "de Gaulle", labels: ["President de Gaulle", "De Gaulle"], titles: ["President"]),
        Speaker(name: "Germà Gordò i Aubarell", labels: ["El conseller de Justícia (Germà Gordó i Aubarell)"]),
        Speaker(name: "Cameron", labels: ["Mr. David Cameron (Witney) (Con)", "Mr. Cameron"], titles: ["Mr."]),
        Speaker(name: "Rákosi", labels: ["Cde. Rákosi"], titles: ["Cde."]),
        Speaker(name: "Ёлкин", labels: ["Ёлкин"]),
        Speaker(name: "Beria", labels: ["Beria"]),
        Speaker(name: "José María Espejo-Saavedra Conesa", labels: ["El vicepresident segon"]),
        Speaker(name: "Suga", labels: ["PRIME MINISTER SUGA"], titles: ["PRIME MINISTER"]),
        Speaker(name: "The Prime Minister", labels: ["The Prime Minister"]),
        Speaker(name: "Jean Chretien", labels: ["Right Hon. Jean Chretien (Prime Minister, Lib.)"], titles: ["Right Hon."]),
    ]

    static let index: CorpusIndex = {
        let utterances = speakers.indices.map { s in
            Utterance(kind: .speech, speaker: s, turn: s, text: "turn of speaker \(s)", location: SourceLocation(path: "f.txt", line: s + 1))
        }
        return CorpusIndex([Document(id: "f", path: "f.txt", format: "text", speakers: speakers, utterances: utterances)])
    }()

    /// The canonical names `query` finds, sorted.
    static func names(_ query: String) throws -> [String] {
        let parsed = parseQuery(query)
        try #require(!parsed.hasErrors, "\(query): \(parsed.diagnostics.map(\.message))")
        let evaluator = Evaluator(index: index, settings: MatchSettings(), named: NamedQueries(), source: parsed.source)
        return try evaluator.evaluate(parsed.expression).members.map { speakers[$0].name }.sorted()
    }

    @Test func namesLabelsAndTheirWordsFindTheSpeaker() throws {
        #expect(try Self.names("speaker:Rusk") == ["Rusk"])
        #expect(try Self.names("speaker:Secretary") == ["Rusk"])
        #expect(try Self.names("speaker:Ambassador") == ["Dobrynin"])
        #expect(try Self.names("speaker:Dobrynin") == ["Dobrynin"])
        #expect(try Self.names("speaker:Gaulle") == ["de Gaulle"])
        #expect(try Self.names("speaker:\"de Gaulle\"") == ["de Gaulle"])
        #expect(try Self.names("speaker:conseller") == ["Germà Gordò i Aubarell"])
        #expect(try Self.names("speaker:gordo") == ["Germà Gordò i Aubarell"])
        #expect(try Self.names("speaker:Cameron") == ["Cameron"])
        #expect(try Self.names("speaker:Elkin") == [])
        #expect(try Self.names("speaker:Елкин") == ["Ёлкин"])
        // Words are read as the index reads text: a hyphenated surname by its parts, as written and joined.
        for value in ["Espejo", "Saavedra", "Espejo-Saavedra", "espejosaavedra", "vicepresident", "\"El vicepresident segon\""] {
            #expect(try Self.names("speaker:" + value) == ["José María Espejo-Saavedra Conesa"], "\(value)")
        }
    }

    /// A phrase finds the speakers whose name or label holds its words in a row, as a word finds those
    /// that hold the word: a whole title (`"Prime Minister"`) finds no fewer than one of its words.
    @Test func aPhraseFindsItsWordsInARowOfANameOrLabel() throws {
        #expect(try Self.names("speaker:\"Prime Minister\"") == ["Suga", "The Prime Minister"])
        #expect(try Self.names("speaker:\"prime minister suga\"") == ["Suga"])
        #expect(try Self.names("speaker:\"Right Hon.\"") == ["Jean Chretien"])
        #expect(try Self.names("speaker:\"Minister Prime\"") == [])
        // Not across a label's parenthetical part: that is the seat or the party, not the speaker's name.
        #expect(try Self.names("speaker:\"Chretien Prime\"") == [])
        #expect(try Self.names("speaker:Minister") == ["Suga", "The Prime Minister"])
    }

    @Test func neitherAQualifierNorAParticleAloneNamesASpeaker() throws {
        #expect(try Self.names("speaker:de") == [])
        #expect(try Self.names("speaker:i") == [])
        #expect(try Self.names("speaker:El") == [])
        #expect(try Self.names("speaker:Witney") == [])
        #expect(try Self.names("speaker:Con") == [])
        #expect(try Self.names("speaker:to") == [])
    }

    @Test func prefixFuzzyAndRegularExpressionsMatchNamesAndLabels() throws {
        #expect(try Self.names("speaker:rak*") == ["Rákosi"])
        #expect(try Self.names("speaker:Rakosy~") == ["Rákosi"])
        #expect(try Self.names("speaker:Rakosy~1") == ["Rákosi"])
        #expect(try Self.names("speaker:/^B/") == ["Beria"])
        #expect(try Self.names("speaker:/^b.*a$/") == ["Beria"])
        #expect(try Self.names("speaker:/b.*a/").contains("Dobrynin"))  // `Ambassador`
        #expect(try Self.names("speaker:/gaulle$/") == ["de Gaulle"])
        #expect(try Self.names("speaker:amb*") == ["Dobrynin"])
    }

    static let shared: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus")

    /// On the Catalan session, `speaker:de` used to find Germà Gordó's turns through his office label
    /// `El conseller de Justícia`, and on the Paris summit de Gaulle's through his name's particle.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: shared.path), "../shared/corpus is absent: no labels to check"))
    func particlesOfTheSharedCorpusNameNoOne() throws {
        let paths = ["parlamint-es-ct/ParlaMint-ES-CT_2015-11-19-0401.xml", "1960-05-16-frus-paris-summit-memcon.tei.xml"]
            .map { Self.shared.appendingPathComponent($0).path }
        let index = CorpusIndex(Loader().load(paths).documents)
        func count(_ query: String) throws -> Int {
            let parsed = parseQuery(query)
            return try Evaluator(index: index, settings: MatchSettings(), named: NamedQueries(), source: parsed.source)
                .evaluate(parsed.expression).count
        }
        // The Paris file labels de Gaulle's paragraphs `De Gaulle:` or `President de Gaulle:` (the colon inside
        // or outside the italics); each label opens a turn of at least one utterance.
        let paris = try String(contentsOfFile: paths[1], encoding: .utf8)
        let gaulleLabels = try NSRegularExpression(pattern: "Gaulle</persName>(</hi>)?:")
            .numberOfMatches(in: paris, range: NSRange(paris.startIndex..., in: paris))
        #expect(gaulleLabels > 0)
        #expect(try count("speaker:de") == 0)
        #expect(try count("speaker:Gaulle") >= gaulleLabels)
        #expect(try count("speaker:Gordo") > 0)
        #expect(try count("speaker:conseller") == count("speaker:Gordo"))
    }
}
