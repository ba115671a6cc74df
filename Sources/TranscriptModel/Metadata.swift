/// A named metadata field; `value` is nil when the source names the field but leaves it empty.
public struct MetadataField: Hashable, Sendable {
    public var name: String
    public var value: String?

    public init(_ name: String, _ value: String?) {
        self.name = name
        self.value = value
    }
}

/// A source line that the importer did not place in any utterance or field, and why.
public struct UnplacedLine: Hashable, Sendable {
    public var line: Int
    public var text: String
    public var reason: String

    public init(line: Int, text: String, reason: String) {
        self.line = line
        self.text = text
        self.reason = reason
    }
}
