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
    /// The elements open when the parser found the first error, outermost first.
    private var openAtError: [TEINode] = []

    /// How deep elements may nest. A ParlaMint session or a FRUS volume nests a few tens deep; the readers
    /// walk the tree recursively, so a file nested thousands deep (a broken or hostile one) would exhaust
    /// the stack. It is refused instead.
    static let maximumDepth = 1_000

    /// The line of the element that went past `maximumDepth`, once one has.
    private var tooDeepLine: Int?

    /// What the well-formed start of a broken file holds: the elements complete before the break, inside the
    /// structural elements still open there (`<TEI>`, `<body>`, `<div>`, `<u>` ...), and the first line not
    /// read into them.
    struct Prefix {
        var root: TEINode
        var unreadFrom: Int
    }

    /// What parsing a file gave: its tree, or why there is none.
    enum Parsed {
        case tree(TEINode)
        /// Not well-formed XML: where and why, in words (`line 5, column 17: TEI is not well-formed XML
        /// (...)`), and what came before the break, when it holds a root element.
        case malformed(message: String, prefix: Prefix?)
        /// Elements nested more than `maximumDepth` deep, the first such at `line`.
        case tooDeep(line: Int)
    }

    /// The refusal of a file nested too deep, in words.
    static func tooDeepMessage(line: Int) -> String {
        "elements nested more than \(maximumDepth) deep (line \(line)), far deeper than any transcript: not read"
    }

    static func parse(_ bytes: [UInt8], warnings: inout [String], what: String) -> Parsed {
        // Entities the DOCTYPE declares with plain text are read as that text, and HTML's named entities
        // (`&nbsp;`, `&eacute;`), which XML does not know, as their characters; any other name as a space,
        // so that the words either side stay two.
        let (resolved, unknown) = XMLEntities.resolvingNamedReferences(bytes)
        // The bytes are UTF-8 by now, whatever the declaration says the file was.
        let parser = XMLParser(data: Data(XMLDeclaration.declaringUTF8(resolved)))
        let tree = TEITree()
        parser.delegate = tree
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        let parsed = parser.parse()
        if let line = tree.tooDeepLine { return .tooDeep(line: line) }
        warnings += unknown.map(XMLEntities.warning)
        if parsed, parser.parserError == nil, let root = tree.root { return .tree(root) }
        let reason = parser.parserError.map { Self.describe($0) } ?? "no root element"
        let place = tree.errorPlace ?? (parser.lineNumber, parser.columnNumber)
        return .malformed(message: "line \(place.line), column \(place.column): \(what) is not well-formed XML (\(reason))",
                          prefix: tree.prefix(breakingAt: place.line))
    }

    /// Elements that hold other elements rather than words: open at a break, they are kept with the
    /// elements complete inside them. Any other element open there (a `<p>`, a `<seg>`) was cut off, and is
    /// left out, its lines kept as unread.
    static let structural: Set<String> = ["TEI", "teiCorpus", "teiHeader", "text", "front", "body", "back", "group",
                                          "div", "div1", "div2", "div3", "div4", "u", "sp", "listPerson"]

    /// The tree as it stood at the parser's first error, without the elements the break cut off, nor the
    /// structural elements left with no element in them (a `<u>` whose first `<seg>` was cut off).
    private func prefix(breakingAt line: Int) -> Prefix? {
        guard let root else { return nil }
        var unreadFrom = line
        var kept = openAtError.count
        for (depth, node) in openAtError.enumerated() {
            // Everything in the header is data about the file, kept as far as it goes.
            if Self.structural.contains(node.name) || openAtError[..<depth].contains(where: { $0.name == "teiHeader" }) { continue }
            kept = depth
            break
        }
        guard kept > 0 else { return nil }
        var depth = openAtError.count - 1
        while depth > 0 {
            let node = openAtError[depth]
            if depth < kept, !node.children.contains(where: { if case .element = $0 { return true } else { return false } }) {
                kept = depth
            }
            if depth >= kept {
                let parent = openAtError[depth - 1]
                if case .element(let last)? = parent.children.last, last === node { parent.children.removeLast() }
                unreadFrom = min(unreadFrom, node.line)
            }
            depth -= 1
        }
        return Prefix(root: root, unreadFrom: unreadFrom)
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

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        if errorPlace == nil {
            errorPlace = (parser.lineNumber, parser.columnNumber)
            openAtError = stack
        }
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        guard tooDeepLine == nil, errorPlace == nil else { return }
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
        if errorPlace == nil, !stack.isEmpty { stack.removeLast() }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard errorPlace == nil, let current = stack.last else { return }
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
