// ScenarioDescription.swift: what `claimsrisk validate` prints about a valid scenario.
import ClaimsModel
import Foundation

struct ScenarioDescription {
  let scenario: Scenario

  init(_ scenario: Scenario) { self.scenario = scenario }

  var text: String {
    let s = scenario
    var lines = ["\(s.file): valid (format \(s.format))", "  name: \(s.name)"]
    let tiers = s.census.tiers.map { "\($0.name) \($0.units) units / \($0.members) members" }
    lines.append("  census: \(s.census.memberCount) members, \(s.census.unitCount) enrolled units (\(tiers.joined(separator: "; ")))")
    if s.claims.memberWeights != nil {
      let costs = CalibratedModel.tierRelativeCosts(for: s.census).map {
        "\($0.tier) \(String(format: "%.2f", $0.perUnit))× (\(String(format: "%.2f", $0.personsPerUnit)) persons per unit)"
      }
      lines.append("  expected cost per unit relative to an employee alone: \(costs.joined(separator: "; "))")
    }
    switch s.claims.model {
    case .perMember(let f, let sev):
      lines.append("  claims: compound, frequency \(f.family) mean \(fmt(f.mean)), severity \(sev.family) mean \(Money.format(sev.mean, cents: true))")
      lines.append("          expected claims per member-year \(Money.format(f.mean * sev.mean, cents: true))")
    case .annual(let d):
      lines.append("  claims: \(s.claims.isCalibratedDefault ? "calibrated default (member-level zero-inflated lognormal, docs/model.md)" : "member-level annual \(d.family)"), allowed cost per member-year \(Money.format(d.mean, cents: true)) (\(Money.format(d.mean / 12, cents: true)) PMPM)")
      if let cs = s.claims.costSharing {
        lines.append("          cost sharing: deductible \(Money.format(cs.deductible)), coinsurance \(Money.percent(cs.coinsurance, digits: 0)), out-of-pocket max \(Money.format(cs.outOfPocketMax))")
      }
    }
    if let sets = s.claims.parameterSets {
      lines.append("  parameter risk: \(sets.count) parameter sets (claims.parameter_sets), one drawn per trial; the model above is the point estimate")
    }
    lines.append("  lag (months 0…): \(s.claims.blendedLag.map { fmt($0) }.joined(separator: ", ")); trend \(Money.percent(s.claims.trend, digits: 1)); group parameter CV \(fmt(s.claims.groupParameterCV))")
    if let sp = s.stopLoss.specific {
      let extra = sp.optionSummaries
      lines.append("  specific: deductible \(Money.format(sp.deductible, cents: true)), basis \(sp.basis)" + (extra.isEmpty ? "" : "; " + extra.joined(separator: ", ")))
    } else {
      lines.append("  specific: none")
    }
    if let ag = s.stopLoss.aggregate {
      switch ag.attachment {
      case .dollars(let a): lines.append("  aggregate: attachment \(Money.format(a, cents: true)), basis \(ag.basis)")
      case .factors(let r):
        let monthly = s.monthlyAmount(r)
        lines.append("  aggregate: factors, monthly attachment \(Money.format(monthly, cents: true)), annual \(Money.format(12 * monthly, cents: true)), basis \(ag.basis)")
      case .corridor(let c): lines.append("  aggregate: corridor \(fmt(c)) × expected aggregate claims, basis \(ag.basis)")
      }
    } else {
      lines.append("  aggregate: none")
    }
    if let ag = s.stopLoss.aggregate {
      var extra: [String] = []
      if ag.maximum.isFinite { extra.append("maximum \(Money.format(ag.maximum))") }
      if ag.reimbursement != 1 { extra.append("reimburses \(Money.percent(ag.reimbursement, digits: 0))") }
      if ag.accommodation { extra.append("monthly accommodation") }
      if case .none = ag.minimum {} else if case .firstMonth(let p, let d) = ag.minimum, p == 0.95, d == 0 {} else { extra.append("minimum attachment rule set") }
      if !extra.isEmpty { lines.append("  aggregate options: " + extra.joined(separator: ", ")) }
    }
    if s.stopLoss.terminalLiability { lines.append("  terminal liability option: on") }
    if s.enrolment.varies { lines.append("  enrolment: changes during the year (\((1...12).map { String(format: "%.0f", s.enrolment.total(month: $0)) }.joined(separator: ", ")) units)") }
    if !s.options.isEmpty { lines.append("  options: " + s.options.map(\.name).joined(separator: "; ")) }
    if let f = s.funding {
      if f.level != nil { lines.append("  funding: level (claims fund, run-out \(f.level!.runOutMonths) months)") }
      if let a = f.allocatedBalance { lines.append("  funding: allocated balance over \(a.years) years") }
    }
    if let fc = s.fixedCosts {
      lines.append("  fixed costs: \(Money.format(s.monthlyAmount(fc), cents: true)) a month, \(Money.format(s.annualFixedCosts, cents: true)) a year")
    }
    if let p = s.fullyInsuredAnnualPremium {
      lines.append("  fully insured premium: \(Money.format(p, cents: true))")
    }
    if let line = Self.laserLine(s.stopLoss.specific?.lasers ?? []) { lines.append(line) }
    lines.append("  simulation: \(s.simulation.trials) trials, seed \(s.simulation.seed), generator \(s.simulation.generator.rawValue)")
    return lines.joined(separator: "\n")
  }

  /// "lasers: member family-3-1 at $100,000; member 7 excluded".
  static func laserLine(_ lasers: [SpecificSpec.Laser]) -> String? {
    guard !lasers.isEmpty else { return nil }
    return "  lasers: " + lasers.map { l in
      "member \(l.member) " + (l.deductible.map { "at \(Money.format($0))" } ?? "excluded")
    }.joined(separator: "; ")
  }

  private func fmt(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e12 ? String(Int64(x)) : String(format: "%g", x)
  }
}

extension SpecificSpec {
  /// The options beyond a plain deductible, in words (the table report and `validate`).
  var optionSummaries: [String] {
    var parts: [String] = []
    if !lasers.isEmpty { parts.append("\(lasers.count) laser(s)") }
    if aggregatingDeductible > 0 { parts.append("ASD \(Money.format(aggregatingDeductible))") }
    if maximum.isFinite { parts.append("maximum \(Money.format(maximum))") }
    if reimbursement != 1 { parts.append("reimburses \(Money.percent(reimbursement, digits: 0))") }
    if accumulation == .family { parts.append("per family") }
    if carryoverMonths > 0 { parts.append("\(carryoverMonths)-month carryover") }
    if !runInLimit.isNone { parts.append("run-in limit") }
    if !extensionMembers.isEmpty {
      parts.append("extension of benefits (\(extensionMembers.count) member(s), \(extensionMonths) months)")
    }
    return parts
  }
}
