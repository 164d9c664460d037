// LargeClaimantFile.swift: reads a large-claimant report (member-year totals above a
// threshold, as a TPA or stop-loss carrier sends it), reporting every problem at once.
internal import Foundation

/// One member's total for one plan year.
public struct LargeClaimant: Sendable, Hashable {
  public var member: String
  public var planYearStart: Month
  public var total: Double
  public var capped: Bool
}

public enum LargeClaimantFile {
  /// Header: member_id,plan_year_start,total[,capped].
  public static func load(path: String) throws -> [LargeClaimant] {
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
      throw CalibrationError("\(path): cannot read the large-claimant file")
    }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
    let expected = "member_id,plan_year_start,total (optional capped)"
    guard let header = lines.first, let names = CSVLine.split(header) else {
      throw CalibrationError("\(path): the large-claimant file is empty; expected the header \(expected)")
    }
    let columns = names.map { $0.text.lowercased() }
    guard let pm = columns.firstIndex(of: "member_id"), let py = columns.firstIndex(of: "plan_year_start"),
      let pt = columns.firstIndex(of: "total")
    else {
      throw CalibrationError("\(path):1: the header must name \(expected); found \(columns.joined(separator: ","))")
    }
    let pc = columns.firstIndex(of: "capped")
    var out: [LargeClaimant] = []
    var issues: [String] = []
    for n in 1..<max(1, lines.count) {
      guard let f = CSVLine.split(lines[n]), f.count == names.count else {
        issues.append("\(path):\(n + 1): expected \(names.count) fields (as in the header)")
        continue
      }
      guard let year = Month(parsing: f[py].text) else {
        issues.append("\(path):\(n + 1):\(f[py].column): plan_year_start: '\(f[py].text)' is not a month; write YYYY-MM")
        continue
      }
      guard let total = Double(f[pt].text), total.isFinite, total > 0 else {
        issues.append("\(path):\(n + 1):\(f[pt].column): total: '\(f[pt].text)' is not a positive number; write dollars as a plain number")
        continue
      }
      let capped = pc.map { ["1", "true", "yes", "y"].contains(f[$0].text.lowercased()) } ?? false
      out.append(LargeClaimant(member: f[pm].text, planYearStart: year, total: total, capped: capped))
    }
    if out.isEmpty && issues.isEmpty { issues.append("\(path): no large claimants listed; write one line per member-year above the threshold") }
    if !issues.isEmpty { throw CalibrationError(Array(issues.prefix(50))) }
    return out
  }
}
