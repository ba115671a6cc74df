import Foundation
import Testing
import TestSupport

/// A research record made with the binary and replayed with `parley -f` from other folders.
@Suite(.serialized) struct RecordEndToEndTests {
    static let minutes = """
        Meeting of the harbour committee, 3 March 1990

        Mr. SMITH: The harbour must be dredged this year.

        Mrs. JONES: The harbour can wait; the school roof cannot.

        Mr. SMITH: Then the school roof first, and the harbour next year.

        """

    @Test func aRecordReplaysFromAnyFolderAndFailsWhenItsFileChanges() throws {
        let folder = try TemporaryFolder(prefix: "parley-record-e2e")
        defer { folder.remove() }
        try folder.write("data/committee.txt", Self.minutes)
        try folder.folder("notes")
        // Made with relative paths, from the folder above both.
        let made = try EndToEndTests.run(["-c", ".record notes/r.parley", "-c", "harbour | count", "-c", ".within turn",
                                          "-c", "roof | count", "-c", ".mode csv", "-c", "speaker:Jones", "data/committee.txt"],
                                         directory: folder.path)
        #expect(made.status == 0, Comment(rawValue: made.errors))
        let record = try String(contentsOfFile: folder.file("notes/r.parley"), encoding: .utf8)
        #expect(record.contains("\n.open ../data/committee.txt\n.checksum ../data/committee.txt sha256:"))
        for directory in ["/", folder.file("data"), folder.file("notes")] {
            let path = directory == "/" ? folder.file("notes/r.parley") : directory.hasSuffix("notes") ? "r.parley" : "../notes/r.parley"
            let replayed = try EndToEndTests.run(["-f", path], directory: directory)
            #expect(replayed.status == 0, Comment(rawValue: "from \(directory): " + replayed.errors))
            #expect(replayed.output == made.output, "from \(directory)")
        }
        // The file changes: the replay stops at its checksum with status 1, naming the file.
        try folder.write("data/committee.txt", Self.minutes + "\nMrs. JONES: Agreed.\n")
        let changed = try EndToEndTests.run(["-f", "notes/r.parley"], directory: folder.path)
        #expect(changed.status == 1)
        #expect(changed.output == "")
        #expect(changed.errors.contains("error: 'data/committee.txt' differs from the file the script was made with"))
        // Gone: the same status, and the file is named.
        try FileManager.default.removeItem(atPath: folder.file("data/committee.txt"))
        let gone = try EndToEndTests.run(["-f", "notes/r.parley"], directory: folder.path)
        #expect(gone.status == 1)
        #expect(gone.errors.contains("error: cannot check 'data/committee.txt': no such file or directory"))
    }

    @Test func aRecordOfAnotherVersionWarnsAndRuns() throws {
        let folder = try TemporaryFolder(prefix: "parley-record-e2e")
        defer { folder.remove() }
        try folder.write("old.parley", "# parley 0.0.1\n.open\nkind:interjection | count\n")
        let run = try EndToEndTests.run(["-f", "old.parley"], directory: folder.path)
        #expect(run.status == 0)
        #expect(run.errors.hasPrefix("old.parley:1:1: warning: this script was made with parley 0.0.1; this is parley "))
        let version = try EndToEndTests.run(["--version"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(run.errors.contains("this is parley \(version), whose answers may differ"))
        #expect(run.output == (try EndToEndTests.run(["-c", "kind:interjection | count"]).output))
    }
}
