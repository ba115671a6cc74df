import QueryLanguage
import TranscriptModel

/// Where the hits fall in each document, by turn position or clock time.
public struct Timeline: Sendable {
    public init() {}
}

extension Pipeline {
    /// `timeline`: one row per document (per speaker with `bySpeaker`), `bins` columns.
    func timeline(_ utterances: [Int], bySpeaker: Bool, bins: Int) -> Timeline {
        Timeline()
    }
}
