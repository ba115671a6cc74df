internal import CLineEdit

/// Ctrl-C as a flag: the SIGINT handler only records it, long-running queries poll it and stop, and
/// `LineEditor.readLine` uses it to tell Ctrl-C (`.interrupted`) from Ctrl-D (`.endOfInput`).
///
/// The handler is C in the CLineEdit shim (one atomic store, async-signal-safe; Swift's `Atomic`
/// would need macOS 15). The flag it sets is `interruptFlag` below, read with atomic loads.
public enum Interrupt {
    /// Installs the SIGINT handler (sigaction without SA_RESTART, so a blocked read returns at once).
    /// Idempotent; `LineEditor.init` calls it. Returns false if sigaction failed.
    @discardableResult
    public static func install() -> Bool {
        cle_interrupt_install(interruptFlag) == 0
    }

    /// True when Ctrl-C was pressed since the last `reset()`. Safe to poll from any thread.
    public static var isRequested: Bool {
        cle_atomic_load(interruptFlag) != 0
    }

    /// Forgets an earlier Ctrl-C: call it before starting work that polls `isRequested`.
    public static func reset() {
        cle_atomic_store(interruptFlag, 0)
    }
}

/// The flag: allocated once and never freed, so the handler can always store into it. Only ever
/// accessed atomically by the shim, which is what makes the `nonisolated(unsafe)` sound.
nonisolated(unsafe) private let interruptFlag: UnsafeMutablePointer<CInt> = {
    let flag = UnsafeMutablePointer<CInt>.allocate(capacity: 1)
    flag.initialize(to: 0)
    return flag
}()
