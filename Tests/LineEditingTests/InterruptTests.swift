import Testing
@testable import LineEditing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Ctrl-C")
struct InterruptTests {
    @Test("SIGINT sets the flag instead of ending the process, and reset clears it")
    func flag() {
        #expect(Interrupt.install())
        Interrupt.reset()
        #expect(!Interrupt.isRequested)
        // Swift Testing runs tests on threads that block SIGINT; unblock it for this thread only.
        var unblock = sigset_t(), previous = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &unblock, &previous)
        raise(SIGINT)
        pthread_sigmask(SIG_SETMASK, &previous, nil)
        #expect(Interrupt.isRequested)
        Interrupt.reset()
        #expect(!Interrupt.isRequested)
    }
}

@Suite("Reading lines")
struct ReadLineTests {
    @Test("a returned line loses its line ending, and invalid UTF-8 becomes U+FFFD")
    func decode() {
        let cases: [([UInt8], String)] = [
            (Array("topic:ÁVH\n".utf8), "topic:ÁVH"),
            (Array("army\r\n".utf8), "army"),
            (Array("army".utf8), "army"),
            ([0x52, 0xC3, 0x0A], "R\u{FFFD}"),
            ([0x0A], ""),
        ]
        for (bytes, expected) in cases {
            let line = bytes.withUnsafeBytes { LineEditor.decodeLine($0) }
            #expect(line == expected)
        }
    }
}
