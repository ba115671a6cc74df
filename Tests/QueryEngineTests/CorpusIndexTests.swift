import Testing
import TranscriptModel

@testable import QueryEngine

@Suite struct CorpusIndexTests {
    /// Every utterance number leads to its document and place in it, also past documents with no utterances.
    @Test func everyUtteranceHasItsAddress() {
        let sizes = [0, 3, 0, 0, 2, 1, 0]
        let documents = sizes.enumerated().map { d, size in
            Document(id: "d\(d)", path: "d\(d).txt", format: "text", utterances: (0..<size).map { i in
                Utterance(kind: .narrative, speaker: nil, turn: nil, text: "word \(d) \(i)", location: SourceLocation(path: "d\(d).txt", line: i + 1))
            })
        }
        let index = CorpusIndex(documents)
        let expected = sizes.enumerated().flatMap { d, size in (0..<size).map { UtteranceAddress(document: d, index: $0) } }
        #expect(index.utteranceCount == expected.count)
        for (number, address) in expected.enumerated() {
            #expect(index.address(number) == address)
            #expect(index.utterance(number).text == "word \(address.document) \(address.index)")
        }
        #expect(CorpusIndex([]).utteranceCount == 0)
    }
}
