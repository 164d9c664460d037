// Report+HTML.swift: the report as one self-contained HTML5 file that is also well-formed XML
// (every element closed, attributes quoted, text escaped): the page, its header and key
// figures, the inputs and the percentile table. The chart sections are in
// Report+HTMLSections.swift, the chart engine in SVGChart.swift, the style in HTMLStyle.swift.
// No scripts, no fonts, no external resources.
import ClaimsEngine
import ClaimsModel
import Foundation

extension Report {
  func html() -> String {
    let compare = result.contracts.count > 1
    let heading = (compare ? "Contract options: " : "Claims risk: ") + result.scenarioName
    var body: [String] = [headerHTML(heading: heading, compare: compare), inputsHTML(compare: compare)]
    if compare { body.append(optionsHTML()) }
    body.append(distributionHTML(compare: compare))
    body.append(employerCostChartsHTML(compare: compare))
    if let s = selfFundingHTML() { body.append(s) }
    if let s = cashFlowHTML() { body.append(s) }
    if let s = levelFundingHTML() { body.append(s) }
    body.append(notesHTML())
    return HTMLTextPage.document(title: heading, body: body.joined(separator: "\n"))
  }

  // MARK: Header and key figures

  func headerHTML(heading: String, compare: Bool) -> String {
    let file = (scenario.file as NSString).lastPathComponent
    var meta = [
      "\(count(result.trials)) trials", "seed \(result.seed)", "generator \(result.generator)",
      "method \(result.method)", "claimsrisk \(version)", "percentiles type 7 (R default, numpy linear)",
    ]
    if !file.isEmpty { meta.append("scenario file \(file)") }
    var out = ["<header>", "<h1>\(esc(heading))</h1>", "<p class=\"meta\">\(meta.map(esc).joined(separator: " · "))</p>"]
    if compare {
      out.append("<p class=\"meta\">\(result.contracts.count) contract options evaluated on the same simulated claims (common random numbers); the figures below the comparison are those of the first option, \(esc(contractName(0))).</p>")
    }
    var cards: [(String, String, String)] = []
    if let e = result.summary(.employerCost) {
      cards.append(("Expected employer cost", Money.format(e.mean), "± " + Money.format(e.stdError) + " (1 SE)"))
      cards.append(("95th percentile", Money.format(e.percentiles[3]), "99th: " + Money.format(e.percentiles[4])))
    }
    if let w = worstCase {
      let above = result.contracts[0].probabilityAboveAggregateMaximum.map { "; exceeded in " + ProbabilityText.format($0.value) + " of years" } ?? ""
      cards.append(("Maximum under the aggregate", Money.format(w), "fixed costs + attachment point" + above))
    }
    if let fi = result.fullyInsuredAnnualPremium { cards.append(("Fully insured premium", Money.format(fi), "a year")) }
    if let p = result.probabilityAttach {
      let without = withoutParameterRisk?.probabilityAttach.map { "; without parameter risk " + ProbabilityText.format($0.value) } ?? ""
      cards.append(("P(attach)", ProbabilityText.format(p.value), "± " + ProbabilityText.stdError(p) + " (1 SE)" + without))
    }
    if let p = result.contracts[0].probabilityCheaper {
      cards.append(("P(self-funding costs less)", ProbabilityText.format(p.value), "± " + ProbabilityText.stdError(p) + " (1 SE)"))
    }
    out.append("<div class=\"cards\">")
    for (k, v, s) in cards {
      out.append("<div class=\"card\"><div class=\"k\">\(esc(k))</div><div class=\"v\">\(esc(v))</div><div class=\"s\">\(esc(s))</div></div>")
    }
    out.append("</div>")
    for w in warnings { out.append("<p class=\"warning\" role=\"alert\"><strong>Warning:</strong> \(esc(w))</p>") }
    out.append("</header>")
    return out.joined(separator: "\n")
  }

  // MARK: Inputs

  func inputsHTML(compare: Bool) -> String {
    let s = scenario
    var out = ["<section id=\"inputs\">", "<h2>Inputs</h2>"]

    // Census, with the per-unit rates that multiply enrolment.
    out.append("<h3>Census</h3>")
    let source: String
    switch s.census.source {
    case .members: source = "a list of members"
    case .tiers: source = "tiers of employees"
    case .membersFile(let f): source = "the member file \((f as NSString).lastPathComponent)"
    }
    out.append("<p>\(count(s.census.memberCount)) covered members in \(count(s.census.unitCount)) enrolled units (employees), from \(esc(source)).\(s.enrolment.varies ? " Enrolment changes during the year: \(esc(enrolmentText()))." : "")</p>")
    var headers = ["Tier", "Enrolled units", "Members"]
    var rateColumns: [TierRates] = []
    if let fc = s.fixedCosts { headers.append("Fixed costs per unit-month"); rateColumns.append(fc) }
    if case .factors(let f) = s.stopLoss.aggregate?.attachment { headers.append("Aggregate factor per unit-month"); rateColumns.append(f) }
    if let lf = s.funding?.level { headers.append("Claims fund per unit-month"); rateColumns.append(lf.claimsFundPerUnitMonth) }
    var rows: [[String]] = s.census.tiers.enumerated().map { (t, tier) in
      [tier.name, count(tier.units), count(tier.members)] + rateColumns.map { Money.format($0.rate(forTier: tier.name, index: t), cents: true) }
    }
    if s.census.tiers.count > 1 {
      rows.append(["Total", count(s.census.unitCount), count(s.census.memberCount)] + rateColumns.map { Money.format(s.monthlyAmount($0), cents: true) + " a month" })
    }
    out.append(tableHTML(headers: headers, rows: rows, leftColumns: 1, cls: "data"))

    // Claim model.
    out.append("<h3>Claim model</h3>")
    var model: [(String, String)] = []
    switch s.claims.model {
    case .perMember(let f, let sev):
      model.append(("Model", "Compound: claim counts per member-year × claim sizes"))
      model.append(("Frequency", "\(f.family), mean \(plain(f.mean)) claims per member-year"))
      model.append(("Severity", "\(sev.family), mean \(Money.format(sev.mean, cents: true)) per claim"))
      model.append(("Expected claims", "\(Money.format(f.mean * sev.mean, cents: true)) per member-year (\(Money.format(f.mean * sev.mean / 12, cents: true)) PMPM)"))
    case .annual(let d):
      model.append(("Model", s.claims.isCalibratedDefault
        ? "Calibrated default member-level model (zero-inflated lognormal annual cost per member)"
        : "Member-level annual cost, \(d.family)"))
      model.append(("Allowed cost", "\(Money.format(d.mean, cents: true)) per member-year (\(Money.format(d.mean / 12, cents: true)) PMPM)"))
      if let cs = s.claims.costSharing {
        model.append(("Member cost sharing", "deductible \(Money.format(cs.deductible)), coinsurance \(Money.percent(cs.coinsurance, digits: 0)), out-of-pocket maximum \(Money.format(cs.outOfPocketMax))"))
      }
      if s.claims.memberWeights != nil { model.append(("Member weights", "per-member cost weights (children weigh less)")) }
    }
    let lag = s.claims.blendedLag
    let meanLag = lag.enumerated().reduce(0.0) { $0 + Double($1.offset) * $1.element }
    let shown = lag.prefix(13).map { String(format: "%.3f", $0) }.joined(separator: ", ") + (lag.count > 13 ? ", …" : "")
    model.append(("Payment lag", "mean \(String(format: "%.2f", meanLag)) months; share paid 0, 1, 2, … months after incurral: \(shown)"))
    if let split = s.claims.medicalRxSplit {
      model.append(("Medical / Rx", "\(Money.percent(split.rxShare, digits: 0)) of each episode is Rx, paid with its own (shorter) lag"))
    }
    model.append(("Trend", "\(Money.percent(s.claims.trend, digits: 1)) a year, applied by incurred month"))
    let season = s.claims.seasonality
    model.append(("Seasonality", season.allSatisfy { abs($0 - (season.first ?? 0)) < 1e-12 } ? "none (uniform over the year)" : "month weights " + season.map { String(format: "%.3f", $0) }.joined(separator: ", ")))
    model.append(("Group parameter CV", s.claims.groupParameterCV > 0 ? "\(plain(s.claims.groupParameterCV)) (a per-trial lognormal multiplier of mean 1)" : "0 (off)"))
    if let sets = s.claims.parameterSets {
      model.append(("Parameter risk", "\(sets.count) parameter sets (claims.parameter_sets), one drawn per trial. With parameter risk / without (the point estimate, same seeds): " + parameterRiskFigures().map { "\($0.label) \($0.with) / \($0.without)" }.joined(separator: "; ")))
    }
    out.append(keyValueHTML(model))

    // Contract.
    out.append("<h3>Stop-loss contract\(compare ? " (first option: " + esc(contractName(0)) + ")" : "")</h3>")
    var contract: [(String, String)] = []
    let c0 = result.contracts[0]
    if let sp = s.stopLoss.specific, let d = c0.specificDeductible, let b = c0.specificBasis {
      let per = sp.accumulation == .family ? "per family" : "per member"
      contract.append(("Specific deductible", "\(Money.format(d, cents: true)) \(per), basis \(b) (captures \(Money.percent(c0.specificCapture ?? 1, digits: 1)) of a year's claims)"))
      if !sp.lasers.isEmpty {
        let list = sp.lasers.prefix(12).map { "member \($0.member): " + ($0.deductible.map { Money.format($0) } ?? "excluded") }
        contract.append(("Lasers", list.joined(separator: "; ") + (sp.lasers.count > 12 ? "; and \(sp.lasers.count - 12) more" : "")))
      }
      if sp.aggregatingDeductible > 0 { contract.append(("Aggregating specific deductible", Money.format(sp.aggregatingDeductible, cents: true))) }
      if sp.maximum.isFinite { contract.append(("Specific maximum", Money.format(sp.maximum) + " " + per)) }
      if sp.reimbursement != 1 { contract.append(("Specific reimbursement", Money.percent(sp.reimbursement, digits: 0))) }
      if sp.carryoverMonths > 0 { contract.append(("Deductible carryover", "\(sp.carryoverMonths) months")) }
      if !sp.runInLimit.isNone { contract.append(("Specific run-in limit", runInText(sp.runInLimit))) }
      if sp.timingMonths != 1 { contract.append(("Specific reimbursement timing", "\(sp.timingMonths) months after payment")) }
    } else {
      contract.append(("Specific deductible", "none"))
    }
    if let ag = s.stopLoss.aggregate, let a = c0.attachment, let b = c0.aggregateBasis {
      var text = "\(Money.format(a.dollars, cents: true)) a year"
      switch ag.attachment {
      case .dollars: break
      case .factors(let f): text += " (\(Money.format(a.monthly ?? s.monthlyAmount(f), cents: true)) a month from the factors: \(ratesText(f)) per unit-month)"
      case .corridor(let k): text += " (\(Money.percent(k, digits: 0)) of expected aggregate claims, estimated ± \(Money.format(a.stdError)))"
      }
      contract.append(("Aggregate attachment point", text))
      contract.append(("Aggregate basis", "\(b) (captures \(Money.percent(c0.aggregateCapture ?? 1, digits: 1)) of a year's claims)"))
      if let m = c0.minimumAttachment, m > 0 { contract.append(("Minimum attachment point", Money.format(m, cents: true))) }
      if ag.maximum.isFinite { contract.append(("Aggregate maximum", Money.format(ag.maximum))) }
      if ag.reimbursement != 1 { contract.append(("Aggregate reimbursement", Money.percent(ag.reimbursement, digits: 0))) }
      contract.append(("Monthly accommodation", ag.accommodation ? "yes" : "no"))
      contract.append(("Aggregate settlement", "\(ag.settlementLagMonths) month\(ag.settlementLagMonths == 1 ? "" : "s") after the paid window"))
      if !ag.runInLimit.isNone { contract.append(("Aggregate run-in limit", runInText(ag.runInLimit))) }
    } else {
      contract.append(("Aggregate attachment point", "none"))
    }
    contract.append(("Terminal liability option", c0.terminalLiability
      ? "yes: claims paid in the \(StopLossSpec.terminalLiabilityMonths) months after the year are covered; the attachment point includes 3 more monthly attachments"
      : "no"))
    out.append(keyValueHTML(contract))

    // Costs.
    out.append("<h3>Costs</h3>")
    var costs: [(String, String)] = []
    costs.append(("Fixed costs", result.annualFixedCosts > 0
      ? "\(Money.format(result.annualFixedCosts, cents: true)) a year (\(Money.format(result.monthlyFixedCosts, cents: true)) a month): administration and stop-loss premium"
      : "none"))
    if let fi = result.fullyInsuredAnnualPremium { costs.append(("Fully insured premium", "\(Money.format(fi, cents: true)) a year")) }
    if let w = worstCase, let a = result.attachment {
      costs.append(("Maximum under the aggregate", "\(Money.format(w, cents: true)) = fixed costs \(Money.format(result.annualFixedCosts, cents: true)) + attachment point \(Money.format(a.dollars, cents: true))"))
    }
    if let lf = s.funding?.level {
      var text = "claims fund deposits \(Money.format(s.monthlyAmount(lf.claimsFundPerUnitMonth), cents: true)) a month"
      text += "; settled after a \(lf.runOutMonths)-month run-out; \(Money.percent(lf.surplusShare, digits: 0)) of a surplus returned"
      if lf.terminalLiabilityReserve > 0 { text += "; terminal liability reserve \(Money.format(lf.terminalLiabilityReserve))" }
      costs.append(("Level funding", text))
    }
    out.append(keyValueHTML(costs))

    // How the figures were computed, and why that way.
    out.append("<h3>Method</h3>")
    var method: [(String, String)] = [("Method", methodText())]
    if let why = result.methodReason { method.append(("Why this method", "--method auto passed over faster methods: \(why)")) }
    out.append(keyValueHTML(method))
    out.append("</section>")
    return out.joined(separator: "\n")
  }

  /// The method that computed the report, in words.
  func methodText() -> String {
    switch result.method {
    case "fast": "fast: each member-year's totals drawn from exact per-member distributions (FFT tables)"
    case "claims": "claims: every claim drawn; the contract applied to member totals, or claim by claim in payment order"
    case "events": "events: every claim drawn and settled claim by claim in payment order"
    case "exact": "exact: distributions computed by discretization and FFT, without simulation"
    default: result.method
    }
  }

  func enrolmentText() -> String {
    let units = scenario.enrolment
    return "units month 1 " + plain(units.total(month: 1)) + ", month 6 " + plain(units.total(month: 6)) + ", month 12 " + plain(units.total(month: 12))
  }

  func ratesText(_ r: TierRates) -> String {
    switch r {
    case .composite(let x): return Money.format(x, cents: true) + " (composite)"
    case .perTier:
      return scenario.census.tiers.enumerated().map { "\($1.name) \(Money.format(r.rate(forTier: $1.name, index: $0), cents: true))" }
        .joined(separator: ", ")
    }
  }

  func runInText(_ r: RunInLimit) -> String {
    var parts: [String] = []
    if let m = r.months { parts.append("incurred at most \(m) months before the effective date") }
    if let d = r.dollars { parts.append("at most \(Money.format(d)) in total") }
    return parts.joined(separator: "; ")
  }

  // MARK: The percentile table

  func distributionHTML(compare: Bool) -> String {
    var out = ["<section id=\"distribution\">", "<h2>Annual amounts\(compare ? ": " + esc(contractName(0)) : "")</h2>"]
    out.append("<p>Each row is one quantity over the \(count(result.trials)) simulated plan years. Employer cost = fixed costs + claims incurred − specific − aggregate reimbursement.</p>")
    let headers = ["Quantity", "Mean", "± SE", "P50", "P75", "P90", "P95", "P99", "P99.5", "TVaR95", "Max"]
    var html = ["<div class=\"wide\"><table class=\"data\" id=\"percentiles\">", "<thead><tr>" + headers.enumerated().map { "<th\($0.offset == 0 ? " class=\"l\"" : "")>\(esc($0.element))</th>" }.joined() + "</tr></thead>", "<tbody>"]
    for (q, s) in result.metrics {
      var cells = ["<th scope=\"row\" class=\"l\">\(esc(q.label))</th>", num(Money.format(s.mean)), num("± " + Money.format(s.stdError))]
      for (i, p) in s.percentiles.enumerated() {
        cells.append("<td class=\"n\" title=\"± \(esc(Money.format(s.percentileStdErrors[i])))\">\(esc(Money.format(p)))</td>")
      }
      cells += [num(Money.format(s.tvar95)), num(Money.format(s.max))]
      html.append("<tr\(q == .employerCost ? " class=\"hl\"" : "")>" + cells.joined() + "</tr>")
    }
    html.append("</tbody></table></div>")
    out += html
    if let a = result.attachment {
      var line = "Aggregate attachment point \(Money.format(a.dollars, cents: true)) a year"
      if a.stdError > 0 { line += " ± \(Money.format(a.stdError))" }
      if let p = result.probabilityAttach {
        line += "; P(attach) = \(ProbabilityText.format(p, digits: 2)) (the share of years in which aggregate claims exceed the attachment point)"
      }
      out.append("<p>\(esc(line)).</p>")
    }
    out.append("<p class=\"note\">Means ± one standard error. P = percentile (type 7); hover a percentile for its standard error. TVaR95 = mean of the worst 5% of years.</p>")
    out.append("</section>")
    return out.joined(separator: "\n")
  }
}
