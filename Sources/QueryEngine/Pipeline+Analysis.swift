import QueryLanguage
import TranscriptModel

/// What corpus linguists ask of hits: the words near them, the words that set them apart, and the
/// sequences they form.
extension Pipeline {
    /// `collocates`: words within a window of the matches, with an association measure.
    func collocates(_ utterances: [Int], _ options: CollocatesOptions, columns: [String]) -> ResultTable {
        ResultTable(columns: columns, rows: [], rowNoun: "words")
    }

    /// `keywords`: words distinctive of the matched utterances against the rest of the corpus, or against
    /// `versus`'s utterances.
    func keywords(_ utterances: [Int], versus: [Int]?, minimum: Int, columns: [String]) -> ResultTable {
        ResultTable(columns: columns, rows: [], rowNoun: "words")
    }

    /// `ngrams N`: the most frequent sequences of N words in the matches.
    func ngrams(_ utterances: [Int], length: Int, minimum: Int, containing: String?, columns: [String]) -> ResultTable {
        ResultTable(columns: columns, rows: [], rowNoun: "n-grams")
    }
}
