import TranscriptModel

/// The folding of words for the index and for queries: `TranscriptModel.Folding`, the one folding every
/// module uses, under the name this module's callers know.
public typealias TextFolding = Folding
