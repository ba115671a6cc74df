import TranscriptModel

extension ParlaMintReader {
    /// The elements of a linguistically annotated segment that are words: a word and a punctuation mark.
    static let tokens: Set<String> = ["w", "pc"]

    /// Standoff annotation of a sentence (ParlaMint's syntactic `<linkGrp>`): pointers, no words.
    static let standoff: Set<String> = ["linkGrp", "link"]

    /// Whether `seg` is linguistically annotated (ParlaMint's `.ana` files): its words are `<w>` and `<pc>`
    /// tokens, and the whitespace between elements is the file's layout, not the speech's.
    static func isTokenised(_ seg: TEINode) -> Bool {
        seg.first { tokens.contains($0.name) } != nil
    }

    /// The text of an annotated segment, built from its tokens, and the directions inside it with their
    /// lines. A space goes between two tokens, except after one whose `join` is `right` or `both` and
    /// before one whose `join` is `left` or `both` (TEI's `att.linguistic`); a space always goes between
    /// sentences (`<s>`) and either side of a `<gap>`'s elision and a direction's marker. A token is read
    /// whole: a contraction's inner `<w norm="de"/>` hold no text.
    static func tokenText(_ seg: TEINode) -> (text: String, directions: [(String, Int)]) {
        var joiner = TokenJoiner()
        var taken: [(String, Int)] = []
        func add(_ node: TEINode) {
            for child in node.children {
                switch child {
                case .text(let raw):
                    // Text beside the tokens is layout; any word there is kept as a token of its own.
                    let text = Text.clean(raw)
                    if !text.isEmpty { joiner.append(text) }
                case .element(let e):
                    if tokens.contains(e.name) {
                        joiner.append(e.text(), join: e.attributes["join"])
                    } else if e.name == "gap" {
                        joiner.appendApart("[…]")
                    } else if directions.contains(e.name) {
                        let text = directionText(e)
                        if !text.isEmpty {
                            taken.append((text, e.line))
                            joiner.appendApart(Utterance.marker)
                        }
                    } else if standoff.contains(e.name) {
                        continue
                    } else if e.name == "s" {
                        joiner.breakSentence()
                        add(e)
                        joiner.breakSentence()
                    } else {
                        // `<name>` and other wrappers of tokens.
                        add(e)
                    }
                }
            }
        }
        add(seg)
        return (Text.clean(joiner.text), taken)
    }
}

/// Joins tokens into text by their `join` attributes.
struct TokenJoiner {
    private(set) var text = ""
    /// The token before said no space follows it.
    private var joinedRight = false
    /// A space goes before the next token whatever it says: a sentence, an elision or a marker ended.
    private var apart = false

    /// Appends a token, with a space before it unless the token before joins right or this one joins left.
    mutating func append(_ token: String, join: String? = nil) {
        guard !token.isEmpty else { return }
        let joinsLeft = join == "left" || join == "both"
        if !text.isEmpty, apart || !(joinedRight || joinsLeft) { text += " " }
        text += token
        joinedRight = join == "right" || join == "both"
        apart = false
    }

    /// Appends text with a space either side, whatever the tokens around say.
    mutating func appendApart(_ token: String) {
        breakSentence()
        append(token)
        breakSentence()
    }

    /// Ends a sentence: the next token is a space apart.
    mutating func breakSentence() {
        apart = true
    }
}
