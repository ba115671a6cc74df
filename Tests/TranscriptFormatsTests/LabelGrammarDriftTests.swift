import Foundation
import Testing
@testable import TranscriptFormats

/// Keeps `Grammar/Labels.ebnf` and the label reader from drifting apart: every rule a doc comment in
/// Sources/TranscriptFormats quotes must be in the grammar verbatim, every grammar rule must be quoted or be
/// a keyword list, and the keyword lists (titles, particles, articles) must be the code's lists.
@Suite("Label grammar drift")
struct LabelGrammarDriftTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func normalized(_ text: some StringProtocol) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// `name -> definition`, comments removed; a rule continues on the following lines until the next rule.
    static func grammar() throws -> [String: String] {
        var text = try String(contentsOf: root.appendingPathComponent("Grammar/Labels.ebnf"), encoding: .utf8)
        while let open = text.range(of: "/*"), let close = text.range(of: "*/", range: open.upperBound..<text.endIndex) {
            text.removeSubrange(open.lowerBound..<close.upperBound)
        }
        var rules: [String: String] = [:]
        var name: String?
        for line in text.split(separator: "\n") {
            if let separator = line.range(of: " ::= "), line.first?.isWhitespace == false {
                name = normalized(line[..<separator.lowerBound])
                rules[name ?? ""] = normalized(line[separator.upperBound...])
            } else if let name {
                rules[name] = normalized((rules[name] ?? "") + " " + line)
            }
        }
        return rules
    }

    /// Rules quoted in `///` comments of the label reader's sources.
    static func quotes() throws -> [(name: String, definition: String, file: String)] {
        let folder = root.appendingPathComponent("Sources/TranscriptFormats")
        var found: [(String, String, String)] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where file.hasSuffix(".swift") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let trimmed = line.drop { $0 == " " }
                guard trimmed.hasPrefix("/// "), let separator = trimmed.range(of: " ::= ") else { continue }
                let name = normalized(trimmed.dropFirst(4)[..<separator.lowerBound])
                guard name.allSatisfy({ $0.isLetter || $0 == "_" }) else { continue }
                found.append((name, normalized(trimmed[separator.upperBound...]), file))
            }
        }
        return found
    }

    /// The quoted alternatives of a keyword rule: `"mr." | "mrs."` gives `["mr.", "mrs."]`.
    static func keywords(_ definition: String) -> [String] {
        definition.components(separatedBy: " | ").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) }
    }

    @Test func everyQuotedRuleIsInTheGrammarVerbatim() throws {
        let rules = try Self.grammar()
        let quotes = try Self.quotes()
        #expect(quotes.count >= 10)
        for quote in quotes {
            #expect(rules[quote.name] == quote.definition, "\(quote.file): \(quote.name) ::= \(quote.definition)")
        }
    }

    @Test func everyRuleIsQuotedByTheCodeOrIsAKeywordList() throws {
        let quoted = Set(try Self.quotes().map(\.name))
        let keywordLists: Set<String> = ["TITLE", "PARTICLE", "ARTICLE", "QUANTIFIER"]
        for name in try Self.grammar().keys where !keywordLists.contains(name) {
            #expect(quoted.contains(name), "rule '\(name)' is quoted by no method")
        }
    }

    @Test func keywordListsAreTheCodesLists() throws {
        let rules = try Self.grammar()
        #expect(Set(Self.keywords(try #require(rules["TITLE"]))) == Set(Titles.all.map { $0.joined(separator: " ") }))
        #expect(Set(Self.keywords(try #require(rules["PARTICLE"]))) == Names.particles)
        #expect(Set(Self.keywords(try #require(rules["ARTICLE"]))) == SpeakerLabel.articles)
        #expect(Set(Self.keywords(try #require(rules["QUANTIFIER"]))) == Names.quantifiers)
    }
}
