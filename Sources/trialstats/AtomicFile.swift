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
        var status = stat()
        if stat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG, status.st_mode & S_IFMT != S_IFDIR {
            guard let file = fopen(path, "wb") else {
                StandardStreams.writeMessage("trialstats: \(path): cannot write: \(String(cString: strerror(errno)))")
                throw ExitStatus.outputError.exitCode
            }
            let bytes = Array(text.utf8)
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
        guard let file = fopen(temporary, "wb") else {
            StandardStreams.writeMessage("trialstats: \(path): cannot write: \(String(cString: strerror(errno)))")
            throw ExitStatus.outputError.exitCode
        }
        let bytes = Array(text.utf8)
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
