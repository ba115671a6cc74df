import Foundation
import Testing
@testable import TranscriptFormats
import TestSupport
import TranscriptModel

@Suite struct LoaderTests {
    let transcript = "Cde. Beria: The army must be cut.\n\nCde. Malenkov: Agreed.\n"

    @Test func folderIsWalkedInNameOrderSkippingOtherFiles() throws {
        let folder = try TemporaryFolder()
        try folder.write("b.txt", transcript)
        try folder.write("a/c.md", transcript)
        try folder.write(".hidden.txt", transcript)
        try folder.write("picture.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A])
        try folder.write("manifest.json", "{\"documents\": 1}")
        try folder.write("notes.py", "print(1)\n")
        let result = Loader().load([folder.path])
        #expect(result.documents.map(\.id) == ["c", "b"])
        #expect(!result.failed)
        #expect(result.messages.map(\.severity) == [.note, .note, .note, .note])
        #expect(result.messages.map { ($0.path as NSString).lastPathComponent } == [".hidden.txt", "manifest.json", "notes.py", "picture.png"])
        #expect(result.messages.first { $0.path.hasSuffix(".png") }?.message == "skipped: not a transcript file (.png)")
    }

    @Test func folderWalksPassOverSidecarsAndProjectFilesButNamedOnesAreRead() throws {
        let folder = try TemporaryFolder()
        for name in ["README.md", "LICENSE.txt", "CHANGELOG.md", "CONTRIBUTING.md", "hearing.txt"] {
            try folder.write(name, transcript)
        }
        try folder.write("parley.speakers", "# no rules yet\n")
        try folder.write("hearing.speakers", "Cde. Beria = Lavrentiy Beria\n")
        try folder.write(".draft.txt", transcript)
        let walked = Loader().load([folder.path])
        #expect(walked.documents.map(\.id) == ["hearing"])
        #expect(walked.documents.first?.speakers.first?.name == "Lavrentiy Beria")
        #expect(walked.messages.count == 7)
        #expect(walked.messages.first { $0.path.hasSuffix(".draft.txt") }?.message == "skipped: hidden")
        #expect(walked.messages.allSatisfy { $0.severity == .note })
        #expect(walked.messages.first { $0.path.hasSuffix("README.md") }?.message == "skipped: a README file, not a transcript")
        #expect(walked.messages.first { $0.path.hasSuffix("parley.speakers") }?.message
                == "skipped: a sidecar of speaker rules, applied to the transcripts beside it")
        let named = Loader().load([folder.path + "/README.md"])
        #expect(named.documents.map(\.id) == ["README"])
        #expect(named.messages.isEmpty)
    }

    /// Every format has its reader in the table, and the reader reads that format: the loader asks the
    /// table, never a format's name.
    @Test func everyFormatHasItsReaderInTheTable() throws {
        let samples: [TranscriptFormat: String] = [
            .text: "Cde. Beria: One.\n", .markdown: "**Cde. Beria:** One.\n",
            .webvtt: "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Beria>One.\n",
            .srt: "1\n00:00:01,000 --> 00:00:02,000\nBERIA: One.\n",
            .chat: "@UTF8\n@Begin\n@Participants:\tBER Beria Adult\n*BER:\tOne .\n@End\n",
            .tei: "<?xml version=\"1.0\"?><TEI><text><body><div type=\"document\"><p><persName>Beria</persName>: One.</p></div></body></text></TEI>",
            .json: "{\"utterances\": [{\"speaker\": \"Beria\", \"text\": \"One.\", \"start\": 0, \"end\": 1000}]}",
            .jsonl: JSONLinesWriter.write([ArchivalTextReader(format: .text).read(DecodedText(bytes: Array("Cde. Beria: One.\n".utf8), warnings: []), id: "x", path: "x")]),
        ]
        for format in TranscriptFormat.allCases {
            let text = try #require(samples[format], "no sample for \(format)")
            let read = try format.reader.read(DecodedText(bytes: Array(text.utf8), warnings: []), in: ReadContext(id: "x", path: "x")).get()
            let document = try #require(read.documents.first)
            // Parley's own export reads back the format the document was read in.
            #expect(document.format == (format == .jsonl ? "text" : format.rawValue), "\(format)")
            #expect(document.utterances.first?.text.hasPrefix("One") == true, "\(format)")
            #expect(document.speakers.first?.name.hasPrefix("Beria") == true, "\(format): \(document.speakers)")
        }
    }

    @Test func namedPathsThatCannotBeReadFailButOthersLoad() throws {
        let folder = try TemporaryFolder()
        let good = try folder.write("good.txt", transcript)
        let empty = try folder.write("empty.txt", "  \n\n")
        let png = try folder.write("image.txt", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0])
        let elf = try folder.write("program", [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0])
        let missing = folder.path + "/missing.txt"
        let result = Loader().load([missing, empty, good, png, elf])
        #expect(result.documents.map(\.id) == ["good"])
        #expect(result.failed)
        #expect(result.messages.map(\.description) == [
            "error: \(missing): no such file or directory",
            "error: \(empty): empty file",
            "error: \(png): not a transcript: a PNG image",
            "error: \(elf): not a transcript: an ELF executable",
        ])
    }

    /// A file whose name is Latin-1 (`caf\xE9.txt`) was reported as missing, in a folder and named: the
    /// message now says why it cannot be read.
    @Test func aFileNameThatIsNotUTF8IsSaidToBeOne() throws {
        let folder = try TemporaryFolder()
        let name: [UInt8] = Array("caf".utf8) + [0xE9] + Array(".txt".utf8)
        let bytes = Array(folder.path.utf8) + [0x2F] + name
        let fd = (bytes + [0]).withUnsafeBufferPointer { path in
            path.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) }
        }
        try #require(fd >= 0)
        close(fd)
        let shown = folder.path + "/caf\u{FFFD}.txt"
        let reason = "its name is not valid UTF-8, and Parley reads names as UTF-8; rename it (for example with `convmv -f latin1 -t utf8 --notest`)"
        let walked = Loader().load([folder.path])
        #expect(walked.messages.first { $0.path == shown }?.message == "skipped: " + reason)
        let named = Loader().load([shown])
        #expect(named.messages.map(\.description) == ["error: \(shown): " + reason])
    }

    /// A results table named as a transcript would be read as one paragraph of narrative: it is refused,
    /// unless the user says it is text.
    @Test func aTableNamedAsInputIsRefusedUnlessReadAsText() throws {
        let folder = try TemporaryFolder()
        let csv = try folder.write("answers.csv", "speaker,utterances\nBeria,8\n")
        let tsv = try folder.write("answers.TSV", "speaker\tutterances\n")
        let result = Loader().load([csv, tsv])
        #expect(result.documents.isEmpty && result.failed)
        #expect(result.messages.map(\.description) == [
            "error: \(csv): a table (.csv), not a transcript; '--format-in text' reads it as plain text",
            "error: \(tsv): a table (.tsv), not a transcript; '--format-in text' reads it as plain text",
        ])
        var asText = Loader()
        asText.formatOverride = .text
        #expect(asText.load([csv]).documents.first?.utterances.first?.text == "speaker,utterances Beria,8")
    }

    /// A file named `.json` or `.jsonl` is read as what its name says: one that is not says where it
    /// breaks, instead of loading as a paragraph of prose.
    @Test func aFileNamedAsJSONIsReadAsJSON() throws {
        let folder = try TemporaryFolder()
        let prose = try folder.write("prose.json", "not json at all\n")
        let numbers = try folder.write("numbers.json", "[1,2]\n")
        let two = try folder.write("two.json", "{\"a\": 1}\n{\"b\": 2}\n")
        let lines = try folder.write("prose.jsonl", "hello\n")
        let result = Loader().load([prose, numbers, two, lines])
        #expect(result.documents.isEmpty && result.failed)
        #expect(result.messages.map(\.description) == [
            "error: \(prose): not valid JSON (unexpected character at column 2)",
            "error: \(numbers): JSON, but not a transcript: no speaker-labelled utterances",
            "error: \(two): not valid JSON (unexpected text after the value at line 2, column 1)",
            "error: \(lines): not Parley's JSON Lines: no document header line (\"type\": \"document\")",
        ])
    }

    @Test func invalidUTF8IsReplacedAndReportedWithItsLine() throws {
        let folder = try TemporaryFolder()
        var bytes = Array("Cde. Beria: First line.\n\nCde. Malenkov: Bad ".utf8)
        bytes += [0xC3, 0x28, 0xFF]
        bytes += Array(" bytes here.\n".utf8)
        let file = try folder.write("bad.txt", bytes)
        let result = Loader().load([file])
        #expect(!result.failed)
        #expect(result.messages.map(\.description) == ["warning: \(file): line 3: invalid UTF-8 (2 bytes replaced by U+FFFD)"])
        #expect(result.documents.first?.utterances.last?.text == "Bad \u{FFFD}(\u{FFFD} bytes here.")
    }

    /// The validator that skips ASCII eight bytes at a time agrees with the standard library's on text
    /// that is mostly ASCII with sequences of every length, valid and broken, at every alignment.
    @Test func theFastUTF8CheckAgreesWithTheStandardLibrary() {
        var random = SplitMix64(seed: 11)
        let pieces: [[UInt8]] = [Array("ab".utf8), Array("é".utf8), Array("€".utf8), Array("😀".utf8), [0xC3], [0xE2, 0x82],
                                 [0xF0, 0x9F, 0x98], [0x80], [0xFF], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80]]
        var invalid = 0
        for _ in 0..<5000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...12, using: &random) {
                bytes += Array(repeating: 0x61, count: Int.random(in: 0...17, using: &random))
                if Bool.random(using: &random) { bytes += pieces[Int.random(in: 0..<pieces.count, using: &random)] }
            }
            let expected = String(validating: bytes, as: UTF8.self) != nil
            if !expected { invalid += 1 }
            #expect(DecodedText.isValidUTF8(bytes) == expected, "\(bytes)")
        }
        #expect(invalid > 1000 && invalid < 4000)
    }

    /// A terminal's escape sequence is taken out and other control characters read as spaces, with a
    /// warning naming the line; CHAT's timing bullet (U+0015) stays.
    @Test func controlCharactersAreTakenOutAndSaid() throws {
        let folder = try TemporaryFolder()
        var bytes = Array("Cde. Beria: First line.\n\nCde. Malenkov: esc".utf8)
        bytes += [0x1B] + Array("[31mred text".utf8) + [0x07, 0x7F] + Array(" here\u{15}.\n".utf8)
        let file = try folder.write("ctrl.txt", bytes)
        let result = Loader().load([file])
        #expect(result.messages.map(\.description) == ["warning: \(file): line 3: control characters (U+0007, U+001B, U+007F) taken out"])
        #expect(result.documents.first?.utterances.last?.text == "escred text here\u{15}.")
    }

    /// Each ASCII byte, at each place in a word of eight and in the tail after the last word: it is taken
    /// out as a control exactly when it is one (below 0x20 but tab, line feed, form feed and U+0015, or DEL).
    @Test func everyControlByteIsFoundWhereverItStands() {
        for byte in UInt8(0)...0x7F {
            let isControl = (byte < 0x20 && ![0x09, 0x0A, 0x0C, 0x15].contains(byte)) || byte == 0x7F
            for place in 0..<12 {
                var bytes = Array("abcdefghijk".utf8)
                bytes.insert(byte, at: place)
                var warnings: [String] = []
                DecodedText.replaceControls(&bytes, warnings: &warnings)
                #expect(warnings.isEmpty == !isControl, "byte \(byte) at \(place)")
            }
        }
    }

    @Test func utf16WithByteOrderMarkAndOtherLineEndsAreRead() throws {
        let folder = try TemporaryFolder()
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in "Cde. Rákosi: Hello.\r\n\r\nCde. Beria: Hi.\r\n".utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let a = try folder.write("utf16.txt", utf16)
        let b = try folder.write("cr.txt", "Cde. Rákosi: Hello.\r\rCde. Beria: Hi.\r")
        // Without its byte-order mark, in either byte order, and said so.
        var little: [UInt8] = [], big: [UInt8] = []
        for unit in "Cde. Rákosi: Hello.\n\nCde. Beria: Hi.\n".utf16 {
            little += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            big += [UInt8(unit >> 8), UInt8(unit & 0xFF)]
        }
        let c = try folder.write("little.txt", little)
        let d = try folder.write("big.txt", big)
        let result = Loader().load([a, b, c, d])
        #expect(result.documents.count == 4)
        #expect(result.messages.map(\.message).sorted() == ["read as UTF-16 (big-endian, without a byte-order mark)",
                                                           "read as UTF-16 (byte-order mark)",
                                                           "read as UTF-16 (little-endian, without a byte-order mark)"])
        for document in result.documents {
            #expect(document.speakers.map(\.name) == ["Rákosi", "Beria"])
            #expect(document.utterances.map(\.text) == ["Hello.", "Hi."])
            #expect(document.utterances.map(\.location.line) == [1, 3])
        }
    }

    @Test func progressCountsEveryFile() throws {
        let folder = try TemporaryFolder()
        for n in 1...5 { try folder.write("t\(n).txt", transcript) }
        let seen = Tally()
        let loader = Loader(progress: { done, total, bytes in
            #expect(total == 5)
            #expect(bytes > 0)
            _ = done
            _ = seen.add(1)
        })
        #expect(loader.load([folder.path]).documents.count == 5)
        #expect(seen.add(0).files == 6)
    }

    @Test func documentIDsAreUniqueInACorpus() throws {
        let folder = try TemporaryFolder()
        let a = try folder.write("x/talk.txt", transcript)
        let b = try folder.write("y/talk.md", transcript)
        let corpus = Corpus(Loader().load([a, b]).documents)
        #expect(corpus.documents.map(\.id) == ["talk", "talk-2"])
    }

    @Test func symlinkLoopIsPassedOverWithANote() throws {
        let folder = try TemporaryFolder()
        try folder.write("in/talk.txt", transcript)
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/in/loop", withDestinationPath: folder.path + "/in")
        let result = Loader().load([folder.path])
        #expect(result.documents.count == 1)
        #expect(result.messages.map(\.severity) == [.note])
    }

    @Test func formatIsDetectedByContent() {
        func detect(_ text: String, _ ext: String = "txt") -> TranscriptFormat { .detect(Array(text.utf8), fileExtension: ext) }
        #expect(detect("WEBVTT\n\n00:00.000 --> 00:01.000\nHi") == .webvtt)
        #expect(detect("1\n00:00:01,000 --> 00:00:02,000\nHi\n") == .srt)
        #expect(detect("@UTF8\n@Begin\n") == .chat)
        #expect(detect("<?xml version=\"1.0\"?>\n<TEI>") == .tei)
        #expect(detect("{\"a\": 1}") == .json)
        #expect(detect("{\"a\": 1}\n{\"b\": 2}\n") == .jsonl)
        #expect(detect("[-00:00:00:10]\nLCC: 10, 9, 8") == .text)
        #expect(detect("---\ntitle: x\n---\nBody") == .markdown)
        #expect(detect("Plain", "md") == .markdown)
        #expect(detect("Plain") == .text)
        // Cues without their numbers, or without the `WEBVTT` line, are still captions.
        #expect(detect("00:00:01,000 --> 00:00:02,000\nHi\n", "srt") == .srt)
        #expect(detect("00:00:01.000 --> 00:00:02.000\nHi\n", "vtt") == .webvtt)
        #expect(detect("\n00:01.000 --> 00:02.000\n<v Ann>Hi\n") == .webvtt)
        #expect(detect("The flow goes A --> B.\n") == .text)
    }
}

@Suite(.enabled(if: SharedCorpus.isAvailable, SharedCorpus.skipMessage))
struct TEILoadingTests {
    @Test func parlaMintFolderNamesSpeakersFromItsListPerson() throws {
        let result = Loader().load([SharedCorpus.path("parlamint-es-ct")])
        #expect(result.documents.map(\.format) == ["tei"])
        #expect(result.messages.map(\.message) == ["skipped: a ParlaMint list of persons: it names the speakers of the documents beside it"])
        let document = try #require(result.documents.first)
        // The chair's id in the session is resolved to her name in the listPerson file.
        let text = try SharedCorpus.text("parlamint-es-ct/ParlaMint-ES-CT-listPerson.xml")
        #expect(text.contains("Forcadell"))
        #expect(document.speakers.contains { $0.name.contains("Forcadell") })
        #expect(document.turns.count == (try SharedCorpus.text("parlamint-es-ct/ParlaMint-ES-CT_2015-11-19-0401.xml")).components(separatedBy: "<u ").count - 1)
    }

    /// Several sessions share the folder's list of persons, which may be in UTF-16 like any file; ParlaMint's
    /// other lists (of organisations) are not transcripts and are skipped with a note.
    @Test func sessionsShareTheirFolderListAndOtherListsAreSkipped() throws {
        let folder = try TemporaryFolder(prefix: "parley-parlamint")
        defer { folder.remove() }
        let session = try SharedCorpus.text("parlamint-es-ct/ParlaMint-ES-CT_2015-11-19-0401.xml")
        _ = try folder.write("ParlaMint-ES-CT_A.xml", session)
        _ = try folder.write("ParlaMint-ES-CT_B.xml", session)
        let list = try SharedCorpus.text("parlamint-es-ct/ParlaMint-ES-CT-listPerson.xml")
        _ = try folder.write("ParlaMint-ES-CT-listPerson.xml", [0xFF, 0xFE] + list.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        let orgs = try folder.write("ParlaMint-ES-CT-listOrg.xml", #"<?xml version="1.0" encoding="UTF-8"?>\#n<listOrg xmlns="http://www.tei-c.org/ns/1.0"><org xml:id="p"><orgName>Party</orgName></org></listOrg>"#)
        let result = Loader().load([folder.path])
        #expect(result.documents.map(\.id) == ["ParlaMint-ES-CT_A", "ParlaMint-ES-CT_B"])
        #expect(result.documents.allSatisfy { $0.speakers.contains { $0.name.contains("Forcadell") } })
        #expect(result.messages.contains { $0.path == orgs && $0.message == "skipped: TEI, but a <listOrg> file, not a transcript" })
    }

    @Test func frusMemorandaLoadByContent() {
        let result = Loader().load([SharedCorpus.path("1960-05-16-frus-paris-summit-memcon.tei.xml"),
                                    SharedCorpus.path("1977-01-15-frus-kissinger-botha-memcon.tei.xml")])
        #expect(!result.failed)
        #expect(result.documents.map(\.id) == ["1960-05-16-frus-paris-summit-memcon", "1977-01-15-frus-kissinger-botha-memcon"])
        #expect(result.documents.allSatisfy { !$0.turns.isEmpty })
    }
}
