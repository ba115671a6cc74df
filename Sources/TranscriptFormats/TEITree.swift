import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TranscriptModel

final class TEITree: NSObject, XMLParserDelegate {
    private var stack: [TEINode] = []
    private var root: TEINode?

    static func parse(_ bytes: [UInt8], warnings: inout [String], what: String) -> TEINode? {
        let parser = XMLParser(data: Data(bytes))
        let tree = TEITree()
        parser.delegate = tree
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        if parser.parse(), parser.parserError == nil, let root = tree.root { return root }
        let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "no root element"
        warnings.append("line \(parser.lineNumber): \(what) is not well-formed XML (\(reason))")
        return nil
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
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
