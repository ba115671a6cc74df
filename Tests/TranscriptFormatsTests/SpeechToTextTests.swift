import Testing
@testable import TranscriptFormats
import TranscriptModel

/// Speech-to-text JSON, on fixtures written from the services' public documentation of their output.
@Suite struct SpeechToTextTests {
    func read(_ json: String) throws -> Document {
        let result = SpeechToTextReader().read(DecodedText(bytes: Array(json.utf8), warnings: []), id: "2024-05-01-call", path: "call.json")
        return try result.get().document
    }

    @Test func assemblyAIUtterances() throws {
        let d = try read("""
            {"id": "x", "status": "completed", "text": "Good morning. Hi. How are you?",
             "utterances": [
               {"speaker": "A", "text": "Good morning.", "start": 250, "end": 1200, "confidence": 0.9, "words": []},
               {"speaker": "A", "text": "We have 19 billion forints.", "start": 1300, "end": 2900, "words": []},
               {"speaker": "B", "text": "Hi. How are you?", "start": 3100, "end": 4650, "words": []}
             ]}
            """)
        #expect(d.format == "json")
        #expect(d.speakers.map(\.name) == ["A", "B"])
        #expect(d.turns.map(\.speaker) == [0, 1])
        #expect(d.turns.map(\.start) == [0.25, 3.1])
        #expect(d.turns.map(\.end) == [2.9, 4.65])
        #expect(d.turns[0].utterances == 0..<2)
        #expect(d.utterances.map(\.text) == ["Good morning.", "We have 19 billion forints.", "Hi. How are you?"])
        #expect(d.utterances[1].figures.first?.value == 19_000_000_000)
        #expect(d.date?.description == "2024-05-01")
    }

    @Test func amazonTranscribeSegmentsJoinedWithItems() throws {
        let d = try read("""
            {"jobName": "j", "results": {
              "transcripts": [{"transcript": "Hello there. Yes, hello."}],
              "speaker_labels": {"speakers": 2, "segments": [
                {"start_time": "0.5", "end_time": "1.4", "speaker_label": "spk_0", "items": []},
                {"start_time": "1.6", "end_time": "2.8", "speaker_label": "spk_1", "items": []}]},
              "items": [
                {"start_time": "0.5", "end_time": "0.9", "alternatives": [{"confidence": "0.99", "content": "Hello"}], "type": "pronunciation"},
                {"start_time": "0.9", "end_time": "1.4", "alternatives": [{"confidence": "0.99", "content": "there"}], "type": "pronunciation"},
                {"alternatives": [{"confidence": "0.0", "content": "."}], "type": "punctuation"},
                {"start_time": "1.6", "end_time": "1.9", "alternatives": [{"confidence": "0.99", "content": "Yes"}], "type": "pronunciation"},
                {"alternatives": [{"confidence": "0.0", "content": ","}], "type": "punctuation"},
                {"start_time": "2.0", "end_time": "2.8", "alternatives": [{"confidence": "0.99", "content": "hello"}], "type": "pronunciation"},
                {"alternatives": [{"confidence": "0.0", "content": "."}], "type": "punctuation"}]}}
            """)
        #expect(d.speakers.map(\.name) == ["spk_0", "spk_1"])
        #expect(d.utterances.map(\.text) == ["Hello there.", "Yes, hello."])
        #expect(d.turns.map(\.start) == [0.5, 1.6])
    }

    @Test func otherJSONIsRefusedClearly() {
        for json in ["{\"documents\": 3}", "[1, 2]", "{not json"] {
            let result = SpeechToTextReader().read(DecodedText(bytes: Array(json.utf8), warnings: []), id: "x", path: "x.json")
            #expect((try? result.get()) == nil, "\(json)")
        }
    }

    /// Broken JSON is refused saying what is wrong and where, by line and column once past the first
    /// line: two values one after the other (as a shell's answers, one a line, are) and a missing comma.
    @Test func brokenJSONSaysWhereItBreaks() {
        let cases = [
            ("[{\"speaker\": \"A\"}]\n[{\"speaker\": \"B\"}]\n", "not valid JSON (unexpected text after the value at line 2, column 1)"),
            ("{\"utterances\": [\n  {\"speaker\": \"A\", \"text\": \"hi\"},\n  {\"speaker\": \"B\" \"text\": \"x\"}\n]}",
             "not valid JSON (expected ',' or '}' at line 3, column 19)"),
            ("{\"utterances\": [1,, 2]}", "not valid JSON (unexpected character at column 19)"),
            // A file cut short says where: the end, or the string left open.
            ("{\"utterances\": [\n", "not valid JSON (unexpected end of the file at line 2, column 1)"),
            ("{\"utterances\": [{\"text\": \"hello", "not valid JSON (unterminated string, which opens at column 26)"),
        ]
        for (json, message) in cases {
            let result = SpeechToTextReader().read(DecodedText(bytes: Array(json.utf8), warnings: []), id: "x", path: "x.json")
            guard case .failure(let error) = result else {
                Issue.record("read: \(json)")
                continue
            }
            #expect(error.message == message)
        }
    }
}
