#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The character-type locale libedit decodes keystrokes with. Without a UTF-8 one, `Rákosi`
/// silently arrives as `Rkosi`; so it must be set before any libedit call.
enum TerminalLocale {
    /// Sets LC_CTYPE from the environment, falling back to a UTF-8 locale when that one is not UTF-8.
    /// Only LC_CTYPE: number and date formats stay as they are. Returns false if no UTF-8 locale exists.
    @discardableResult
    static func useUTF8() -> Bool {
        if setlocale(LC_CTYPE, "") != nil, isUTF8 { return true }
        for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8", "UTF-8"] where setlocale(LC_CTYPE, name) != nil {
            if isUTF8 { return true }
        }
        return false
    }

    /// True when the current LC_CTYPE codeset is UTF-8.
    static var isUTF8: Bool {
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).lowercased()
        return name == "utf-8" || name == "utf8"
    }
}
