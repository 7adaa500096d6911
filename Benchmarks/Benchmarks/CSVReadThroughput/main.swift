// Reads a large numeric CSV with TrialData's reader and prints throughput and peak memory.
//
//   CSVReadThroughput [FILE] [--rows N] [--repeat K] [--generate-only]
//
// Without FILE it uses /tmp/trialstats-bench-1000000x8.csv, writing it first if absent:
// N rows (default 1,000,000) × 8 numeric columns from a fixed sequence, about 60 MB.
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import TrialData

var arguments = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    defer { arguments.removeSubrange(index...(index + 1)) }
    return arguments[index + 1]
}
let rows = option("--rows").flatMap { Int($0) } ?? 1_000_000
let repeats = option("--repeat").flatMap { Int($0) } ?? 3
let generateOnly = arguments.contains("--generate-only")
arguments.removeAll { $0 == "--generate-only" }
let path = arguments.first ?? "/tmp/trialstats-bench-\(rows)x8.csv"

/// Peak resident memory of this process so far, in bytes.
func peakResidentBytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss * 1024
}

func fileSize(_ path: String) -> Int {
    var status = stat()
    return stat(path, &status) == 0 ? Int(status.st_size) : -1
}

if fileSize(path) <= 0 {
    // Values like clinical measurements: up to 4 decimals, signs, a few large magnitudes.
    guard let file = fopen(path, "w") else { fatalError("cannot write \(path)") }
    fputs("subject,visit,vas,dash,bctq_sss,bctq_fss,csa,grip\n", file)
    var state: UInt64 = 20_261_121
    var line = [UInt8]()
    func appendNumber(_ value: Int, decimals: Int, into line: inout [UInt8]) {
        var magnitude = abs(value)
        if value < 0 { line.append(UInt8(ascii: "-")) }
        var digits = [UInt8]()
        repeat { digits.append(UInt8(48 + magnitude % 10)); magnitude /= 10 } while magnitude > 0 || digits.count <= decimals
        for (index, digit) in digits.reversed().enumerated() {
            if decimals > 0 && index == digits.count - decimals { line.append(UInt8(ascii: ".")) }
            line.append(digit)
        }
    }
    for row in 0..<rows {
        line.removeAll(keepingCapacity: true)
        appendNumber(row / 5 + 1, decimals: 0, into: &line)
        for column in 1..<8 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let draw = Int(state >> 40) % 2_000_000 - 400_000
            line.append(UInt8(ascii: ","))
            appendNumber(column == 1 ? row % 5 * 4 : draw, decimals: column == 1 ? 0 : (column % 3) + 2, into: &line)
        }
        line.append(UInt8(ascii: "\n"))
        fwrite(line, 1, line.count, file)
    }
    fclose(file)
}
if generateOnly {
    print(path)
    exit(0)
}

let bytes = fileSize(path)
let baseline = peakResidentBytes()
var seconds: [Double] = []
var table: Table?
for _ in 0..<repeats {
    table = nil
    var start = timespec(), stop = timespec()
    clock_gettime(CLOCK_MONOTONIC, &start)
    table = try CSVReader.read(path: path)
    clock_gettime(CLOCK_MONOTONIC, &stop)
    seconds.append(Double(stop.tv_sec - start.tv_sec) + Double(stop.tv_nsec - start.tv_nsec) * 1e-9)
}
let best = seconds.min()!
let median = seconds.sorted()[seconds.count / 2]
let peak = peakResidentBytes()
let megabytes = Double(bytes) / 1e6
print("file           \(path): \(String(format: "%.1f", megabytes)) MB, \(table!.rowCount) rows × \(table!.columns.count) columns")
print("read time      best \(String(format: "%.3f", best)) s, median \(String(format: "%.3f", median)) s over \(repeats) reads")
print("throughput     \(String(format: "%.0f", megabytes / best)) MB/s (best), \(String(format: "%.0f", megabytes / median)) MB/s (median), one core")
print("peak memory    \(String(format: "%.1f", Double(peak) / 1e6)) MB resident (process before reading: \(String(format: "%.1f", Double(baseline) / 1e6)) MB); "
      + "\(String(format: "%.2f", Double(peak) / Double(bytes)))× the file size")
print("seconds_best=\(best) seconds_median=\(median) bytes=\(bytes)")
