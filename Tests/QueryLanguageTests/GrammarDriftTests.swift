import Foundation
import Testing
@testable import QueryLanguage

/// Keeps `Grammar/ParleyQuery.ebnf` and the code that implements it from drifting apart: every rule a doc
/// comment quotes must be in the grammar verbatim, and every grammar rule must be quoted by a method.
@Suite("Grammar drift")
struct GrammarDriftTests {
    /// The package root, found from this file: Tests/QueryLanguageTests/ is two folders down.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let grammarURL = root.appendingPathComponent("Grammar/ParleyQuery.ebnf")
    static let sourcesURL = root.appendingPathComponent("Sources/QueryLanguage")

    /// A rule as `name ::= definition`, with runs of white space made single spaces.
    struct Rule: Hashable, CustomStringConvertible {
        let name: String
        let definition: String
        var description: String { "\(name) ::= \(definition)" }
        /// Syntax rules are lower case; token rules, which the lexer implements, are upper case.
        var isSyntax: Bool { name.first?.isLowercase == true }
    }

    /// A rule quoted in a doc comment, with the declaration the comment belongs to.
    struct Quote {
        let rule: Rule
        let file: String
        let declaration: String
    }

    static func normalized(_ text: Substring) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The grammar's rules, comments removed; a rule continues on following lines until the next rule.
    static func grammarRules() throws -> [Rule] {
        var text = try String(contentsOf: grammarURL, encoding: .utf8)
        while let open = text.range(of: "/*") {
            guard let close = text.range(of: "*/", range: open.upperBound..<text.endIndex) else {
                Issue.record("unclosed comment in the grammar")
                break
            }
            text.removeSubrange(open.lowerBound..<close.upperBound)
        }
        var rules: [Rule] = []
        var name: String? = nil
        var definition = ""
        func flush() {
            if let name { rules.append(Rule(name: name, definition: normalized(Substring(definition)))) }
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if let separator = line.range(of: "::="),
               let first = line.first, !first.isWhitespace {
                flush()
                name = normalized(line[..<separator.lowerBound])
                definition = String(line[separator.upperBound...])
            } else if !line.allSatisfy(\.isWhitespace) {
                definition += " " + line
            }
        }
        flush()
        return rules
    }

    /// The rules quoted in `///` comments of the parser and lexer sources.
    static func quotedRules() throws -> [Quote] {
        let files = try FileManager.default.contentsOfDirectory(atPath: sourcesURL.path)
            .filter { ($0.hasPrefix("Parser") || $0.hasPrefix("Lexer")) && $0.hasSuffix(".swift") }
            .sorted()
        #expect(files.contains("Parser.swift") && files.contains("Lexer.swift"))
        var quotes: [Quote] = []
        for file in files {
            let lines = try String(contentsOf: sourcesURL.appendingPathComponent(file), encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false)
            for (index, line) in lines.enumerated() {
                let trimmed = line.drop { $0.isWhitespace }
                guard trimmed.hasPrefix("///") else { continue }
                let comment = trimmed.dropFirst(3)
                guard let separator = comment.range(of: "::=") else { continue }
                let name = normalized(comment[..<separator.lowerBound])
                guard !name.isEmpty, !name.contains(" ") else { continue }
                let declaration = lines[(index + 1)...].first { !$0.drop { $0.isWhitespace }.hasPrefix("///") }
                    .map { normalized($0) } ?? ""
                quotes.append(Quote(
                    rule: Rule(name: name, definition: normalized(comment[separator.upperBound...])),
                    file: file, declaration: declaration))
            }
        }
        return quotes
    }

    @Test("every rule quoted in a doc comment is in the grammar, verbatim")
    func quotesAreInTheGrammar() throws {
        let grammar = Set(try Self.grammarRules())
        for quote in try Self.quotedRules() {
            #expect(grammar.contains(quote.rule), "\(quote.file) quotes '\(quote.rule)', which the grammar does not have")
        }
    }

    @Test("every grammar rule is quoted by a method; every syntax rule by exactly one parser method")
    func grammarRulesHaveMethods() throws {
        let quotes = try Self.quotedRules()
        for rule in try Self.grammarRules() {
            let quoting = quotes.filter { $0.rule == rule }
            if rule.isSyntax {
                #expect(quoting.count == 1, "'\(rule)' is quoted by \(quoting.count) methods, not one")
                #expect(quoting.allSatisfy { $0.file.hasPrefix("Parser") }, "'\(rule)' belongs to the parser")
            } else {
                #expect(!quoting.isEmpty, "no lexer method quotes '\(rule)'")
            }
            for quote in quoting {
                #expect(quote.declaration.contains("func "),
                        "the comment quoting '\(rule)' in \(quote.file) is not on a method: \(quote.declaration)")
            }
        }
    }

    @Test("the grammar's names agree with the vocabulary the code uses")
    func vocabularyMatches() throws {
        let rules = try Self.grammarRules()
        let resultField = rules.first { $0.name == "result_field" }
        let listed = resultField.map { $0.definition.split(separator: "|").map { normalized($0).trimmingCharacters(in: ["\""]) } }
        #expect(listed == QueryVocabulary.resultFieldNames)

        let stageNames = rules.filter { $0.name.hasSuffix("_stage") }
            .compactMap { $0.definition.split(separator: "\"").first.map(String.init) }
        #expect(stageNames == QueryVocabulary.stageNames)

        let grammar = try String(contentsOf: Self.grammarURL, encoding: .utf8)
        let header = grammar.components(separatedBy: "The known fields are:").last?
            .split(separator: "\n").first.map { Self.normalized($0.replacingOccurrences(of: "*", with: "")[...]) }
        #expect(header == QueryVocabulary.fieldNames.joined(separator: " "))
    }

    /// `normalized` for a substring, as a free function for the closures above.
    func normalized(_ text: Substring) -> String { Self.normalized(text) }
}
