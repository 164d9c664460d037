// MemoryLimits.swift: the memory a run may still use: the least of what the machine has
// (MemAvailable in /proc/meminfo), what the address-space limit leaves (RLIMIT_AS, as set by
// `ulimit -v` or `prlimit --as`, minus the address space in use) and what the cgroup's limit
// leaves (memory.max minus memory.current, cgroup v2; or the v1 equivalents).
internal import Foundation

enum MemoryLimits {
  static func availableBytes() -> Double? {
    [meminfoAvailable(), addressSpaceLeft(), cgroupLeft()].compactMap { $0 }.min()
  }

  /// The number (in kB) on the line of /proc/`file` starting with `key`, in bytes.
  static func kilobytes(_ path: String, _ key: String) -> Double? {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix(key) {
      let parts = line.split(separator: " ", omittingEmptySubsequences: true)
      if parts.count >= 2, let kb = Double(parts[1]) { return kb * 1024 }
    }
    return nil
  }

  static func meminfoAvailable() -> Double? { kilobytes("/proc/meminfo", "MemAvailable:") }

  static func addressSpaceLeft() -> Double? {
    var limit = rlimit()
    guard getrlimit(Int32(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else { return nil }
    let used = kilobytes("/proc/self/status", "VmSize:") ?? 0
    return max(0, Double(limit.rlim_cur) - used)
  }

  static func number(_ path: String) -> Double? {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    return Double(text.trimmingCharacters(in: .whitespacesAndNewlines))
  }

  static func cgroupLeft() -> Double? {
    // cgroup v2: this process's group from /proc/self/cgroup ("0::/path").
    if let text = try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8),
      let line = text.split(separator: "\n").first(where: { $0.hasPrefix("0::") })
    {
      let dir = "/sys/fs/cgroup" + line.dropFirst(3)
      if let max = number(dir + "/memory.max") {
        return Swift.max(0, max - (number(dir + "/memory.current") ?? 0))
      }
    }
    // cgroup v1 (a limit near 2^63 means none).
    if let limit = number("/sys/fs/cgroup/memory/memory.limit_in_bytes"), limit < 1e18 {
      return max(0, limit - (number("/sys/fs/cgroup/memory/memory.usage_in_bytes") ?? 0))
    }
    return nil
  }
}
