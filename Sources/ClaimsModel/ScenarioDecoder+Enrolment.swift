// ScenarioDecoder+Enrolment.swift: reading the enrolment section: monthly units by tier, or attrition.
internal import Foundation
internal import Yams

extension ScenarioDecoder {
  func decodeEnrolment(_ node: Node, census: Census) -> Enrolment? {
    guard let m = reader.mapping(node, "enrolment", allowed: ["monthly", "attrition", "layoff"]) else { return nil }
    let given = ["monthly", "attrition", "layoff"].filter { m[$0] != nil }
    guard given.count == 1 else {
      reader.fail(node, "enrolment", "expected exactly one of monthly, attrition, layoff")
      return nil
    }
    var e = Enrolment.constant(census)
    if let n = m["monthly"] {
      guard case .mapping(let map) = n else {
        reader.fail(n, "enrolment.monthly", "expected a mapping of tier name to 12 monthly unit counts")
        return nil
      }
      let names = census.tiers.map(\.name)
      var ok = true
      var seen: Set<String> = []
      for (k, v) in map {
        guard let key = k.string, let t = names.firstIndex(of: key) else {
          reader.fail(k, "enrolment.monthly.\(k.string ?? "?")", "no tier named '\(k.string ?? "?")' in the census (tiers: \(names.joined(separator: ", ")))")
          ok = false
          continue
        }
        seen.insert(key)
        guard let list = reader.sequence(v, "enrolment.monthly.\(key)") else { ok = false; continue }
        guard list.count == 12 else {
          reader.fail(v, "enrolment.monthly.\(key)", "expected 12 monthly unit counts (months 1…12), found \(list.count)")
          ok = false
          continue
        }
        let values = list.enumerated().compactMap { reader.number($1, "enrolment.monthly.\(key)[\($0)]", minimum: 0) }
        guard values.count == 12 else { ok = false; continue }
        e.units[t] = values
      }
      for n2 in names where !seen.contains(n2) {
        reader.fail(n, "enrolment.monthly", "missing the 12 monthly counts of tier '\(n2)'")
        ok = false
      }
      return ok ? e : nil
    }
    if let n = m["attrition"] {
      guard let rate = reader.number(n, "enrolment.attrition", minimum: 0, maximum: 0.5, what: "a monthly rate") else { return nil }
      for t in e.units.indices {
        e.units[t] = (1...12).map { e.units[t][0] * Foundation.pow(1 - rate, Double($0 - 1)) }
      }
      return e
    }
    if let n = m["layoff"], let lm = reader.mapping(n, "enrolment.layoff", allowed: ["month", "fraction"]) {
      let month = lm["month"].flatMap { reader.integer($0, "enrolment.layoff.month", minimum: 2, maximum: 12) }
      let fraction = lm["fraction"].flatMap { reader.number($0, "enrolment.layoff.fraction", minimum: 0, maximum: 1) }
      if lm["month"] == nil { missing(n, "enrolment.layoff.month") }
      if lm["fraction"] == nil { missing(n, "enrolment.layoff.fraction") }
      guard let month, let fraction else { return nil }
      for t in e.units.indices {
        e.units[t] = (1...12).map { $0 >= month ? e.units[t][0] * (1 - fraction) : e.units[t][0] }
      }
      return e
    }
    return nil
  }
}
