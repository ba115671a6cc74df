import Foundation
import Testing
@testable import ShellCore
import TestSupport
import TranscriptFormats

/// `.checksum` and the SHA-256 behind it.
@Suite struct RecordTests {
    // MARK: SHA-256

    /// FIPS 180-4's examples (and the NIST vectors for the empty message and a million 'a's).
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
        (String(repeating: "a", count: 1_000_000), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
    ])
    func knownVectors(message: String, hex: String) {
        #expect(SHA256.hex(Array(message.utf8)) == hex)
    }

    /// A message fed in pieces of any size hashes as it does whole, across every block boundary.
    @Test func piecesHashAsTheWhole() {
        var random = SplitMix64(seed: 8)
        for length in [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            var hash = SHA256()
            var rest = bytes[...]
            while !rest.isEmpty {
                let piece = rest.prefix(Int.random(in: 1...70, using: &random))
                hash.update(Array(piece))
                rest = rest.dropFirst(piece.count)
            }
            #expect(hash.hex == SHA256.hex(bytes), "length \(length)")
        }
    }

    static let sha256sum = "/usr/bin/sha256sum"
    static let hasSHA256Sum = FileManager.default.isExecutableFile(atPath: sha256sum)

    /// The hash as `sha256sum` prints it for the file.
    static func sha256sum(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: sha256sum)
        process.arguments = [path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return String(text.prefix { $0 != " " })
    }

    /// The hash of a file, from `sha256sum` where the system has it, else from the hash tested above.
    static func independentHash(_ path: String) throws -> String {
        hasSHA256Sum ? try sha256sum(path) : SHA256.hex(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Files of every length around the block boundaries, read in small chunks, hash as `sha256sum` says.
    @Test(.enabled(if: hasSHA256Sum)) func filesHashAsSHA256SumSays() throws {
        let folder = try TemporaryFolder()
        var random = SplitMix64(seed: 256)
        for length in [0, 55, 56, 63, 64, 65, 1000, 70_001] {
            let path = try folder.write("f\(length)", (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) })
            for chunk in [7, 64, 1 << 20] {
                #expect(try Checksum.sha256(of: path, chunk: chunk).get() == Self.sha256sum(path), "length \(length), chunk \(chunk)")
            }
        }
    }

    // MARK: A fixture

    /// A meeting of four turns, one paragraph each.
    static let minutes = """
        Meeting of the harbour committee, 3 March 1990

        Mr. SMITH: The harbour must be dredged this year.

        Mrs. JONES: The harbour can wait; the school roof cannot.

        Mr. SMITH: Then the school roof first, and the harbour next year.

        Mrs. JONES: Agreed.

        """

    /// The labelled paragraphs of a text like `minutes` (each one utterance) whose words, in lower case,
    /// pass `test` (with the speaker's label, in lower case, as its second argument): counted from the
    /// text, not by Parley.
    static func paragraphs(of text: String, _ test: (_ words: String, _ label: String) -> Bool) -> Int {
        text.components(separatedBy: "\n\n").filter { paragraph in
            guard paragraph.hasPrefix("Mr"), let colon = paragraph.firstIndex(of: ":") else { return false }
            return test(paragraph[paragraph.index(after: colon)...].lowercased(), paragraph[..<colon].lowercased())
        }.count
    }

    /// The paragraphs of `minutes` that hold a word starting `word`.
    static func paragraphs(holding word: String, in text: String = minutes) -> Int {
        paragraphs(of: text) { words, _ in words.contains(word) }
    }

    /// A folder holding `data/committee.txt`, with the session started on it (no startup file).
    struct Setting {
        let folder: TemporaryFolder
        let transcript: String
        let session: Session
        let output = BufferOutput()

        init(sidecar: Bool = false, paths: (TemporaryFolder) throws -> [String] = { [$0.file("data/committee.txt")] }) throws {
            folder = try TemporaryFolder(prefix: "parley-record")
            transcript = try folder.write("data/committee.txt", RecordTests.minutes)
            if sidecar { try folder.write("data/committee.speakers", "Mrs. JONES = Jane Jones\n") }
            try folder.folder("notes")
            session = Run.start(RunOptions(paths: try paths(folder), environment: ["PARLEYRC": ""]), output: output).0
        }

    }

    // MARK: .checksum

    @Test func checksumOfAMissingFileOrAFolderAndMalformedHashes() throws {
        let setting = try Setting()
        let s = setting.session
        let output = setting.output
        let hash = try Self.independentHash(setting.transcript)
        #expect(s.run(".checksum \(setting.transcript) sha256:\(hash)") == .success)
        #expect(s.run(".checksum \(setting.transcript) SHA256:\(hash.uppercased())") == .success)
        #expect(s.run(".checksum \(setting.transcript)") == .success)
        #expect(output.output == ".checksum \(setting.transcript) sha256:\(hash)\n")
        let missing = setting.folder.file("data/gone.txt")
        #expect(s.run(".checksum \(missing) sha256:\(hash)") == .expectationFailed)
        #expect(output.errors.hasSuffix("error: cannot check '\(missing)': no such file or directory\n"))
        #expect(s.run(".checksum \(setting.folder.path) sha256:\(hash)") == .expectationFailed)
        #expect(output.errors.hasSuffix("error: cannot check '\(setting.folder.path)': it is a folder\n"))
        for malformed in ["sha256:\(hash.dropLast())", "md5:\(hash)", "sha256:\(hash.dropLast())g", hash] {
            #expect(s.run(".checksum \(setting.transcript) \(malformed)") == .queryError)
            #expect(output.errors.hasSuffix("error: '.checksum' takes 'sha256:' and 64 hexadecimal digits after the file, not '\(malformed)'\n"))
        }
        #expect(s.run(".checksum") == .queryError)
        #expect(s.run(".checksum a b c") == .queryError)
        // In a script, a relative path is read from the script's folder.
        #expect(s.runScript(".checksum ../data/committee.txt sha256:\(hash)", name: "s", folder: setting.folder.file("notes")) == .success)
    }
}
