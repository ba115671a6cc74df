/// A growable run of plain values in memory it allocates itself, read and written through `base`: no
/// check of sharing or bounds on each access, for the loops that touch every word of a corpus. Its owner
/// calls `free()`, after taking `array` when it wants the values kept.
struct PlainBuffer<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count: Int
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        base = .allocate(capacity: self.capacity)
        count = 0
    }

    init(repeating value: Element, count: Int) {
        self.init(capacity: count)
        base.initialize(repeating: value, count: count)
        self.count = count
    }

    func free() { base.deallocate() }

    @inline(__always)
    mutating func append(_ value: Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: value)
        count += 1
    }

    private mutating func grow() {
        capacity *= 2
        let grown = UnsafeMutablePointer<Element>.allocate(capacity: capacity)
        grown.moveInitialize(from: base, count: count)
        base.deallocate()
        base = grown
    }

    /// The values, copied into an array.
    var array: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }
}
