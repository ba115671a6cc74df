import TranscriptModel

/// An XML element with its attributes, the line of its start tag and its children in order.
final class TEINode {
    enum Child {
        case element(TEINode)
        case text(String)
    }

    let name: String
    let attributes: [String: String]
    let line: Int
    var children: [Child] = []

    init(name: String, attributes: [String: String], line: Int) {
        self.name = name
        self.attributes = attributes
        self.line = line
    }

    var elements: [TEINode] {
        children.compactMap { if case .element(let e) = $0 { return e } else { return nil } }
    }

    /// The first element in document order (this one included) that satisfies `test`.
    func first(where test: (TEINode) -> Bool) -> TEINode? {
        if test(self) { return self }
        for child in elements {
            if let found = child.first(where: test) { return found }
        }
        return nil
    }

    /// Every element (this one included) that satisfies `test`, not looking inside those found.
    func collect(into found: inout [TEINode], _ test: (TEINode) -> Bool) {
        if test(self) { found.append(self); return }
        for child in elements { child.collect(into: &found, test) }
    }

    /// All text inside, whitespace collapsed, leaving out elements named in `skipping`.
    func text(skipping: Set<String> = []) -> String {
        var raw = ""
        appendText(to: &raw, skipping: skipping)
        return Text.clean(raw)
    }

    private func appendText(to raw: inout String, skipping: Set<String>) {
        for child in children {
            switch child {
            case .text(let t): raw += t
            case .element(let e):
                if skipping.contains(e.name) { raw += " "; continue }
                e.appendText(to: &raw, skipping: skipping)
            }
        }
    }
}

/// Builds an `TEINode` tree with Foundation's `XMLParser`.
