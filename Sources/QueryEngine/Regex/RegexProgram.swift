/// Compiles a parsed pattern (see `RegexSyntax.swift`) to a Thompson NFA program and runs it as a Pike VM over the
/// text's UTF-8 bytes, decoding and folding one scalar at a time. Each scalar of the text is examined once and
/// each instruction is visited at most once per position, so matching takes time proportional to the text's
/// length times the program's size, whatever the pattern: `/(a+)+$/` against a megabyte of `a`s cannot hang.

// MARK: - Program

/// One instruction of a compiled pattern.
struct RegexInstruction: Sendable, Equatable {
    /// What an instruction does.
    enum Opcode: UInt8, Sendable {
        /// Consume the folded scalar `x`.
        case scalar
        /// Consume a scalar in class number `x`.
        case characterClass
        /// Consume any scalar but a newline.
        case anyButNewline
        /// Continue at both `x` and `y`.
        case split
        /// Continue at `x`.
        case jump
        /// Continue at the next instruction if the assertion with raw value `x` holds here.
        case assertion
        /// The pattern has matched.
        case match
    }

    var opcode: Opcode
    var x: Int32 = 0
    var y: Int32 = 0
}

/// A compiled regular expression in Parley's dialect (described in `RegexSyntax.swift`), matched ignoring case and
/// diacritics in time linear in the text.
public struct RegexProgram: Sendable {
    /// The largest number of instructions a program may have once repetitions are expanded.
    static let maxInstructions = 10_000

    /// The pattern as written, without slashes.
    public let pattern: String
    /// The instructions; the program starts at 0.
    let instructions: [RegexInstruction]
    /// The character classes that `characterClass` instructions refer to.
    let classes: [RegexCharacterClass]
    /// The scalars a match can start with, when the pattern cannot match the empty string.
    let startFilter: RegexStartFilter?
    /// Whether every match must begin at the start of the text (the pattern starts with `^` or `\A`).
    let anchoredAtStart: Bool
    /// The longest run of scalars that every match holds, one after another, as UTF-8 bytes of the folded
    /// text (`fold`): a text whose folding lacks them cannot match. Empty when the pattern requires none
    /// (`/\d+/`, `/a|b/`). A ClickHouse cluster looks for it before the pattern itself runs here.
    public let requiredText: [UInt8]

    /// Compiles `pattern` (without the surrounding slashes); throws a `RegexError` saying what is wrong and where.
    public init(_ pattern: String) throws(RegexError) {
        var parser = RegexParser(pattern)
        let root = try parser.parse()
        var compiler = RegexCompiler()
        try compiler.compile(root)
        _ = try compiler.emit(RegexInstruction(opcode: .match), offset: root.offset)
        self.pattern = pattern
        self.instructions = compiler.instructions
        self.classes = compiler.classes
        self.startFilter = RegexStartFilter(instructions: compiler.instructions, classes: compiler.classes)
        self.anchoredAtStart = Self.isAnchoredAtStart(compiler.instructions)
        var bytes: [UInt8] = []
        for value in Self.longestRequired(root) { if let scalar = Unicode.Scalar(value) { UTF8.encode(scalar) { bytes.append($0) } } }
        self.requiredText = bytes
    }

    /// The scalars `node` matches when it matches one fixed string, else nil. Zero-width assertions and
    /// the empty node add nothing.
    private static func fixedText(_ node: RegexNode) -> [UInt32]? {
        switch node.kind {
        case .empty, .assertion: return []
        case .literal(let value): return value == RegexFolding.removed ? [] : [value]
        case .concatenation(let items):
            var text: [UInt32] = []
            for item in items {
                guard let part = fixedText(item) else { return nil }
                text += part
            }
            return text
        case .repetition(let inner, let min, let max) where max == min:
            return fixedText(inner).map { Array([[UInt32]](repeating: $0, count: min).joined()) }
        default: return nil
        }
    }

    /// The longest run of scalars every match of `node` holds one after another (see `requiredText`).
    private static func longestRequired(_ node: RegexNode) -> [UInt32] {
        if let text = fixedText(node) { return text }
        switch node.kind {
        case .concatenation(let items):
            var best: [UInt32] = []
            var run: [UInt32] = []
            for item in items {
                if let text = fixedText(item) {
                    run += text
                } else {
                    if run.count > best.count { best = run }
                    run = []
                    let inner = longestRequired(item)
                    if inner.count > best.count { best = inner }
                }
            }
            return run.count > best.count ? run : best
        case .repetition(let inner, let min, _) where min >= 1:
            return longestRequired(inner)
        default:
            return []
        }
    }

    /// Whether the pattern matches anywhere in `text`. `shouldStop` is polled every 4096 bytes; when it returns
    /// true, matching stops and the result is nil (cancelled).
    public func matches(_ text: String, shouldStop: () -> Bool = { false }) -> Bool? {
        var text = text
        return text.withUTF8 { matches(utf8: $0, shouldStop: shouldStop) }
    }

    /// Whether the pattern matches anywhere in the UTF-8 bytes `text`, as `matches(_:shouldStop:)`.
    public func matches(utf8 text: UnsafeBufferPointer<UInt8>, shouldStop: () -> Bool = { false }) -> Bool? {
        let outcome = instructions.withUnsafeBufferPointer { program in
            run(bytes: text, program: program, from: 0, firstOnly: true, shouldStop: shouldStop).outcome
        }
        switch outcome {
        case .match: return true
        case .noMatch: return false
        case .cancelled: return nil
        }
    }

    /// The leftmost match, and the longest of those starting there, as a UTF-8 byte range into `text` that begins
    /// and ends on Character boundaries; nil when there is none. `from` is a UTF-8 offset where the search starts
    /// (rounded up to a scalar boundary); `^` and `\b` still see the text before it.
    public func firstMatch(in text: String, from: Int = 0) -> Range<Int>? {
        guard case .match(let range) = run(text, from: from, firstOnly: false, shouldStop: { false }).outcome else {
            return nil
        }
        return Self.roundedToCharacters(range, in: text)
    }

    /// `text` folded for case and diacritics as patterns and texts are before matching, as UTF-8 bytes:
    /// `Comrade RÁKOSI` gives the bytes of `comrade rakosi`.
    public static func fold(_ text: String) -> [UInt8] {
        let table = RegexFolding.table
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let folded = RegexFolding.fold(scalar.value, table: table)
            guard folded != RegexFolding.removed, let foldedScalar = Unicode.Scalar(folded) else { continue }
            UTF8.encode(foldedScalar) { result.append($0) }
        }
        return result
    }

    // MARK: Analysis

    /// Whether every path from the first instruction passes `^` before consuming anything or matching.
    private static func isAnchoredAtStart(_ instructions: [RegexInstruction]) -> Bool {
        var seen = Set<Int32>()
        var stack: [Int32] = [0]
        while let pc = stack.popLast() {
            guard seen.insert(pc).inserted else { continue }
            guard pc >= 0, Int(pc) < instructions.count else { return false }
            let instruction = instructions[Int(pc)]
            switch instruction.opcode {
            case .split: stack.append(contentsOf: [instruction.x, instruction.y])
            case .jump: stack.append(instruction.x)
            case .assertion:
                if instruction.x != RegexAssertion.startOfText.rawValue { stack.append(pc + 1) }
            case .scalar, .characterClass, .anyButNewline, .match: return false
            }
        }
        return true
    }

    /// Rounds a byte range outwards to Character boundaries, an empty range forwards (a match can start or end
    /// inside a cluster such as an emoji with a skin tone, since matching works on scalars). Rounding forwards
    /// keeps a caller that searches again from `lowerBound + 1` moving on.
    private static func roundedToCharacters(_ range: Range<Int>, in text: String) -> Range<Int> {
        let utf8 = text.utf8
        let scalars = text.unicodeScalars
        guard var low = utf8.index(utf8.startIndex, offsetBy: range.lowerBound, limitedBy: utf8.endIndex),
              var high = utf8.index(utf8.startIndex, offsetBy: range.upperBound, limitedBy: utf8.endIndex)
        else { return range }
        while high < utf8.endIndex && String.Index(high, within: text) == nil { high = scalars.index(after: high) }
        if range.isEmpty {
            low = high
        } else {
            while low > utf8.startIndex && String.Index(low, within: text) == nil { low = scalars.index(before: low) }
        }
        return utf8.distance(from: utf8.startIndex, to: low)..<utf8.distance(from: utf8.startIndex, to: high)
    }
}

// MARK: - Compiler

/// Compiles a `RegexNode` to instructions, expanding counted repetitions by copying the repeated part.
struct RegexCompiler {
    private(set) var instructions: [RegexInstruction] = []
    private(set) var classes: [RegexCharacterClass] = []
    /// Offsets of the repetitions being expanded, outermost first, to blame when the program grows too large.
    private var repetitionOffsets: [Int] = []

    /// Appends an instruction and returns its address; throws when the program would grow too large.
    mutating func emit(_ instruction: RegexInstruction, offset: Int) throws(RegexError) -> Int32 {
        guard instructions.count < RegexProgram.maxInstructions else {
            throw RegexError(
                message: "the pattern is too large: it needs more than \(RegexProgram.maxInstructions) "
                    + "instructions once repetitions are expanded; use smaller counts",
                offset: repetitionOffsets.first ?? offset)
        }
        instructions.append(instruction)
        return Int32(instructions.count - 1)
    }

    /// The address the next instruction will have.
    private var next: Int32 { Int32(instructions.count) }

    /// Appends the instructions for `node`.
    mutating func compile(_ node: RegexNode) throws(RegexError) {
        switch node.kind {
        case .empty:
            break
        case .literal(let value):
            _ = try emit(RegexInstruction(opcode: .scalar, x: Int32(bitPattern: value)), offset: node.offset)
        case .anyButNewline:
            _ = try emit(RegexInstruction(opcode: .anyButNewline), offset: node.offset)
        case .characterClass(let characterClass):
            let number = classes.firstIndex(of: characterClass) ?? classes.count
            if number == classes.count { classes.append(characterClass) }
            _ = try emit(RegexInstruction(opcode: .characterClass, x: Int32(number)), offset: node.offset)
        case .assertion(let assertion):
            _ = try emit(RegexInstruction(opcode: .assertion, x: assertion.rawValue), offset: node.offset)
        case .concatenation(let items):
            for item in items { try compile(item) }
        case .alternation(let alternatives):
            try compileAlternation(alternatives, offset: node.offset)
        case .repetition(let body, let min, let max):
            repetitionOffsets.append(node.offset)
            defer { repetitionOffsets.removeLast() }
            try compileRepetition(body, min: min, max: max, offset: node.offset)
        }
    }

    /// `a|b|c` as `split(L1, L2); L1: a; jump end; L2: split(L3, L4); L3: b; jump end; L4: c; end:`.
    private mutating func compileAlternation(_ alternatives: [RegexNode], offset: Int) throws(RegexError) {
        var jumpsToEnd: [Int32] = []
        for (number, alternative) in alternatives.enumerated() {
            if number == alternatives.count - 1 {
                try compile(alternative)
            } else {
                let split = try emit(RegexInstruction(opcode: .split), offset: offset)
                instructions[Int(split)].x = next
                try compile(alternative)
                jumpsToEnd.append(try emit(RegexInstruction(opcode: .jump), offset: offset))
                instructions[Int(split)].y = next
            }
        }
        for jump in jumpsToEnd { instructions[Int(jump)].x = next }
    }

    /// `x{min,max}`: `min` copies of `x`, then a loop (no maximum) or `max - min` optional copies.
    private mutating func compileRepetition(
        _ body: RegexNode, min: Int, max: Int?, offset: Int
    ) throws(RegexError) {
        // Compile the body once, then lift it out as a relocatable fragment (its jumps stay inside it or go to
        // its end), so that each copy is a shifted copy rather than a fresh compilation.
        let base = instructions.count
        try compile(body)
        let fragment = instructions[base...].map { instruction in
            var relative = instruction
            if instruction.opcode == .split || instruction.opcode == .jump {
                relative.x -= Int32(base)
                if instruction.opcode == .split { relative.y -= Int32(base) }
            }
            return relative
        }
        instructions.removeSubrange(base...)

        switch max {
        case nil where min == 0:
            // loop: split(body, out); body; jump loop; out:
            let loop = try emit(RegexInstruction(opcode: .split), offset: offset)
            instructions[Int(loop)].x = next
            try append(fragment, offset: offset)
            _ = try emit(RegexInstruction(opcode: .jump, x: loop), offset: offset)
            instructions[Int(loop)].y = next
        case nil:
            // min - 1 copies, then loop: body; split(loop, out); out:
            for _ in 0..<(min - 1) { try append(fragment, offset: offset) }
            let loop = next
            try append(fragment, offset: offset)
            let split = try emit(RegexInstruction(opcode: .split, x: loop), offset: offset)
            instructions[Int(split)].y = next
        case let max?:
            for _ in 0..<min { try append(fragment, offset: offset) }
            var splits: [Int32] = []
            for _ in 0..<Swift.max(0, max - min) {
                let split = try emit(RegexInstruction(opcode: .split), offset: offset)
                instructions[Int(split)].x = next
                splits.append(split)
                try append(fragment, offset: offset)
            }
            for split in splits { instructions[Int(split)].y = next }
        }
    }

    /// Appends a copy of a relocatable fragment at the end of the program.
    private mutating func append(_ fragment: [RegexInstruction], offset: Int) throws(RegexError) {
        let base = next
        for instruction in fragment {
            var placed = instruction
            if instruction.opcode == .split || instruction.opcode == .jump {
                placed.x += base
                if instruction.opcode == .split { placed.y += base }
            }
            _ = try emit(placed, offset: offset)
        }
    }
}

// MARK: - Start filter

/// The scalars a match can begin with: lets the matcher skip, without starting a thread, positions where no match
/// can start. Assertions are passed through (an over-approximation, which is safe for a filter).
struct RegexStartFilter: Sendable {
    private var asciiLow: UInt64 = 0
    private var asciiHigh: UInt64 = 0
    private var nonASCII = false

    /// The filter for a program, or nil when the program can match the empty string (every position may start).
    init?(instructions: [RegexInstruction], classes: [RegexCharacterClass]) {
        var seen = Set<Int32>()
        var stack: [Int32] = [0]
        while let pc = stack.popLast() {
            guard seen.insert(pc).inserted else { continue }
            guard pc >= 0, Int(pc) < instructions.count else { return nil }
            let instruction = instructions[Int(pc)]
            switch instruction.opcode {
            case .split: stack.append(contentsOf: [instruction.x, instruction.y])
            case .jump: stack.append(instruction.x)
            case .assertion: stack.append(pc + 1)
            case .match: return nil
            case .scalar:
                add(UInt32(bitPattern: instruction.x))
            case .anyButNewline:
                asciiLow |= ~(UInt64(1) << 0x0A)
                asciiHigh = ~0
                nonASCII = true
            case .characterClass:
                guard Int(instruction.x) < classes.count else { return nil }
                let characterClass = classes[Int(instruction.x)]
                for value in UInt32(0)..<128 where characterClass.contains(value) { add(value) }
                if characterClass.mayContainNonASCII { nonASCII = true }
            }
        }
    }

    private mutating func add(_ value: UInt32) {
        if value < 64 {
            asciiLow |= UInt64(1) << UInt64(value)
        } else if value < 128 {
            asciiHigh |= UInt64(1) << UInt64(value - 64)
        } else {
            nonASCII = true
        }
    }

    /// Whether a match may start with the folded scalar `value` (`RegexMatcher.endOfText` at the end: never).
    @inline(__always)
    func allows(_ value: UInt32) -> Bool {
        if value < 64 { return (asciiLow >> UInt64(value)) & 1 != 0 }
        if value < 128 { return (asciiHigh >> UInt64(value - 64)) & 1 != 0 }
        return nonASCII && value != RegexMatcher.endOfText
    }
}

// MARK: - Matcher

/// How a run ended.
enum RegexOutcome: Equatable, Sendable {
    /// A match, as a UTF-8 byte range (not yet rounded to Characters).
    case match(Range<Int>)
    case noMatch
    /// `shouldStop` returned true.
    case cancelled
}

/// Threads at one position, in order of their start offsets (earliest first). Each instruction appears at most
/// once per position, so a capacity of one slot per instruction always suffices; writes are checked anyway.
struct RegexThreadList {
    let pcs: UnsafeMutablePointer<Int32>
    let starts: UnsafeMutablePointer<Int>
    let capacity: Int
    var count = 0

    init(capacity: Int) {
        self.capacity = capacity
        pcs = .allocate(capacity: capacity)
        starts = .allocate(capacity: capacity)
    }

    func deallocate() {
        pcs.deallocate()
        starts.deallocate()
    }

    @inline(__always)
    mutating func append(_ pc: Int32, start: Int) {
        guard count < capacity else { return }
        pcs[count] = pc
        starts[count] = start
        count += 1
    }
}

/// The Pike VM's working memory for one run: which instruction was added at which position, and a stack for the
/// epsilon closure. Allocated once per run and freed with `deallocate()`.
struct RegexMatcher {
    /// Stands for the scalar after the last one (and before the first).
    static let endOfText: UInt32 = 0xFFFF_FFFF
    /// Bytes between polls of `shouldStop`.
    static let pollInterval = 4096

    private let instructions: UnsafeBufferPointer<RegexInstruction>
    /// For each instruction, the number of the position at which it was last added, so that each is added once.
    private let marks: UnsafeMutablePointer<Int>
    private let stack: UnsafeMutablePointer<Int32>
    private let stackCapacity: Int
    /// Instructions visited plus positions skipped: the measure of work, linear in the text.
    private(set) var steps = 0

    init(instructions: UnsafeBufferPointer<RegexInstruction>) {
        self.instructions = instructions
        marks = .allocate(capacity: Swift.max(instructions.count, 1))
        marks.initialize(repeating: -1, count: Swift.max(instructions.count, 1))
        // Each instruction is expanded at most once per closure and pushes at most two others.
        stackCapacity = 2 * instructions.count + 2
        stack = .allocate(capacity: stackCapacity)
    }

    func deallocate() {
        marks.deallocate()
        stack.deallocate()
    }

    /// Adds the thread at `pc` and everything reachable from it without consuming (the epsilon closure) to
    /// `list`, at the position numbered `mark` between the folded scalars `previous` and `current`.
    @inline(__always)
    mutating func add(
        _ pc: Int32, start: Int, mark: Int, previous: UInt32, current: UInt32, to list: inout RegexThreadList
    ) {
        let count = instructions.count
        var depth = 0
        var address = Int(pc)
        while true {
            // Follow one path, pushing the second branch of each split, until it ends; then pop.
            if address >= 0 && address < count && marks[address] != mark {
                marks[address] = mark
                steps += 1
                let instruction = instructions[address]
                switch instruction.opcode {
                case .split:
                    if depth < stackCapacity {
                        stack[depth] = instruction.y
                        depth += 1
                    }
                    address = Int(instruction.x)
                    continue
                case .jump:
                    address = Int(instruction.x)
                    continue
                case .assertion:
                    if Self.holds(instruction.x, previous: previous, current: current) {
                        address += 1
                        continue
                    }
                case .scalar, .characterClass, .anyButNewline, .match:
                    list.append(Int32(truncatingIfNeeded: address), start: start)
                }
            }
            guard depth > 0 else { return }
            depth -= 1
            address = Int(stack[depth])
        }
    }

    /// Whether the assertion with raw value `raw` holds between `previous` and `current`.
    @inline(__always)
    static func holds(_ raw: Int32, previous: UInt32, current: UInt32) -> Bool {
        switch raw {
        case RegexAssertion.startOfText.rawValue:
            return previous == endOfText
        case RegexAssertion.endOfText.rawValue:
            return current == endOfText
        case RegexAssertion.wordBoundary.rawValue, RegexAssertion.notWordBoundary.rawValue:
            let before = previous != endOfText && RegexFolding.isWord(previous)
            let after = current != endOfText && RegexFolding.isWord(current)
            return (before != after) == (raw == RegexAssertion.wordBoundary.rawValue)
        default:
            return false
        }
    }

    /// Records a step that skipped a position without running any thread.
    @inline(__always)
    mutating func countSkip() { steps += 1 }
}

/// Reads folded scalars from UTF-8 bytes, checking every index against the buffer.
struct RegexTextReader {
    let bytes: UnsafeBufferPointer<UInt8>
    let table: [UInt32]

    /// The scalar starting at byte `index` and its length in bytes; (`endOfText`, 0) past the end.
    @inline(__always)
    func decode(_ index: Int) -> (value: UInt32, length: Int) {
        let count = bytes.count
        guard index >= 0, index < count else { return (RegexMatcher.endOfText, 0) }
        let lead = UInt32(bytes[index])
        if lead < 0x80 { return (lead, 1) }
        if lead >= 0xC0 && lead < 0xE0, index + 1 < count {
            return (((lead & 0x1F) << 6) | (UInt32(bytes[index + 1]) & 0x3F), 2)
        }
        if lead >= 0xE0 && lead < 0xF0, index + 2 < count {
            let value = ((lead & 0x0F) << 12) | ((UInt32(bytes[index + 1]) & 0x3F) << 6)
                | (UInt32(bytes[index + 2]) & 0x3F)
            return (value, 3)
        }
        if lead >= 0xF0, index + 3 < count {
            let value = ((lead & 0x07) << 18) | ((UInt32(bytes[index + 1]) & 0x3F) << 12)
                | ((UInt32(bytes[index + 2]) & 0x3F) << 6) | (UInt32(bytes[index + 3]) & 0x3F)
            return (value, 4)
        }
        return (0xFFFD, 1)  // not reached for a Swift String, which is valid UTF-8
    }

    /// The first folded scalar at or after byte `index` that folding keeps, with its start and end offsets;
    /// (`endOfText`, count, count) when there is none.
    @inline(__always)
    func nextFolded(_ index: Int) -> (value: UInt32, start: Int, end: Int) {
        var position = index
        while position < bytes.count {
            let (value, length) = decode(position)
            let folded = RegexFolding.fold(value, table: table)
            if folded != RegexFolding.removed { return (folded, position, position + length) }
            position += Swift.max(length, 1)
        }
        return (RegexMatcher.endOfText, bytes.count, bytes.count)
    }

    /// The last folded scalar before byte `index` that folding keeps; `endOfText` when there is none.
    func previousFolded(_ index: Int) -> UInt32 {
        var end = Swift.min(index, bytes.count)
        while end > 0 {
            var start = end - 1
            while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
            let folded = RegexFolding.fold(decode(start).value, table: table)
            if folded != RegexFolding.removed { return folded }
            end = start
        }
        return RegexMatcher.endOfText
    }
}

extension RegexProgram {
    /// Runs the program over `text` from the UTF-8 offset `from`: the outcome and the number of steps taken.
    /// With `firstOnly`, stops at the first match found (for a yes/no answer); otherwise finds the leftmost match
    /// and the longest one starting there.
    func run(
        _ text: String, from: Int, firstOnly: Bool, shouldStop: () -> Bool
    ) -> (outcome: RegexOutcome, steps: Int) {
        var text = text
        return text.withUTF8 { bytes in
            instructions.withUnsafeBufferPointer { program in
                run(bytes: bytes, program: program, from: from, firstOnly: firstOnly, shouldStop: shouldStop)
            }
        }
    }

    private func run(
        bytes: UnsafeBufferPointer<UInt8>, program: UnsafeBufferPointer<RegexInstruction>, from: Int,
        firstOnly: Bool, shouldStop: () -> Bool
    ) -> (outcome: RegexOutcome, steps: Int) {
        let count = bytes.count
        guard from <= count else { return (.noMatch, 0) }
        var origin = Swift.max(0, from)
        while origin < count, bytes[origin] & 0xC0 == 0x80 { origin += 1 }

        let endOfText = RegexMatcher.endOfText
        let reader = RegexTextReader(bytes: bytes, table: RegexFolding.table)
        var machine = RegexMatcher(instructions: program)
        var current = RegexThreadList(capacity: Swift.max(program.count, 1))
        var following = RegexThreadList(capacity: Swift.max(program.count, 1))
        defer {
            machine.deallocate()
            current.deallocate()
            following.deallocate()
        }

        var previous = reader.previousFolded(origin)
        var (scalar, scalarStart, scalarEnd) = reader.nextFolded(origin)
        var mark = 0
        var best: (start: Int, end: Int)?
        var firstPosition = true
        var nextPoll = origin + RegexMatcher.pollInterval

        while true {
            let gap = scalarStart  // the position between `previous` and `scalar`
            if gap >= nextPoll {
                nextPoll = gap + RegexMatcher.pollInterval
                if shouldStop() { return (.cancelled, machine.steps) }
            }
            if best == nil && (firstPosition || !anchoredAtStart) && (startFilter?.allows(scalar) ?? true) {
                machine.add(0, start: gap, mark: mark, previous: previous, current: scalar, to: &current)
            }
            firstPosition = false
            if current.count == 0 {
                if best != nil || scalar == endOfText || anchoredAtStart { break }
                machine.countSkip()
                previous = scalar
                (scalar, scalarStart, scalarEnd) = reader.nextFolded(scalarEnd)
                mark += 1
                continue
            }

            let (after, afterStart, afterEnd) =
                scalar == endOfText ? (endOfText, count, count) : reader.nextFolded(scalarEnd)
            mark += 1
            for index in 0..<current.count {
                let start = current.starts[index]
                if let best, start > best.start { break }  // threads are in order of start: none later can win
                let pc = current.pcs[index]
                guard pc >= 0, Int(pc) < program.count else { continue }
                let instruction = program[Int(pc)]
                let accepted: Bool
                switch instruction.opcode {
                case .match:
                    if firstOnly { return (.match(start..<gap), machine.steps) }
                    if let known = best, known.start < start || (known.start == start && known.end >= gap) {
                        // an earlier or longer match is already known
                    } else {
                        best = (start, gap)
                    }
                    accepted = false
                case .scalar:
                    accepted = scalar == UInt32(bitPattern: instruction.x)
                case .anyButNewline:
                    accepted = scalar != endOfText && scalar != 0x0A
                case .characterClass:
                    let number = Int(instruction.x)
                    accepted = scalar != endOfText && number < classes.count && classes[number].contains(scalar)
                case .split, .jump, .assertion:
                    accepted = false  // never in a thread list
                }
                if accepted {
                    machine.add(pc + 1, start: start, mark: mark, previous: scalar, current: after, to: &following)
                }
            }
            if scalar == endOfText { break }
            swap(&current, &following)
            following.count = 0
            previous = scalar
            (scalar, scalarStart, scalarEnd) = (after, afterStart, afterEnd)
        }
        if let best { return (.match(best.start..<best.end), machine.steps) }
        return (.noMatch, machine.steps)
    }
}
