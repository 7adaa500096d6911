#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A plan's report folder, DIR/NAME, written whole or not at all. The run writes into a hidden
/// staging folder beside it and, when the plan has run, swaps it into place under a lock on DIR:
/// a run that stops half-way leaves the previous report as it was, and two runs into one DIR
/// leave one run's report, never a mix of both.
struct ReportFolder {
    /// DIR/NAME, with DIR's symbolic links resolved.
    let path: String
    /// Where the run writes: DIR/.NAME.staging-PID-RANDOM.
    let staging: String
    let parent: String

    /// Refuses a folder that would hold one of the plan's inputs (replacing the report folder
    /// would delete it, and writing data.csv into it would overwrite a trial's own data.csv), and
    /// an existing folder that is not a report (it would be replaced whole).
    static func prepare(out: String, name: String, inputs: [String]) throws -> ReportFolder {
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: out, withIntermediateDirectories: true)
        } catch {
            StandardStreams.writeMessage("trialstats run: cannot create \(out): \(error.localizedDescription)")
            throw ExitStatus.outputError.exitCode
        }
        let parent = resolved(out)
        let path = (parent as NSString).appendingPathComponent(name)
        for input in inputs where !input.isEmpty {
            let real = resolved(input)
            if real == path || real.hasPrefix(path + "/") {
                StandardStreams.writeMessage("trialstats run: the report folder \((out as NSString).appendingPathComponent(name)) would hold "
                                             + "the plan's input \(input), and a report folder is replaced whole; choose another --out or name:")
                throw ExitStatus.outputError.exitCode
            }
        }
        try refuseAnythingButAReport(at: path, shownAs: (out as NSString).appendingPathComponent(name))
        let staging = (parent as NSString).appendingPathComponent(".\(name).staging-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try manager.createDirectory(atPath: staging, withIntermediateDirectories: false)
        } catch {
            StandardStreams.writeMessage("trialstats run: cannot create \(staging): \(error.localizedDescription)")
            throw ExitStatus.outputError.exitCode
        }
        return ReportFolder(path: path, staging: staging, parent: parent)
    }

    /// What may be replaced: nothing, an empty folder, or a folder of what a run writes (index.html,
    /// files with a report's extensions, and its manifest). Anything else might be someone's own files.
    static func refuseAnythingButAReport(at path: String, shownAs: String) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        let entries = (try? manager.contentsOfDirectory(atPath: path)) ?? []
        let reportFiles = Set(["html", "json", "md", "csv", "tex", "svg", "docx", "rtf"])
        let onlyReportFiles = entries.allSatisfy { entry in
            var entryIsDirectory: ObjCBool = false
            manager.fileExists(atPath: (path as NSString).appendingPathComponent(entry), isDirectory: &entryIsDirectory)
            return !entryIsDirectory.boolValue && (reportFiles.contains((entry as NSString).pathExtension.lowercased()) || entry == RunManifest.fileName)
        }
        guard isDirectory.boolValue, entries.isEmpty || (entries.contains("index.html") && onlyReportFiles) else {
            StandardStreams.writeMessage("trialstats run: \(shownAs) exists and is not a TrialStats report (it holds more than a report's "
                                         + "index.html, tables and figures); a report folder is replaced whole, so choose another --out or name:")
            throw ExitStatus.outputError.exitCode
        }
    }

    /// Puts the staged report in place of the previous one. What is there is checked again under
    /// the lock, since something else may have been put there while the plan ran; on any failure
    /// the staging folder is removed.
    func commit() throws {
        do {
            try commitUnderLock()
        } catch {
            discard()
            throw error
        }
    }

    private func commitUnderLock() throws {
        try Self.withLock(on: parent) {
            try Self.refuseAnythingButAReport(at: path, shownAs: path)
            let previous = (parent as NSString).appendingPathComponent(".\((path as NSString).lastPathComponent).previous-\(getpid())")
            let hadPrevious = FileManager.default.fileExists(atPath: path)
            if hadPrevious, rename(path, previous) != 0 { throw failure("cannot move the previous report aside") }
            if rename(staging, path) != 0 {
                let reason = failure("cannot move the new report into place")
                if hadPrevious { rename(previous, path) }
                throw reason
            }
            if hadPrevious { try? FileManager.default.removeItem(atPath: previous) }
        }
    }

    /// Removes the staging folder of a run that did not finish.
    func discard() {
        try? FileManager.default.removeItem(atPath: staging)
    }

    private func failure(_ what: String) -> Error {
        StandardStreams.writeMessage("trialstats run: \(path): \(what): \(String(cString: strerror(errno)))")
        return ExitStatus.outputError.exitCode
    }

    /// Runs `body` holding an exclusive lock on the folder (flock on the folder itself, so no
    /// lock file is left behind), so that swaps and the index page of concurrent runs take turns.
    static func withLock<T>(on folder: String, _ body: () throws -> T) throws -> T {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY)
        guard descriptor >= 0 else {
            StandardStreams.writeMessage("trialstats run: cannot open \(folder): \(String(cString: strerror(errno)))")
            throw ExitStatus.outputError.exitCode
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                StandardStreams.writeMessage("trialstats run: cannot lock \(folder): \(String(cString: strerror(errno)))")
                throw ExitStatus.outputError.exitCode
            }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }

    /// The path with every symbolic link resolved; for a path that does not exist yet, its
    /// existing parent's, with the rest appended.
    static func resolved(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
        if let real = realpath(absolute, nil) {
            defer { free(real) }
            return String(cString: real)
        }
        let parent = (absolute as NSString).deletingLastPathComponent
        guard parent != absolute, !parent.isEmpty else { return (absolute as NSString).standardizingPath }
        return (resolved(parent) as NSString).appendingPathComponent((absolute as NSString).lastPathComponent)
    }
}
