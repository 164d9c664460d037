// ReferenceComparison.swift: compares an engine run with the reference simulator's, contract
// by contract: every mean both report by two-sample z, P(attach) likewise, and a quantity one
// side reports and the other does not is a failure, except run-in and extension claims, which
// the engine reports only when they can occur (the reference's must then be zero).
import ClaimsEngine
import Foundation

struct ReferenceTally {
  var comparisons = 0
  var worst = 0.0
  var worstWhat = ""
  var failures: [String] = []
  /// Above this |z| a comparison fails (about 7e-6 per comparison when the two agree).
  static let limit = 4.5

  mutating func compare(_ a: ReferenceEstimate, _ b: ReferenceEstimate, _ what: String) {
    // A floor of 1e-9 of the amount: a quantity that is constant up to round-off (fixed
    // costs) has no sampling error to speak of.
    let scale = max(1, abs(a.mean), abs(b.mean))
    let se = max((a.stdError * a.stdError + b.stdError * b.stdError).squareRoot(), 1e-9 * scale)
    let z = (a.mean - b.mean) / se
    comparisons += 1
    if abs(z) > worst { worst = abs(z); worstWhat = what }
    if !(abs(z) <= Self.limit) {
      failures.append(String(format: "%@: engine %.2f ± %.2f, reference %.2f ± %.2f, z = %.2f", what, a.mean, a.stdError, b.mean, b.stdError, z))
    }
  }
}

enum ReferenceComparison {
  /// The engine's estimates under the reference's keys.
  static func estimates(_ c: ContractResult) -> [String: ReferenceEstimate] {
    var e: [String: ReferenceEstimate] = [:]
    for (q, s) in c.metrics { e[q.rawValue] = ReferenceEstimate(mean: s.mean, stdError: s.stdError) }
    if let p = c.probabilityAttach { e["probability_attach"] = ReferenceEstimate(mean: p.value, stdError: p.stdError) }
    if let f = c.cashFlow {
      func put(_ key: String, _ s: MetricSummary) { e[key] = ReferenceEstimate(mean: s.mean, stdError: s.stdError) }
      put("largest_cash_need", f.largestNeed)
      put("largest_cash_need_with_accommodation", f.largestNeedAccommodated)
      put("accommodation", f.accommodation)
      for (i, s) in f.monthly.enumerated() { put("net_outflow_\(i + 1)", s) }
      for (i, s) in f.monthlyAccommodated.enumerated() { put("net_outflow_with_accommodation_\(i + 1)", s) }
    }
    return e
  }

  /// Quantities the engine reports only when they can be nonzero (run-in, extension of
  /// benefits); the reference always has them.
  static let whenPresent: Set<String> = ["runin_claims", "runin_reimbursement", "extension_claims"]

  static func compare(_ engine: SimulationResult, _ reference: [ReferenceContractResult], case name: String, into tally: inout ReferenceTally) {
    guard engine.contracts.count == reference.count else {
      tally.failures.append("\(name): the engine settled \(engine.contracts.count) contracts, the reference \(reference.count)")
      return
    }
    for (c, r) in zip(engine.contracts, reference) {
      let e = estimates(c)
      let label = "\(name) [\(c.name)]"
      for key in Set(e.keys).union(r.estimates.keys).sorted() {
        switch (e[key], r.estimates[key]) {
        case (let a?, let b?):
          tally.compare(a, b, "\(label) \(key)")
        case (nil, let b?):
          // Not reported by the engine: it must be zero (no run-in or extension claims).
          if !(Self.whenPresent.contains(key) && b.mean == 0) {
            tally.failures.append("\(label) \(key): the reference has \(b.mean), the engine does not report it")
          }
        case (let a?, nil):
          tally.failures.append("\(label) \(key): the engine reports \(a.mean), the reference has no such quantity")
        case (nil, nil): break
        }
      }
    }
  }
}
