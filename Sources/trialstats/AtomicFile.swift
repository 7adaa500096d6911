#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a whole file or nothing: the text goes to a temporary file beside the target, which
/// is renamed over it only when complete, so a failure never leaves half a file.
///
/// A target that exists and is not a regular file (/dev/null, /dev/stdout, a pipe) is written
/// in place: renaming over it would replace the device with a file.
enum AtomicFile {
    static func write(_ text: String, to path: String) throws {
        try write(bytes: Array(text.utf8), to: path)
    }

    static func write(bytes: [UInt8], to path: String) throws {
        var status = stat()
        if stat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG, status.st_mode & S_IFMT != S_IFDIR {
            guard let file = fopen(path, "wb") else {
                StandardStreams.writeMessage("trialstats: \(path): cannot write: \(String(cString: strerror(errno)))")
                throw ExitStatus.outputError.exitCode
            }
            let written = fwrite(bytes, 1, bytes.count, file)
            let flushed = fflush(file) == 0
            fclose(file)
            guard written == bytes.count, flushed else {
                StandardStreams.writeMessage("trialstats: \(path): cannot write: \(String(cString: strerror(errno)))")
                throw ExitStatus.outputError.exitCode
            }
            return
        }
        let temporary = path + ".trialstats-\(getpid()).tmp"
        // A SIGTERM or SIGINT (a batch system's time limit, Ctrl-C) while the file is written
        // removes the temporary file before the process ends: nothing is left half-written.
        InterruptCleanup.install()
        InterruptCleanup.pending = strdup(temporary)
        defer {
            let pending = InterruptCleanup.pending
            InterruptCleanup.pending = nil
            free(pending)
        }
        guard let file = fopen(temporary, "wb") else {
            StandardStreams.writeMessage("trialstats: \(path): cannot write: \(String(cString: strerror(errno)))")
            throw ExitStatus.outputError.exitCode
        }
        let written = fwrite(bytes, 1, bytes.count, file)
        let flushed = fflush(file) == 0 && fsync(fileno(file)) == 0
        fclose(file)
        guard written == bytes.count, flushed, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            StandardStreams.writeMessage("trialstats: \(path): cannot write: \(reason)")
            throw ExitStatus.outputError.exitCode
        }
    }
}

/// The temporary file being written, removed by the signal handler (unlink and _exit are
/// async-signal-safe; the path is a C string made before the write starts).
enum InterruptCleanup {
    nonisolated(unsafe) static var pending: UnsafeMutablePointer<CChar>?
    nonisolated(unsafe) static var installed = false

    /// Installs the handler, and unblocks the two signals: a process started from a thread that
    /// blocks them (a thread pool's) would otherwise inherit the block and never see a SIGTERM.
    static func install() {
        guard !installed else { return }
        installed = true
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGINT)
        sigprocmask(SIG_UNBLOCK, &signals, nil)
        let handler: @convention(c) (Int32) -> Void = { signal in
            if let path = InterruptCleanup.pending { unlink(path) }
            _exit(128 + signal)
        }
        signal(SIGTERM, handler)
        signal(SIGINT, handler)
    }
}
