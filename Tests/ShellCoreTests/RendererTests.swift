import QueryEngine
import QueryLanguage
import Testing
import TranscriptFormats

@testable import ShellCore

/// Showing many utterances hands the output on in pieces, so that a million of them are never held at
/// once, and the pieces make the same text in every format.
@Suite struct RendererPiecesTests {
    @Test(arguments: [OutputFormat.text, .json, .csv, .table, .markdown])
    func manyUtterancesComeInPiecesThatMakeTheWhole(format: OutputFormat) throws {
        // The reference document twenty times over: about half a megabyte of text in any format.
        let documents = (0..<20).map { n in
            var document = Loader.embeddedReference()
            document.id += "-\(n)"
            return document
        }
        let index = CorpusIndex(documents)
        let pipeline = Pipeline(index: index, scope: .utterance, stopWords: [], highlighter: Highlighter())
        let output = pipeline.run(Bitset.all(index.utteranceCount), stages: [])
        let renderer = Renderer(index: index, format: format)
        var pieces: [String] = []
        renderer.render(output, pipeline: pipeline, matched: index.utteranceCount) { pieces.append($0) }
        let whole = pieces.joined()
        #expect(pieces.count > 3)
        #expect(pieces.dropLast().allSatisfy { $0.utf8.count >= 1 << 16 && $0.utf8.count < (1 << 16) + 4096 })
        // Every utterance is in it once: one line or record each, less the header lines of tables.
        let records: Int
        switch format {
        case .text: records = whole.components(separatedBy: "\n[").count
        case .json: records = whole.components(separatedBy: "{\"doc\": ").count - 1
        case .csv, .table: records = whole.split(separator: "\n").count - 1
        default: records = whole.split(separator: "\n").count - 2
        }
        #expect(records == index.utteranceCount)
        #expect(whole.hasSuffix("\n"))
    }
}
