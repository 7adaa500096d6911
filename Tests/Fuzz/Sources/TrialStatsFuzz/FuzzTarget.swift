#if canImport(Glibc)
import Glibc
#endif

/// A reader or parser under fuzzing. `run` must return for every input; a broken invariant is
/// reported through `violated`, which aborts so that libFuzzer saves the input.
protocol FuzzTarget: Sendable {
    func run(_ bytes: [UInt8])
}

/// Stops the run with a message libFuzzer shows beside the saved input.
func violated(_ message: @autoclosure () -> String) -> Never {
    printToStandardError("INVARIANT VIOLATED: \(message())\n")
    abort()
}

func printToStandardError(_ message: String) {
    var message = message
    message.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { violated(message()) }
}

/// Text from possibly invalid UTF-8 (invalid bytes become U+FFFD, as a reader of the file sees).
func text(_ bytes: some Collection<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

/// A scratch file holding `bytes`, for readers that take a path. One per process, in /dev/shm
/// when it exists, so that a run writes nothing to the disk of the machine it runs on.
enum ScratchFile {
    static let directory: String = {
        let base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
        return "\(base)/trialstats-fuzz-\(getpid())"
    }()

    static func write(_ bytes: [UInt8], name: String) -> String {
        mkdir(directory, 0o700)
        let path = "\(directory)/\(name)"
        guard let file = fopen(path, "wb") else { violated("cannot write the scratch file \(path)") }
        if !bytes.isEmpty { require(fwrite(bytes, 1, bytes.count, file) == bytes.count, "short write to \(path)") }
        fclose(file)
        return path
    }
}
