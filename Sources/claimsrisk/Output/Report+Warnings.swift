// Report+Warnings.swift: results that suggest a slip in the scenario, shown on stderr and in
// the report (table, JSON `warnings`, HTML): an aggregate attachment point below expected
// aggregate claims, or one that is reached in nearly every simulated year.
import ClaimsEngine
import Foundation

extension Report {
  /// P(attach) at or above this is "nearly every year".
  static let nearlyCertainAttach = 0.99

  var warnings: [String] {
    var out: [String] = []
    for (i, c) in result.contracts.enumerated() {
      guard let a = c.attachment, let agg = c.summary(.aggregateClaims), agg.mean > 0 else { continue }
      let name = result.contracts.count > 1 ? "\(contractName(i)): " : ""
      let ratio = a.dollars / agg.mean
      let p = c.probabilityAttach?.value ?? 0
      if ratio < 1 || p >= Self.nearlyCertainAttach {
        out.append(
          "\(name)the aggregate attachment point \(Money.format(a.dollars)) is \(String(format: "%.0f%%", ratio * 100)) of expected aggregate claims \(Money.format(agg.mean)) "
            + "(a corridor of \(String(format: "%.2f", ratio))); P(attach) = \(ProbabilityText.format(p)). "
            + "The aggregate pays in nearly every year: check the claim cost level (claims.default.expected_pmpm) against the aggregate factors, "
            + "or see `claimsrisk attach` for the attachment point of a target probability.")
      }
    }
    return out
  }

  /// Writes the warnings to stderr ("warning: …").
  func printWarnings() {
    for w in warnings { FileHandle.standardError.write(Data("warning: \(w)\n".utf8)) }
  }
}
