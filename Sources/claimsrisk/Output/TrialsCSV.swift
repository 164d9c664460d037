// TrialsCSV.swift: `--trials-csv PATH`: one row per simulated trial (plan year) with every
// quantity the report summarizes (claims incurred, specific and aggregate reimbursement,
// aggregate claims, run-out, retained claims, fixed costs, employer cost, …), and whether the
// aggregate attached; the same `# ` provenance line as the report's CSV.
import ClaimsEngine
import Foundation

extension Report {
  /// The per-trial CSV of the first contract; nil when the result kept no trial values.
  func trialsCSV() -> String? {
    let c = result.contracts[0]
    let quantities = Quantity.allCases.filter { c.trialValues[$0] != nil }
    guard let n = quantities.first.flatMap({ c.trialValues[$0]?.count }), n > 0 else { return nil }
    let columns = quantities.map { c.trialValues[$0]! }
    let attachment = c.attachment?.dollars
    let aggregate = c.trialValues[.aggregateClaims]
    var header = ["trial"] + quantities.map(\.rawValue)
    if attachment != nil { header.append("attached") }
    var lines = [csvComment(), header.joined(separator: ",")]
    lines.reserveCapacity(n + 2)
    for t in 0..<n {
      var row = String(t + 1)
      for col in columns { row += "," + CSVFormat.number(col[t]) }
      if let attachment, let aggregate { row += aggregate[t] > attachment ? ",1" : ",0" }
      lines.append(row)
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
