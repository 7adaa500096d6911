#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps standard output for results only.
///
/// R's math library, built standalone, prints its precision warnings (for example from the
/// noncentral t) with `printf`, to standard output. A command that computes calls
/// `routeLibraryMessagesToStandardError()` first: file descriptor 1 then points at standard
/// error, where such warnings belong, and results are written through a saved copy of the
/// original standard output, so they stay byte-for-byte deterministic.
enum StandardStreams {
    nonisolated(unsafe) private static var resultDescriptor: Int32 = STDOUT_FILENO

    static func routeLibraryMessagesToStandardError() {
        guard resultDescriptor == STDOUT_FILENO else { return }
        fflush(nil)
        let saved = dup(STDOUT_FILENO)
        guard saved >= 0, dup2(STDERR_FILENO, STDOUT_FILENO) >= 0 else { return }
        resultDescriptor = saved
    }

    /// Writes a result to the real standard output, with a final newline. A result that
    /// cannot be written (a full disk, a closed pipe) ends the command with exit code 74,
    /// never a silent success.
    static func writeResult(_ text: String) throws {
        if let failure = writeLine(text, to: resultDescriptor) {
            writeMessage("trialstats: could not write the result to standard output: \(failure)")
            throw ExitStatus.outputError.exitCode
        }
    }

    /// Writes a binary result (a Word document) to standard output as it is, without a final
    /// newline. `TableOutputOptions.validate()` has refused a terminal before the command ran.
    static func writeResult(bytes: [UInt8]) throws {
        if let failure = writeAll(bytes, to: resultDescriptor) {
            writeMessage("trialstats: could not write the result to standard output: \(failure)")
            throw ExitStatus.outputError.exitCode
        }
    }

    /// Writes a message for a person to standard error.
    static func writeMessage(_ text: String) {
        _ = writeLine(text, to: STDERR_FILENO)
    }

    /// Writes all of `text` and a newline; returns the system's reason on failure.
    private static func writeLine(_ text: String, to descriptor: Int32) -> String? {
        writeAll(Array((text.hasSuffix("\n") ? text : text + "\n").utf8), to: descriptor)
    }

    /// Writes all of `bytes`; returns the system's reason on failure.
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> String? {
        fflush(nil)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            offset += written
        }
        return nil
    }
}
