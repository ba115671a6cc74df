extension CorpusIndex {
    /// How many words utterance `u` holds, as the index reads them: one per position, so a hyphenated
    /// word's joined form and parts are one word.
    public func wordCount(_ u: Int) -> Int {
        let codes = codes(ofUtterance: u)
        return utterance(u).withTextUTF8 { bytes in
            var count = 0
            Tokenizer.scan(bytes, skipping: codes) { _, word in count = max(count, word.position + 1) }
            return count
        }
    }
}
