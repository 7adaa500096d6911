import Foundation

/// How many replicates to run at once: the cores this process may use, which on a batch system
/// is less than the machine has. The smallest of the online CPUs, the CPUs the process is pinned
/// to (its affinity mask), a cgroup v2 CPU quota (cpu.max), and Slurm's SLURM_CPUS_PER_TASK.
enum WorkerCount {
    static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
        var count = max(1, ProcessInfo.processInfo.activeProcessorCount)
        // The affinity mask, as /proc/self/status prints it (hex words separated by commas).
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") }) {
            let mask = line.dropFirst("Cpus_allowed:".count).filter { $0.isHexDigit }
            let pinned = mask.reduce(0) { $0 + (Int(String($1), radix: 16) ?? 0).nonzeroBitCount }
            if pinned > 0 { count = min(count, pinned) }
        }
        if let text = try? String(contentsOfFile: "/sys/fs/cgroup/cpu.max", encoding: .utf8) {
            let parts = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
            if parts.count == 2, let quota = Double(parts[0]), let period = Double(parts[1]), period > 0 {
                count = min(count, max(1, Int((quota / period).rounded(.up))))
            }
        }
        if let text = environment["SLURM_CPUS_PER_TASK"], let cpus = Int(text), cpus >= 1 { count = min(count, cpus) }
        return count
    }
}
