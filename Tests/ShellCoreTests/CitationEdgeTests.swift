import Foundation
import Testing
@testable import ShellCore
import TestSupport
import TranscriptFormats
import TranscriptModel

/// Citations of sources that state little: nothing is made up, and no empty place is left where it would
/// have stood.
@Suite struct CitationEdgeTests {
    func cite(_ text: String, name: String, _ statements: [String], format: OutputFormat = .text) throws -> String {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = try folder.write(name, text)
        let output = BufferOutput()
        let session = Session(documents: Loader().load([path]).documents, output: output, format: format)
        for statement in statements { _ = session.run(statement) }
        return output.output
    }

    static let untitled = "Mr. Adams: We begin.\n\nMr. Brown: We do not.\n"

    @Test func aWholeDocumentWithNothingButItsFileEndsWithAFullStop() throws {
        // No title, place, date or archive: the file names it, and nothing follows but the full stop.
        let chicago = try cite(Self.untitled, name: "minutes.txt", [".within document", "* | cite"])
        #expect(chicago == "Untitled transcript, minutes.txt.\n")
        // BibTeX has no empty note.
        let bibtex = try cite(Self.untitled, name: "minutes.txt", [".within document", "* | cite bibtex"])
        #expect(bibtex == "@misc{minutes,\n  title = {[Untitled transcript, minutes.txt]}\n}\n")
    }

    @Test func aTitleAloneIsClosedInsideItsQuotationMarks() throws {
        let text = "---\ntitle: Budget Hearing\n---\n\nMr. Adams: We begin.\n\nMr. Brown: We do not.\n"
        let chicago = try cite(text, name: "hearing.md", [".within document", "* | cite"])
        #expect(chicago == "\"Budget Hearing.\"\n")
        // A hit is cited after the title, with a comma.
        let hit = try cite(text, name: "hearing.md", ["begin | cite"])
        #expect(hit.hasPrefix("\"Budget Hearing,\" turn 1 (Adams), line "))
    }
}
