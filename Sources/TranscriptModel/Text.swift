/// Trimming by a set of Characters written as a string, as every module of Parley needs it.
extension StringProtocol {
    /// The text without the given Characters at either end: `"(Laughter.)".trimmingCharacters(in: "().")`.
    public func trimmingCharacters(in set: String) -> String {
        guard let first = firstIndex(where: { !set.contains($0) }), let last = lastIndex(where: { !set.contains($0) }) else { return "" }
        return String(self[first...last])
    }
}
