#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Progress of a batch run: a bar redrawn in place when standard error is a terminal, nothing
/// extra otherwise (each plan then says its own line), so CI logs stay plain.
final class Progress {
    let total: Int
    let isTerminal: Bool
    private var done = 0

    init(total: Int) {
        self.total = total
        isTerminal = total > 1 && isatty(STDERR_FILENO) == 1
    }

    func advance(_ label: String) {
        done += 1
        guard isTerminal else { return }
        let width = 30, filled = width * done / max(1, total)
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let text = "\r[\(bar)] \(done)/\(total) \(label)\u{1B}[K"
        _ = text.utf8CString.withUnsafeBufferPointer { write(STDERR_FILENO, $0.baseAddress, $0.count - 1) }
    }

    func finish() {
        guard isTerminal, done > 0 else { return }
        _ = "\n".utf8CString.withUnsafeBufferPointer { write(STDERR_FILENO, $0.baseAddress, $0.count - 1) }
        done = 0
    }
}
