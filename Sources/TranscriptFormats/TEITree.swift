import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TranscriptModel

final class TEITree: NSObject, XMLParserDelegate {
    private var stack: [TEINode] = []
    private var root: TEINode?

    /// Where the parser stood when it found the first error.
    private var errorPlace: (line: Int, column: Int)?

    /// How deep elements may nest. A ParlaMint session or a FRUS volume nests a few tens deep; the readers
    /// walk the tree recursively, so a file nested thousands deep (a broken or hostile one) would exhaust
    /// the stack. It is refused instead.
    static let maximumDepth = 1_000

    /// The line of the element that went past `maximumDepth`, once one has.
    private var tooDeepLine: Int?

    /// Why a file gave no tree.
    enum Failure: Error {
        /// Not well-formed XML; a warning says where and why.
        case malformed
        /// Elements nested more than `maximumDepth` deep, the first such at `line`.
        case tooDeep(line: Int)

        /// The refusal of a file nested too deep, in words.
        var tooDeepMessage: String? {
            guard case .tooDeep(let line) = self else { return nil }
            return "elements nested more than \(TEITree.maximumDepth) deep (line \(line)), far deeper than any transcript: not read"
        }
    }

    static func parse(_ bytes: [UInt8], warnings: inout [String], what: String) -> Result<TEINode, Failure> {
        // The bytes are UTF-8 by now, whatever the declaration says the file was.
        let parser = XMLParser(data: Data(XMLDeclaration.declaringUTF8(bytes)))
        let tree = TEITree()
        parser.delegate = tree
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        let parsed = parser.parse()
        if let line = tree.tooDeepLine { return .failure(.tooDeep(line: line)) }
        let declared = declaredEntities(bytes)
        if !declared.isEmpty {
            warnings.append("the DOCTYPE declares entities (\(declared.joined(separator: ", "))), which are not read: the text where they are used is left out there")
        }
        if parsed, parser.parserError == nil, let root = tree.root { return .success(root) }
        let reason = parser.parserError.map { Self.describe($0) } ?? "no root element"
        let place = tree.errorPlace ?? (parser.lineNumber, parser.columnNumber)
        warnings.append("line \(place.line), column \(place.column): \(what) is not well-formed XML (\(reason))")
        return .failure(.malformed)
    }

    /// An XML parser's error in words, for the common ones (the codes are libxml2's, as `XMLParser` gives
    /// them).
    static func describe(_ error: Error) -> String {
        let code = (error as NSError).code
        switch code {
        case 26: return "an entity that is not declared, such as &eacute; (XML knows only &amp; &lt; &gt; &quot; &apos;)"
        case 5: return "the file ends before its elements close"
        case 76: return "an end tag that does not match the element it closes"
        case 73: return "a tag not closed with >"
        case 39, 40, 41: return "an attribute without its quotes"
        case 4: return "no XML in the file"
        default: return "XML error \(code)"
        }
    }

    /// The names of the entities the DOCTYPE's internal subset declares (`<!ENTITY boss "...">`).
    static func declaredEntities(_ bytes: [UInt8]) -> [String] {
        guard let doctype = bytes.firstRange(of: Array("<!DOCTYPE".utf8)),
              let end = bytes[doctype.upperBound...].firstRange(of: Array("]>".utf8)) else { return [] }
        let subset = bytes[doctype.upperBound..<end.lowerBound]
        var names: [String] = []
        var i = subset.startIndex
        while let found = subset[i...].firstRange(of: Array("<!ENTITY".utf8)) {
            var j = found.upperBound
            while j < subset.endIndex, [0x20, 0x09, 0x0A, 0x25].contains(subset[j]) { j += 1 }
            let start = j
            while j < subset.endIndex, ![0x20, 0x09, 0x0A, 0x3E].contains(subset[j]) { j += 1 }
            if j > start { names.append(String(decoding: subset[start..<j], as: UTF8.self)) }
            i = j
        }
        return names
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        if errorPlace == nil { errorPlace = (parser.lineNumber, parser.columnNumber) }
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        guard tooDeepLine == nil else { return }
        if stack.count >= Self.maximumDepth {
            tooDeepLine = parser.lineNumber
            parser.abortParsing()
            return
        }
        let node = TEINode(name: elementName, attributes: attributeDict, line: parser.lineNumber)
        if let parent = stack.last { parent.children.append(.element(node)) } else if root == nil { root = node }
        stack.append(node)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        if !stack.isEmpty { stack.removeLast() }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard let current = stack.last else { return }
        if case .text(let previous)? = current.children.last {
            current.children.removeLast()
            current.children.append(.text(previous + string))
        } else {
            current.children.append(.text(string))
        }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        self.parser(parser, foundCharacters: String(decoding: CDATABlock, as: UTF8.self))
    }
}
