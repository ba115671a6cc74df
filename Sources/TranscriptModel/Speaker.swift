/// A person (or role) who speaks in a document: a canonical name and every label it was written as.
public struct Speaker: Hashable, Sendable {
    /// The name without honorifics or titles, upper-case names in title case: `Mr. LIMAN` is `Liman`.
    public var name: String
    /// Every label as written, in order of first use: `Cde. Rákosi`, `Comrade Rákosi`.
    public var labels: [String]
    /// Honorifics and titles seen with the name, in order of first use: `Cde.`, `Comrade`.
    public var titles: [String]

    public init(name: String, labels: [String] = [], titles: [String] = []) {
        self.name = name
        self.labels = labels
        self.titles = titles
    }
}
