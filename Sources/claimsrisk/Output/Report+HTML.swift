// Report+HTML.swift: the report as one self-contained HTML5 file that is also well-formed XML
// (every element closed, attributes quoted, text escaped): inputs, the percentile table and
// inline SVG charts drawn here (employer cost histogram, exceedance curves, contract options,
// monthly cash flow, level funding). No scripts, no fonts, no external resources.
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
    return """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8"/>
      <meta name="viewport" content="width=device-width, initial-scale=1"/>
      <meta name="generator" content="claimsrisk \(esc(version))"/>
      <title>\(esc(heading))</title>
      <style>\(htmlStyle)</style>
      </head>
      <body>
      <main>
      \(body.joined(separator: "\n"))
      </main>
      </body>
      </html>

      """
  }

  // MARK: Header and key figures

  private func headerHTML(heading: String, compare: Bool) -> String {
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
    if let w = worstCase { cards.append(("Worst case", Money.format(w), "fixed costs + attachment point")) }
    if let fi = result.fullyInsuredAnnualPremium { cards.append(("Fully insured premium", Money.format(fi), "a year")) }
    if let p = result.probabilityAttach {
      cards.append(("P(attach)", Money.percent(p.value, digits: 1), "± " + Money.percent(p.stdError, digits: 1) + " (1 SE)"))
    }
    if let p = result.contracts[0].probabilityCheaper {
      cards.append(("P(self-funding costs less)", Money.percent(p.value, digits: 1), "± " + Money.percent(p.stdError, digits: 1) + " (1 SE)"))
    }
    out.append("<div class=\"cards\">")
    for (k, v, s) in cards {
      out.append("<div class=\"card\"><div class=\"k\">\(esc(k))</div><div class=\"v\">\(esc(v))</div><div class=\"s\">\(esc(s))</div></div>")
    }
    out.append("</div>")
    out.append("</header>")
    return out.joined(separator: "\n")
  }

  // MARK: Inputs

  private func inputsHTML(compare: Bool) -> String {
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
      costs.append(("Worst case", "\(Money.format(w, cents: true)) = fixed costs \(Money.format(result.annualFixedCosts, cents: true)) + attachment point \(Money.format(a.dollars, cents: true))"))
    }
    if let lf = s.funding?.level {
      var text = "claims fund deposits \(Money.format(s.monthlyAmount(lf.claimsFundPerUnitMonth), cents: true)) a month"
      text += "; settled after a \(lf.runOutMonths)-month run-out; \(Money.percent(lf.surplusShare, digits: 0)) of a surplus returned"
      if lf.terminalLiabilityReserve > 0 { text += "; terminal liability reserve \(Money.format(lf.terminalLiabilityReserve))" }
      costs.append(("Level funding", text))
    }
    out.append(keyValueHTML(costs))
    out.append("</section>")
    return out.joined(separator: "\n")
  }

  private func enrolmentText() -> String {
    let units = scenario.enrolment
    return "units month 1 " + plain(units.total(month: 1)) + ", month 6 " + plain(units.total(month: 6)) + ", month 12 " + plain(units.total(month: 12))
  }

  private func ratesText(_ r: TierRates) -> String {
    switch r {
    case .composite(let x): return Money.format(x, cents: true) + " (composite)"
    case .perTier:
      return scenario.census.tiers.enumerated().map { "\($1.name) \(Money.format(r.rate(forTier: $1.name, index: $0), cents: true))" }
        .joined(separator: ", ")
    }
  }

  private func runInText(_ r: RunInLimit) -> String {
    var parts: [String] = []
    if let m = r.months { parts.append("incurred at most \(m) months before the effective date") }
    if let d = r.dollars { parts.append("at most \(Money.format(d)) in total") }
    return parts.joined(separator: "; ")
  }

  // MARK: The percentile table

  private func distributionHTML(compare: Bool) -> String {
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
        line += "; P(attach) = \(Money.percent(p.value)) ± \(Money.percent(p.stdError)) (the share of years in which aggregate claims exceed the attachment point)"
      }
      out.append("<p>\(esc(line)).</p>")
    }
    out.append("<p class=\"note\">Means ± one standard error. P = percentile (type 7); hover a percentile for its standard error. TVaR95 = mean of the worst 5% of years.</p>")
    out.append("</section>")
    return out.joined(separator: "\n")
  }

  // MARK: Employer cost charts

  private func employerCostChartsHTML(compare: Bool) -> String {
    let c0 = result.contracts[0]
    var out = ["<section id=\"charts\">", "<h2>Distribution of employer cost\(compare ? ": " + esc(contractName(0)) : "")</h2>"]
    if let sketch = c0.sketches[.employerCost] {
      var markers: [ChartMarker] = []
      if let e = c0.summary(.employerCost) { markers.append(ChartMarker(value: e.mean, label: "Mean " + Money.format(e.mean), style: "mean")) }
      if let fi = result.fullyInsuredAnnualPremium { markers.append(ChartMarker(value: fi, label: "Fully insured " + Money.format(fi), style: "premium")) }
      if let w = worstCase { markers.append(ChartMarker(value: w, label: "Worst case " + Money.format(w), style: "worst")) }
      let svg = histogramSVG(id: "employer-cost-histogram", title: "Histogram of the annual employer cost", sketch: sketch, markers: markers, xTitle: "Annual employer cost")
      var caption = "Share of the \(count(sketch.trials)) simulated years in each \(Money.format(sketch.histogramWidth)) band of employer cost, up to its 99.5th percentile"
      if sketch.overflow > 0 { caption += " (\(count(sketch.overflow)) years above it are not drawn; the maximum is \(Money.format(sketch.quantiles.last?.x ?? 0)))" }
      caption += "."
      if let w = worstCase {
        caption += " Worst case = fixed costs + aggregate attachment point."
        let above = sketch.exceedance(w)
        if above > 0, let runout = c0.summary(.runoutUnprotected), runout.max > 0 {
          caption += " In about \(Money.percent(above, digits: 1)) of years the employer cost exceeds it: claims paid outside the aggregate's window (run-out unprotected, mean \(Money.format(runout.mean))) are not capped by the attachment point."
        }
      }
      out.append(figureHTML(svg, caption: caption))
    }
    out.append("<h2>Exceedance probabilities</h2>")
    var series: [CurveSeries] = []
    for (i, c) in result.contracts.enumerated() {
      guard let sk = c.sketches[.employerCost] else { continue }
      series.append(CurveSeries(name: contractName(i), color: chartPalette[i % chartPalette.count], sketch: sk))
    }
    if !series.isEmpty {
      var markers: [ChartMarker] = []
      if let fi = result.fullyInsuredAnnualPremium { markers.append(ChartMarker(value: fi, label: "Fully insured " + Money.format(fi), style: "premium")) }
      if let w = worstCase { markers.append(ChartMarker(value: w, label: "Worst case " + Money.format(w), style: "worst")) }
      let svg = exceedanceSVG(id: "employer-cost-exceedance", title: "P(employer cost > x)", series: compare ? series : [series[0]],
                              markers: markers, level: nil, xTitle: "Annual employer cost x", yTitle: "P(employer cost > x), log scale")
      out.append(figureHTML(svg, caption: "Probability that the year's employer cost exceeds x, read off the quantile grid (log scale, down to the 99.95th percentile)\(compare ? ", one curve per option" : "")."))
    }
    if let sk = c0.sketches[.aggregateClaims], let last = sk.quantiles.last, let first = sk.quantiles.first, last.x > first.x {
      var markers: [ChartMarker] = []
      if let e = c0.summary(.aggregateClaims) { markers.append(ChartMarker(value: e.mean, label: "Mean " + Money.format(e.mean), style: "mean")) }
      var level: (p: Double, label: String)?
      if let a = c0.attachment {
        markers.append(ChartMarker(value: a.dollars, label: "Attachment point " + Money.format(a.dollars), style: "attach"))
        if let p = c0.probabilityAttach, p.value > 0 { level = (p.value, "P(attach) " + Money.percent(p.value, digits: 1)) }
      }
      let svg = exceedanceSVG(id: "aggregate-claims-exceedance", title: "P(aggregate claims > x)",
                              series: [CurveSeries(name: "Aggregate claims", color: "#8e44ad", sketch: sk)], markers: markers, level: level,
                              xTitle: "Aggregate claims x (claims on the aggregate basis after the specific cover)", yTitle: "P(aggregate claims > x), log scale")
      out.append(figureHTML(svg, caption: "Probability that the year's aggregate claims exceed x; where the curve crosses the attachment point is P(attach)."))
    }
    out.append("</section>")
    return out.joined(separator: "\n")
  }

  // MARK: Contract options (compare)

  private func optionsHTML() -> String {
    var out = ["<section id=\"options\">", "<h2>Contract options compared</h2>"]
    out.append(figureHTML(optionsSVG(), caption: "Bars: expected employer cost of each option; whisker: up to its 95th percentile; diamond: its worst case (fixed costs + attachment point). Right: mean ± one standard error, P95, and the difference from the first option ± its standard error on common random numbers."))
    out.append(figureHTML(differenceSVG(), caption: "Difference in expected employer cost from the first option, with ± 1 SE (thick) and ± 2 SE (thin) intervals; the standard errors are those of the per-year differences on the same simulated claims."))
    let headers = ["Option", "Terms", "E[employer cost] ± SE", "P90", "P95", "P99", "P(attach)", "E[specific]", "E[aggregate]", "E[run-out]", "Δ vs first ± SE"]
    out.append(tableHTML(headers: headers, rows: comparisonRows(), leftColumns: 2, cls: "data", id: "comparison"))
    if let d = result.contracts[1].differences?.first(where: { $0.quantity == .employerCost })?.difference, d.independentStdError > 0 {
      out.append("<p class=\"note\">\(esc(String(format: "Common random numbers: the difference's standard error (%@) is %.0f%% of what two independent runs would give (%@).", Money.format(d.stdError), 100 * d.stdError / d.independentStdError, Money.format(d.independentStdError))))</p>")
    }
    out.append("</section>")
    return out.joined(separator: "\n")
  }

  private func optionsSVG() -> String {
    let contracts = result.contracts
    let names = contracts.indices.map { contractName($0) }
    let labelWidth = min(300, max(120, (names.map { textWidth($0) }.max() ?? 0) + 24))
    let rowHeight = 46.0
    var chart = SVGChart(height: 0, left: labelWidth, right: 310, top: 0, bottom: 50)
    var top = 0.0
    var maxX = 0.0
    for c in contracts {
      if let e = c.summary(.employerCost) { maxX = max(maxX, e.percentiles[3], e.mean) }
      if let a = c.attachment { maxX = max(maxX, c.annualFixedCosts + a.dollars) }
    }
    if let fi = result.fullyInsuredAnnualPremium { maxX = max(maxX, fi) }
    let axis = Ticks.nice(0, maxX * 1.02, target: tickTarget(width: 1040 - labelWidth - 310, sample: maxX))
    let x = LinearScale(d0: axis.lo, d1: axis.hi, r0: labelWidth, r1: 1040 - 310)
    var markers: [ChartMarker] = []
    if let fi = result.fullyInsuredAnnualPremium { markers.append(ChartMarker(value: fi, label: "Fully insured " + Money.format(fi), style: "premium")) }
    let placed = placeMarkerLabels(markers.map { (x.at($0.value), textWidth($0.label)) }, left: 4, right: 1036)
    let rows = (placed.map(\.row).max() ?? -1) + 1
    top = 14 + Double(rows) * 15
    chart.top = top
    chart.height = top + rowHeight * Double(contracts.count) + chart.bottom
    chart.xAxis(ticks: axis.ticks, scale: x, label: { Money.format($0) }, title: "Annual employer cost")
    for (i, c) in contracts.enumerated() {
      let mid = top + rowHeight * (Double(i) + 0.5)
      let color = chartPalette[i % chartPalette.count]
      chart.text(labelWidth - 10, mid + 4, truncated(names[i], width: labelWidth - 16), cls: "label", anchor: "end")
      guard let e = c.summary(.employerCost) else { continue }
      chart.rect(x.at(0), mid - 10, x.at(e.mean) - x.at(0), 20, fill: color, tooltip: "\(names[i]): mean \(Money.format(e.mean))")
      let p95 = e.percentiles[3]
      chart.line(x.at(e.mean), mid, x.at(p95), mid, cls: "whisker")
      chart.line(x.at(p95), mid - 7, x.at(p95), mid + 7, cls: "whisker")
      if let a = c.attachment {
        let w = x.at(c.annualFixedCosts + a.dollars)
        chart.raw("<polygon class=\"diamond\" points=\"\(coord(w)),\(coord(mid - 7)) \(coord(w + 6)),\(coord(mid)) \(coord(w)),\(coord(mid + 7)) \(coord(w - 6)),\(coord(mid))\"><title>\(esc("Worst case " + Money.format(c.annualFixedCosts + a.dollars)))</title></polygon>")
      }
      let diff = c.differences?.first { $0.quantity == .employerCost }?.difference
      chart.text(1040 - 310 + 14, mid - 3, "\(Money.format(e.mean)) ± \(Money.format(e.stdError)) · P95 \(Money.format(p95))", cls: "value")
      chart.text(1040 - 310 + 14, mid + 13, diff.map { "Δ vs first \(signed($0.mean)) ± \(Money.format($0.stdError))" } ?? "reference", cls: "sub")
    }
    chart.markers(markers, placed: placed, scale: x)
    chart.frame(bottomOnly: true)
    return chart.render(id: "options-chart", title: "Expected employer cost by contract option")
  }

  private func differenceSVG() -> String {
    let contracts = result.contracts
    let names = contracts.indices.map { contractName($0) }
    let labelWidth = min(300, max(120, (names.map { textWidth($0) }.max() ?? 0) + 24))
    let rowHeight = 30.0
    var chart = SVGChart(height: 0, left: labelWidth, right: 310, top: 12, bottom: 50)
    chart.height = chart.top + rowHeight * Double(contracts.count) + chart.bottom
    var lo = 0.0
    var hi = 0.0
    let diffs: [Difference?] = contracts.map { $0.differences?.first { $0.quantity == .employerCost }?.difference }
    for d in diffs.compactMap({ $0 }) { lo = min(lo, d.mean - 2 * d.stdError); hi = max(hi, d.mean + 2 * d.stdError) }
    if hi - lo < 1 { lo -= 1; hi += 1 }
    let pad = 0.05 * (hi - lo)
    let axis = Ticks.nice(lo - pad, hi + pad, target: tickTarget(width: 1040 - labelWidth - 310, sample: max(abs(lo), abs(hi)) * 1.1))
    let x = LinearScale(d0: axis.lo, d1: axis.hi, r0: labelWidth, r1: 1040 - 310)
    chart.xAxis(ticks: axis.ticks, scale: x, label: { signed($0) }, title: "Expected employer cost minus that of the first option")
    chart.line(x.at(0), chart.plotTop, x.at(0), chart.plotBottom, cls: "zero")
    for (i, d) in diffs.enumerated() {
      let mid = chart.top + rowHeight * (Double(i) + 0.5)
      let color = chartPalette[i % chartPalette.count]
      chart.text(labelWidth - 10, mid + 4, truncated(names[i], width: labelWidth - 16), cls: "label", anchor: "end")
      guard let d else {
        chart.circle(x.at(0), mid, 5, fill: color, tooltip: "reference")
        chart.text(1040 - 310 + 14, mid + 4, "reference", cls: "sub")
        continue
      }
      chart.line(x.at(d.mean - 2 * d.stdError), mid, x.at(d.mean + 2 * d.stdError), mid, cls: "ci2")
      chart.line(x.at(d.mean - d.stdError), mid, x.at(d.mean + d.stdError), mid, cls: "ci1")
      chart.circle(x.at(d.mean), mid, 5, fill: color, tooltip: "\(signed(d.mean)) ± \(Money.format(d.stdError))")
      chart.text(1040 - 310 + 14, mid + 4, "\(signed(d.mean)) ± \(Money.format(d.stdError))", cls: "value")
    }
    chart.frame(bottomOnly: true)
    return chart.render(id: "options-difference-chart", title: "Difference in expected employer cost from the first option")
  }

  // MARK: Self-funding, cash flow, level funding

  private func selfFundingHTML() -> String? {
    let c0 = result.contracts[0]
    guard let fi = result.fullyInsuredAnnualPremium, let saving = c0.summary(.selfFundingSaving), let p = c0.probabilityCheaper else { return nil }
    var out = ["<section id=\"self-funding\">", "<h2>Self-funding against the fully insured premium</h2>"]
    var rows: [(String, String)] = [
      ("Fully insured premium", Money.format(fi, cents: true) + " a year"),
      ("P(self-funding costs less)", "\(Money.percent(p.value, digits: 1)) ± \(Money.percent(p.stdError, digits: 1))"),
      ("Expected saving", "\(Money.format(saving.mean)) ± \(Money.format(saving.stdError)) (premium − employer cost; positive = self-funding costs less)"),
    ]
    if let sk = c0.sketches[.selfFundingSaving] {
      rows.append(("Saving percentiles", "P5 \(Money.format(MetricSummary.quantileOf(sk, 0.05))), P50 \(Money.format(saving.percentiles[0])), P95 \(Money.format(saving.percentiles[3]))"))
    }
    if let w = worstCase {
      rows.append(("Worst case vs premium", "the nominal worst case \(Money.format(w, cents: true)) is \(signed(w - fi, cents: true)) \(w >= fi ? "above" : "below") the premium; the simulated P99.5 employer cost is \(Money.format(c0.summary(.employerCost)?.percentiles[5] ?? 0))"))
    }
    out.append(keyValueHTML(rows))
    if let sk = c0.sketches[.selfFundingSaving] {
      let markers = [ChartMarker(value: 0, label: "Break-even $0", style: "worst"), ChartMarker(value: saving.mean, label: "Mean " + signed(saving.mean), style: "mean")]
      let svg = histogramSVG(id: "saving-histogram", title: "Histogram of the saving against the fully insured premium", sketch: sk, markers: markers,
                             xTitle: "Saving = fully insured premium − employer cost (positive: self-funding costs less)")
      out.append(figureHTML(svg, caption: "Share of simulated years in each \(Money.format(sk.histogramWidth)) band of saving; years to the left of break-even cost more than the fully insured premium."))
    }
    out.append("</section>")
    return out.joined(separator: "\n")
  }

  private func cashFlowHTML() -> String? {
    guard let cf = result.contracts[0].cashFlow, !cf.monthly.isEmpty else { return nil }
    var out = ["<section id=\"cash-flow\">", "<h2>Cash flow</h2>"]
    out.append("<p>Net outflow = fixed costs + claims paid − reimbursements received, by month; budget = fixed costs + monthly attachment point.</p>")
    let accommodated = scenario.stopLoss.aggregate?.accommodation == true
      || zip(cf.monthly, cf.monthlyAccommodated).contains { $0.mean != $1.mean || $0.percentiles[3] != $1.percentiles[3] }
    var needs: [(String, String)] = [
      ("Largest cumulative need above budget", "mean \(Money.format(cf.largestNeed.mean)) ± \(Money.format(cf.largestNeed.stdError)), P95 \(Money.format(cf.largestNeed.percentiles[3])), P99 \(Money.format(cf.largestNeed.percentiles[4]))"),
      ("… with monthly accommodation", "mean \(Money.format(cf.largestNeedAccommodated.mean)) ± \(Money.format(cf.largestNeedAccommodated.stdError)), P95 \(Money.format(cf.largestNeedAccommodated.percentiles[3])), P99 \(Money.format(cf.largestNeedAccommodated.percentiles[4]))"),
      ("Accommodation advanced", "mean \(Money.format(cf.accommodation.mean)), P95 \(Money.format(cf.accommodation.percentiles[3]))"),
    ]
    if !accommodated { needs = [needs[0]] }
    out.append(keyValueHTML(needs))
    var series = [BarSeries(name: "Net outflow: mean, whisker to P95", color: chartPalette[0], values: cf.monthly.map(\.mean), upper: cf.monthly.map { $0.percentiles[3] })]
    if accommodated {
      series.append(BarSeries(name: "With accommodation", color: chartPalette[1], values: cf.monthlyAccommodated.map(\.mean), upper: cf.monthlyAccommodated.map { $0.percentiles[3] }))
    }
    var lines: [ChartMarker] = []
    let budget = result.monthlyFixedCosts + (result.attachment.map { $0.monthly ?? $0.dollars / 12 } ?? 0)
    if budget > 0 { lines.append(ChartMarker(value: budget, label: "Budget " + Money.format(budget, cents: true) + " a month", style: "worst")) }
    let svg = barSVG(id: "cash-flow-chart", title: "Monthly net outflow", categories: (1...cf.monthly.count).map(String.init), series: series,
                     lines: lines, percent: false, xTitle: "Policy month (paid)", yTitle: "Net outflow in the month")
    out.append(figureHTML(svg, caption: "Mean net outflow in each paid month with a whisker to its 95th percentile\(accommodated ? ", without and with monthly aggregate accommodation" : "")."))
    let headers = ["Month", "Mean", "P95", "P99"] + (accommodated ? ["Mean (acc.)", "P95 (acc.)", "P99 (acc.)"] : [])
    let rows: [[String]] = cf.monthly.enumerated().compactMap { (i, m) in
      let a = cf.monthlyAccommodated[i]
      if m.max == 0 && m.min == 0 && a.max == 0 && a.min == 0 { return nil }
      let plain = [String(i + 1), Money.format(m.mean), Money.format(m.percentiles[3]), Money.format(m.percentiles[4])]
      return plain + (accommodated ? [Money.format(a.mean), Money.format(a.percentiles[3]), Money.format(a.percentiles[4])] : [])
    }
    out.append(tableHTML(headers: headers, rows: rows, leftColumns: 0, cls: "data"))
    out.append("</section>")
    return out.joined(separator: "\n")
  }

  private func levelFundingHTML() -> String? {
    guard let f = result.contracts[0].funding else { return nil }
    var out = ["<section id=\"level-funding\">", "<h2>Level funding</h2>"]
    let worstMonth = f.lowestMonthShares.enumerated().max { $0.element < $1.element }.map { $0.offset + 1 } ?? 1
    out.append(keyValueHTML([
      ("Claims fund deposits", Money.format(f.funded) + " over the year"),
      ("Refund after the run-out", "mean \(Money.format(f.refund.mean)) ± \(Money.format(f.refund.stdError)), P50 \(Money.format(f.refund.percentiles[0])), P95 \(Money.format(f.refund.percentiles[3])); P(refund) \(Money.percent(f.probabilityRefund.value, digits: 1)) ± \(Money.percent(f.probabilityRefund.stdError, digits: 1))"),
      ("Net cost", "fixed costs + deposits − refund: mean \(Money.format(f.netCost.mean)) ± \(Money.format(f.netCost.stdError)), P95 \(Money.format(f.netCost.percentiles[3]))"),
      ("P(fund goes negative)", "\(Money.percent(f.probabilityNegative.value, digits: 1)) ± \(Money.percent(f.probabilityNegative.stdError, digits: 1)) (the carrier advances the shortfall)"),
      ("Lowest fund balance", "median \(Money.format(f.lowestBalance.percentiles[0])), 5th percentile \(Money.format(f.lowestBalanceP5)), mean \(Money.format(f.lowestBalance.mean)); most often in month \(worstMonth)"),
      ("Deficit absorbed by the aggregate", "mean \(Money.format(f.deficit.mean)), P95 \(Money.format(f.deficit.percentiles[3]))"),
    ]))
    if !f.lowestMonthShares.isEmpty {
      let svg = barSVG(id: "lowest-month-chart", title: "Month of the lowest fund balance",
                       categories: (1...f.lowestMonthShares.count).map(String.init),
                       series: [BarSeries(name: "Share of years", color: chartPalette[2], values: f.lowestMonthShares, upper: nil)],
                       lines: [], percent: true, xTitle: "Month (plan year, then run-out)", yTitle: "Share of simulated years")
      out.append(figureHTML(svg, caption: "In which month the claims fund reaches its lowest balance (share of simulated years)."))
    }
    out.append("</section>")
    return out.joined(separator: "\n")
  }

  private func notesHTML() -> String {
    """
    <footer id="notes">
    <h2>Notes</h2>
    <p class="note">Means are shown ± one standard error of the Monte Carlo estimate (standard deviation / √trials); probabilities ± their binomial standard error √(p(1 − p)/n). Percentiles follow one convention, type 7 (R default, numpy linear). The charts are drawn from a 40-band histogram up to the 99.5th percentile and from a quantile grid at every 0.5% plus 99.9%, 99.95% and the maximum. All amounts are in dollars for one plan year. The same scenario, trials and seed (\(result.seed)) reproduce every figure.</p>
    <p class="note">Generated by claimsrisk \(esc(version)) from \(count(result.trials)) trials; this file is self-contained (no scripts or external resources).</p>
    </footer>
    """
  }

  // MARK: Small HTML pieces

  private func keyValueHTML(_ rows: [(String, String)]) -> String {
    "<table class=\"kv\"><tbody>" + rows.map { "<tr><th scope=\"row\">\(esc($0.0))</th><td>\(esc($0.1))</td></tr>" }.joined() + "</tbody></table>"
  }

  private func tableHTML(headers: [String], rows: [[String]], leftColumns: Int, cls: String, id: String? = nil) -> String {
    var out = ["<div class=\"wide\"><table class=\"\(cls)\"\(id.map { " id=\"\($0)\"" } ?? "")>"]
    out.append("<thead><tr>" + headers.enumerated().map { "<th\($0.offset < leftColumns ? " class=\"l\"" : "")>\(esc($0.element))</th>" }.joined() + "</tr></thead>")
    out.append("<tbody>")
    for row in rows {
      out.append("<tr>" + row.enumerated().map { $0.offset < leftColumns ? "<td class=\"l\">\(esc($0.element))</td>" : "<td class=\"n\">\(esc($0.element))</td>" }.joined() + "</tr>")
    }
    out.append("</tbody></table></div>")
    return out.joined(separator: "\n")
  }

  private func figureHTML(_ svg: String, caption: String) -> String {
    "<figure>\n\(svg)\n<figcaption>\(esc(caption))</figcaption>\n</figure>"
  }

  private func num(_ text: String) -> String { "<td class=\"n\">\(esc(text))</td>" }
}

// MARK: - Text helpers

/// Escapes text for HTML and XML alike; drops control characters XML 1.0 forbids.
private func esc(_ s: String) -> String {
  var out = ""
  out.reserveCapacity(s.utf8.count)
  for u in s.unicodeScalars {
    switch u {
    case "&": out += "&amp;"
    case "<": out += "&lt;"
    case ">": out += "&gt;"
    case "\"": out += "&quot;"
    case "'": out += "&#39;"
    case "\t", "\n", "\r": out.unicodeScalars.append(u)
    default:
      if u.value < 0x20 || u.value == 0xFFFE || u.value == 0xFFFF { continue }
      out.unicodeScalars.append(u)
    }
  }
  return out
}

private func coord(_ v: Double) -> String { String(format: "%.1f", v.isFinite ? v : 0) }

/// 12,345 (no currency sign).
private func count(_ n: Int) -> String { String(Money.format(Double(n)).dropFirst()) }

private func plain(_ x: Double) -> String {
  x == x.rounded() && abs(x) < 1e12 ? String(Int64(x)) : String(format: "%g", x)
}

/// "+$1,234" or "-$1,234".
private func signed(_ x: Double, cents: Bool = false) -> String {
  let text = Money.format(x, cents: cents)
  return text.hasPrefix("-") || text == "$0" || text == "$0.00" ? text : "+" + text
}

/// A generous estimate of the width of SVG text (sans-serif, 12 px).
private func textWidth(_ s: String, size: Double = 12) -> Double { Double(s.count) * size * 0.6 }

private func truncated(_ s: String, width: Double) -> String {
  let maxChars = Int(width / 7.2)
  return s.count <= maxChars ? s : String(s.prefix(max(1, maxChars - 1))) + "…"
}

private let chartPalette = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]

// MARK: - Scales and ticks

private struct LinearScale {
  var d0: Double
  var d1: Double
  var r0: Double
  var r1: Double
  func at(_ v: Double) -> Double {
    guard d1 != d0, v.isFinite else { return (r0 + r1) / 2 }
    return r0 + (v - d0) / (d1 - d0) * (r1 - r0)
  }
}

private enum Ticks {
  /// A step of 1, 2, 2.5 or 5 × 10^k giving about `target` intervals over `span`.
  static func step(_ span: Double, target: Int) -> Double {
    guard span > 0, span.isFinite else { return 1 }
    let raw = span / Double(max(target, 1))
    let magnitude = pow(10, log10(raw).rounded(.down))
    let f = raw / magnitude
    let m: Double = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10
    return m * magnitude
  }

  /// [lo, hi] widened to multiples of a nice step, with the ticks.
  static func nice(_ lo: Double, _ hi: Double, target: Int) -> (lo: Double, hi: Double, ticks: [Double], step: Double) {
    var lo = lo.isFinite ? lo : 0
    var hi = hi.isFinite ? hi : 1
    if !(hi > lo) {
      let pad = max(abs(lo) * 0.05, 1)
      lo -= pad
      hi += pad
    }
    let s = step(hi - lo, target: target)
    let a = (lo / s).rounded(.down) * s
    let b = (hi / s).rounded(.up) * s
    var ticks: [Double] = []
    var k = 0.0
    while a + k * s <= b + s * 1e-9 && ticks.count < 200 {
      let t = a + k * s
      ticks.append(abs(t) < s * 1e-9 ? 0 : t)
      k += 1
    }
    return (a, b, ticks, s)
  }
}

/// How many money ticks fit along `width` pixels when labels look like `sample`.
private func tickTarget(width: Double, sample: Double) -> Int {
  let label = textWidth(Money.format(sample), size: 11) + 28
  return max(2, Int(width / label) - 1)
}

private func percentLabel(_ v: Double, step: Double) -> String {
  let digits = step * 100 >= 1 ? 0 : step * 100 >= 0.1 ? 1 : 2
  return Money.percent(v, digits: digits)
}

// MARK: - SVG drawing

private struct ChartMarker {
  var value: Double
  var label: String
  /// mean, premium, worst, attach
  var style: String
}

private struct CurveSeries {
  var name: String
  var color: String
  var sketch: DistributionSketch
}

private struct BarSeries {
  var name: String
  var color: String
  var values: [Double]
  var upper: [Double]?
}

/// Rows and sides for marker labels above a plot: no two labels of a row overlap, and no
/// label is crossed by another marker's line (a line rises from the plot to its own label's
/// row, so a label may only span the lines of markers labelled in lower rows). Few rows
/// first, then labels right of their line. `items` are the lines' x and the labels' widths.
private func placeMarkerLabels(_ items: [(x: Double, width: Double)], left: Double, right: Double) -> [(row: Int, start: Bool)] {
  let n = items.count
  guard n > 0 else { return [] }
  func span(_ i: Int, _ start: Bool) -> (Double, Double) {
    start ? (items[i].x + 4, items[i].x + 4 + items[i].width) : (items[i].x - 4 - items[i].width, items[i].x - 4)
  }
  if n <= 5 {
    let choices = 2 * n
    var best: [(row: Int, start: Bool)]?
    var bestScore = Int.max
    var code = Array(repeating: 0, count: n)
    outer: while true {
      let assignment = code.map { (row: $0 / 2, start: $0 % 2 == 0) }
      var valid = true
      check: for i in 0..<n {
        let a = span(i, assignment[i].start)
        if a.0 < left || a.1 > right { valid = false; break }
        for j in 0..<n where j != i {
          if assignment[j].row >= assignment[i].row && items[j].x > a.0 - 3 && items[j].x < a.1 + 3 { valid = false; break check }
          if j > i && assignment[j].row == assignment[i].row {
            let b = span(j, assignment[j].start)
            if !(a.1 + 8 < b.0 || b.1 + 8 < a.0) { valid = false; break check }
          }
        }
      }
      if valid {
        let rows = assignment.map(\.row)
        let score = 1000 * (rows.max() ?? 0) + 10 * rows.reduce(0, +) + assignment.filter { !$0.start }.count
        if score < bestScore { bestScore = score; best = assignment }
      }
      var k = 0
      while k < n {
        code[k] += 1
        if code[k] < choices { continue outer }
        code[k] = 0
        k += 1
      }
      break
    }
    if let best { return best }
  }
  // Many markers (or no arrangement without crossings): greedy rows, overlaps only avoided.
  var result = Array(repeating: (row: 0, start: true), count: n)
  var occupied: [[(Double, Double)]] = []
  for i in items.indices.sorted(by: { items[$0].x < items[$1].x }) {
    var candidates = [true, false].map { ($0, span(i, $0)) }.filter { $0.1.0 >= left && $0.1.1 <= right }
    if candidates.isEmpty { candidates = [(false, span(i, false))] }
    var row = 0
    while true {
      if row == occupied.count { occupied.append([]) }
      if let c = candidates.first(where: { c in occupied[row].allSatisfy { c.1.1 + 8 < $0.0 || c.1.0 > $0.1 + 8 } }) {
        occupied[row].append(c.1)
        result[i] = (row, c.0)
        break
      }
      row += 1
    }
  }
  return result
}

private struct SVGChart {
  var width = 1040.0
  var height: Double
  var left: Double
  var right: Double
  var top: Double
  var bottom: Double
  var items: [String] = []

  var plotLeft: Double { left }
  var plotRight: Double { width - right }
  var plotTop: Double { top }
  var plotBottom: Double { height - bottom }

  mutating func raw(_ s: String) { items.append(s) }

  mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, cls: String, stroke: String? = nil) {
    items.append("<line class=\"\(cls)\" x1=\"\(coord(x1))\" y1=\"\(coord(y1))\" x2=\"\(coord(x2))\" y2=\"\(coord(y2))\"\(stroke.map { " stroke=\"\($0)\"" } ?? "")/>")
  }

  mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, tooltip: String? = nil) {
    let xx = w < 0 ? x + w : x
    let yy = h < 0 ? y + h : y
    let body = "class=\"bar\" x=\"\(coord(xx))\" y=\"\(coord(yy))\" width=\"\(coord(abs(w)))\" height=\"\(coord(abs(h)))\" fill=\"\(fill)\""
    if let tooltip {
      items.append("<rect \(body)><title>\(esc(tooltip))</title></rect>")
    } else {
      items.append("<rect \(body)/>")
    }
  }

  mutating func circle(_ x: Double, _ y: Double, _ r: Double, fill: String, tooltip: String) {
    items.append("<circle cx=\"\(coord(x))\" cy=\"\(coord(y))\" r=\"\(coord(r))\" fill=\"\(fill)\"><title>\(esc(tooltip))</title></circle>")
  }

  mutating func text(_ x: Double, _ y: Double, _ s: String, cls: String = "", anchor: String = "start", rotate: Bool = false) {
    let transform = rotate ? " transform=\"rotate(-90 \(coord(x)) \(coord(y)))\"" : ""
    let c = cls.isEmpty ? "" : " class=\"\(cls)\""
    items.append("<text\(c) x=\"\(coord(x))\" y=\"\(coord(y))\" text-anchor=\"\(anchor)\"\(transform)>\(esc(s))</text>")
  }

  mutating func polyline(_ points: [(Double, Double)], stroke: String, cls: String = "curve") {
    let pts = points.map { "\(coord($0.0)),\(coord($0.1))" }.joined(separator: " ")
    items.append("<polyline class=\"\(cls)\" fill=\"none\" stroke=\"\(stroke)\" points=\"\(pts)\"/>")
  }

  /// Vertical grid lines, ticks and labels under the plot, and the axis title.
  mutating func xAxis(ticks: [Double], scale: LinearScale, label: (Double) -> String, title: String) {
    for t in ticks {
      let x = scale.at(t)
      line(x, plotTop, x, plotBottom, cls: "grid")
      line(x, plotBottom, x, plotBottom + 5, cls: "axis")
      text(x, plotBottom + 18, label(t), cls: "tick", anchor: "middle")
    }
    text((plotLeft + plotRight) / 2, plotBottom + 38, title, cls: "axis-title", anchor: "middle")
  }

  /// Horizontal grid lines, ticks and labels left of the plot, and the rotated axis title.
  mutating func yAxis(ticks: [(value: Double, y: Double)], label: (Double) -> String, title: String, minor: [Double] = []) {
    for y in minor { line(plotLeft, y, plotRight, y, cls: "grid-minor") }
    for t in ticks {
      line(plotLeft, t.y, plotRight, t.y, cls: "grid")
      line(plotLeft - 5, t.y, plotLeft, t.y, cls: "axis")
      text(plotLeft - 8, t.y + 4, label(t.value), cls: "tick", anchor: "end")
    }
    text(16, (plotTop + plotBottom) / 2, title, cls: "axis-title", anchor: "middle", rotate: true)
  }

  mutating func frame(bottomOnly: Bool = false) {
    line(plotLeft, plotBottom, plotRight, plotBottom, cls: "axis")
    if !bottomOnly { line(plotLeft, plotTop, plotLeft, plotBottom, cls: "axis") }
  }

  /// Vertical marker lines from the plot's bottom up to their labels above the plot.
  mutating func markers(_ markers: [ChartMarker], placed: [(row: Int, start: Bool)], scale: LinearScale) {
    for (m, p) in zip(markers, placed) {
      let x = scale.at(m.value)
      let labelY = plotTop - 6 - Double(p.row) * 15
      line(x, plotBottom, x, labelY - 9, cls: "mk mk-\(m.style)")
      text(p.start ? x + 4 : x - 4, labelY, m.label, cls: "mkt mkt-\(m.style)", anchor: p.start ? "start" : "end")
    }
  }

  func render(id: String, title: String) -> String {
    let h = max(height, 40)
    return "<svg id=\"\(id)\" class=\"chart\" viewBox=\"0 0 \(coord(width)) \(coord(h))\" width=\"\(coord(width))\" height=\"\(coord(h))\" role=\"img\" aria-labelledby=\"\(id)-title\">"
      + "<title id=\"\(id)-title\">\(esc(title))</title>\n" + items.joined(separator: "\n") + "\n</svg>"
  }
}

/// Top margin for marker labels placed in `rows` rows.
/// A 300-pixel-high chart over money on [lo, hi] (padded 2%), with room above the plot for
/// the labels of `markers` (placed so that they do not overlap).
private func moneyAxisChart(_ lo: Double, _ hi: Double, markers: [ChartMarker])
  -> (SVGChart, (lo: Double, hi: Double, ticks: [Double], step: Double), LinearScale, [(row: Int, start: Bool)])
{
  let pad = 0.02 * (hi - lo)
  var chart = SVGChart(height: 0, left: 72, right: 28, top: 0, bottom: 52)
  let axis = Ticks.nice(lo - pad, hi + pad, target: tickTarget(width: chart.width - 100, sample: max(abs(lo), abs(hi))))
  let x = LinearScale(d0: axis.lo, d1: axis.hi, r0: chart.plotLeft, r1: chart.plotRight)
  let placed = placeMarkerLabels(markers.map { (x.at($0.value), textWidth($0.label)) }, left: 4, right: chart.width - 4)
  chart.top = markerTop(placed)
  chart.height = chart.top + 300 + chart.bottom
  return (chart, axis, x, placed)
}

private func markerTop(_ placed: [(row: Int, start: Bool)]) -> Double {
  14 + Double((placed.map(\.row).max() ?? -1) + 1) * 15
}

/// A histogram of a sketch with labelled vertical markers; the x range covers the markers.
private func histogramSVG(id: String, title: String, sketch: DistributionSketch, markers: [ChartMarker], xTitle: String) -> String {
  let counts = sketch.histogramCounts
  let n = Double(max(sketch.trials, 1))
  let lo = sketch.histogramLower
  let hi = lo + sketch.histogramWidth * Double(counts.count)
  var dlo = lo
  var dhi = hi
  for m in markers where m.value.isFinite {
    dlo = min(dlo, m.value)
    dhi = max(dhi, m.value)
  }
  var (chart, axis, x, placed) = moneyAxisChart(dlo, dhi, markers: markers)
  let maxShare = Double(counts.max() ?? 0) / n
  let yAxis = Ticks.nice(0, max(maxShare * 1.05, 1e-6), target: 5)
  let y = LinearScale(d0: 0, d1: yAxis.hi, r0: chart.plotBottom, r1: chart.plotTop)
  chart.xAxis(ticks: axis.ticks, scale: x, label: { Money.format($0) }, title: xTitle)
  chart.yAxis(ticks: yAxis.ticks.map { ($0, y.at($0)) }, label: { percentLabel($0, step: yAxis.step) }, title: "Share of simulated years")
  for (i, c) in counts.enumerated() where c > 0 {
    let a = lo + Double(i) * sketch.histogramWidth
    let b = a + sketch.histogramWidth
    let x0 = x.at(a)
    let x1 = x.at(b)
    let gap = x1 - x0 > 4 ? 0.5 : 0
    let share = Double(c) / n
    chart.rect(x0 + gap, y.at(share), max(x1 - x0 - 2 * gap, 0.5), chart.plotBottom - y.at(share), fill: "#7ea6d3",
               tooltip: "\(Money.format(a)) to \(Money.format(b)): \(Money.percent(share)) of years")
  }
  chart.frame()
  chart.markers(markers, placed: placed, scale: x)
  return chart.render(id: id, title: title)
}

/// P(X > x) on a log scale from the sketches' quantile grids, with vertical markers and an
/// optional horizontal level.
private func exceedanceSVG(id: String, title: String, series: [CurveSeries], markers: [ChartMarker], level: (p: Double, label: String)?,
                           xTitle: String, yTitle: String) -> String {
  var dlo = Double.infinity
  var dhi = -Double.infinity
  var minP = 1.0
  for s in series {
    let inner = s.sketch.quantiles.filter { $0.p < 1 }
    if let f = inner.first { dlo = min(dlo, f.x) }
    if let l = inner.last { dhi = max(dhi, l.x); minP = min(minP, 1 - l.p) }
  }
  for m in markers where m.value.isFinite {
    dlo = min(dlo, m.value)
    dhi = max(dhi, m.value)
  }
  if !dlo.isFinite || !dhi.isFinite { dlo = 0; dhi = 1 }
  var (chart, axis, x, placed) = moneyAxisChart(dlo, dhi, markers: markers)
  let lowestExponent = min(-1, Int(log10(max(minP, 1e-6)).rounded(.down)))
  let y = LinearScale(d0: Double(lowestExponent), d1: 0, r0: chart.plotBottom, r1: chart.plotTop)
  func yAt(_ p: Double) -> Double { y.at(log10(max(p, pow(10, Double(lowestExponent))))) }
  let decades = (lowestExponent...0).map { pow(10, Double($0)) }
  var minor: [Double] = []
  for e in lowestExponent..<0 { for k in 2...9 { minor.append(yAt(Double(k) * pow(10, Double(e)))) } }
  chart.xAxis(ticks: axis.ticks, scale: x, label: { Money.format($0) }, title: xTitle)
  chart.yAxis(ticks: decades.map { ($0, yAt($0)) }, label: { p in
    let e = Int(log10(p).rounded())
    return Money.percent(p, digits: max(0, -e - 2))
  }, title: yTitle, minor: minor)
  if let level, level.p > pow(10, Double(lowestExponent)) {
    let yy = yAt(level.p)
    chart.line(chart.plotLeft, yy, chart.plotRight, yy, cls: "level")
    chart.text(chart.plotLeft + 6, yy - 5, level.label, cls: "mkt mkt-attach")
  }
  for s in series {
    let points = s.sketch.quantiles.filter { $0.p < 1 }.map { (x.at($0.x), yAt(1 - $0.p)) }
    chart.polyline(points, stroke: s.color)
  }
  if series.count > 1 {
    let w = (series.map { textWidth($0.name) }.max() ?? 0) + 44
    let x0 = chart.plotRight - w - 8
    let y0 = chart.plotTop + 8
    chart.raw("<rect class=\"legend\" x=\"\(coord(x0))\" y=\"\(coord(y0))\" width=\"\(coord(w))\" height=\"\(coord(Double(series.count) * 18 + 8))\"/>")
    for (i, s) in series.enumerated() {
      let yy = y0 + 16 + Double(i) * 18
      chart.line(x0 + 8, yy - 4, x0 + 30, yy - 4, cls: "curve", stroke: s.color)
      chart.text(x0 + 36, yy, s.name, cls: "label")
    }
  }
  chart.frame()
  chart.markers(markers, placed: placed, scale: x)
  return chart.render(id: id, title: title)
}

/// Grouped bars by category (months), with optional whiskers and horizontal reference lines.
private func barSVG(id: String, title: String, categories: [String], series: [BarSeries], lines: [ChartMarker],
                    percent: Bool, xTitle: String, yTitle: String) -> String {
  var lo = 0.0
  var hi = 0.0
  for s in series {
    for v in s.values + (s.upper ?? []) where v.isFinite { lo = min(lo, v); hi = max(hi, v) }
  }
  for l in lines { lo = min(lo, l.value); hi = max(hi, l.value) }
  if hi <= lo { hi = lo + 1 }
  let legendRows = series.count > 1 || series.contains { $0.upper != nil } ? 1 : 0
  var chart = SVGChart(height: 0, left: percent ? 64 : 84, right: 28, top: 14 + Double(legendRows) * 20, bottom: 52)
  chart.height = chart.top + 260 + chart.bottom
  let axis = Ticks.nice(lo, hi * 1.04, target: 6)
  let y = LinearScale(d0: axis.lo, d1: axis.hi, r0: chart.plotBottom, r1: chart.plotTop)
  chart.yAxis(ticks: axis.ticks.map { ($0, y.at($0)) }, label: { percent ? percentLabel($0, step: axis.step) : Money.format($0) }, title: yTitle)
  let band = (chart.plotRight - chart.plotLeft) / Double(max(categories.count, 1))
  let barWidth = min(36, band * 0.8 / Double(max(series.count, 1)))
  for (i, c) in categories.enumerated() {
    let center = chart.plotLeft + band * (Double(i) + 0.5)
    chart.text(center, chart.plotBottom + 18, c, cls: "tick", anchor: "middle")
    for (k, s) in series.enumerated() where i < s.values.count {
      let x0 = center - barWidth * Double(series.count) / 2 + barWidth * Double(k)
      let v = s.values[i]
      let label = percent ? Money.percent(v, digits: 1) : Money.format(v)
      chart.rect(x0 + 1, y.at(0), barWidth - 2, y.at(v) - y.at(0), fill: s.color, tooltip: "\(c): \(s.name) \(label)")
      if let upper = s.upper, i < upper.count {
        let mid = x0 + barWidth / 2
        chart.line(mid, y.at(v), mid, y.at(upper[i]), cls: "whisker")
        chart.line(mid - barWidth / 4, y.at(upper[i]), mid + barWidth / 4, y.at(upper[i]), cls: "whisker")
      }
    }
  }
  chart.text((chart.plotLeft + chart.plotRight) / 2, chart.plotBottom + 38, xTitle, cls: "axis-title", anchor: "middle")
  for l in lines {
    let yy = y.at(l.value)
    chart.line(chart.plotLeft, yy, chart.plotRight, yy, cls: "mk mk-\(l.style)")
    chart.text(chart.plotRight - 4, yy - 5, l.label, cls: "mkt mkt-\(l.style)", anchor: "end")
  }
  if lo < 0 { chart.line(chart.plotLeft, y.at(0), chart.plotRight, y.at(0), cls: "zero") }
  if legendRows > 0 {
    var lx = chart.plotLeft
    for s in series {
      chart.raw("<rect x=\"\(coord(lx))\" y=\"4\" width=\"14\" height=\"12\" fill=\"\(s.color)\"/>")
      chart.text(lx + 20, 14, s.name, cls: "label")
      lx += textWidth(s.name) + 44
    }
  }
  chart.frame()
  return chart.render(id: id, title: title)
}

// MARK: - Style

private let htmlStyle = """

  body { margin: 0; background: #eef0f3; color: #1d2430; font: 14px/1.45 "Helvetica Neue", Arial, "Liberation Sans", sans-serif; }
  main { max-width: 1100px; margin: 0 auto; padding: 24px 30px 36px; background: #fff; }
  h1 { font-size: 24px; margin: 0 0 4px; }
  h2 { font-size: 18px; margin: 30px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #dfe3ea; }
  h3 { font-size: 15px; margin: 16px 0 6px; }
  p { margin: 6px 0; }
  .meta { color: #555; }
  .note { font-size: 12.5px; color: #555; }
  .cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 14px 0 4px; }
  .card { flex: 1 1 130px; border: 1px solid #dfe3ea; border-radius: 6px; padding: 8px 12px; background: #f8f9fb; }
  .card .k { font-size: 12px; color: #555; }
  .card .v { font-size: 19px; font-weight: 600; font-variant-numeric: tabular-nums; }
  .card .s { font-size: 12px; color: #666; }
  .wide { overflow-x: auto; }
  table { border-collapse: collapse; margin: 6px 0 10px; font-variant-numeric: tabular-nums; }
  th, td { padding: 4px 9px; border-bottom: 1px solid #e6e9ef; vertical-align: top; }
  table.data thead th { background: #f0f2f5; border-bottom: 2px solid #cfd5de; text-align: right; white-space: nowrap; }
  table.data th.l, table.data td.l { text-align: left; }
  table.data tbody th { font-weight: 600; white-space: nowrap; }
  td.n { text-align: right; white-space: nowrap; }
  table.data td.l:first-child { white-space: nowrap; }
  tr.hl { background: #f4f8fd; }
  #comparison { font-size: 13px; }
  #comparison th, #comparison td { padding: 4px 6px; }
  table#comparison thead th { white-space: normal; vertical-align: bottom; }
  #comparison td:nth-child(2) { min-width: 140px; }
  table.kv { width: 100%; }
  table.kv th { text-align: left; font-weight: 600; width: 250px; color: #333; }
  figure { margin: 14px 0 22px; }
  figcaption { font-size: 12.5px; color: #444; margin-top: 4px; }
  svg.chart { display: block; width: 100%; height: auto; }
  svg text { font-size: 12px; fill: #333; }
  svg .tick { font-size: 11px; fill: #555; }
  svg .axis-title { font-size: 12px; fill: #333; }
  svg .label { font-size: 12px; fill: #222; }
  svg .value { font-size: 12px; fill: #222; font-variant-numeric: tabular-nums; }
  svg .sub { font-size: 11.5px; fill: #555; }
  svg .axis { stroke: #666; stroke-width: 1; }
  svg .grid { stroke: #e3e6eb; stroke-width: 1; }
  svg .grid-minor { stroke: #f2f3f6; stroke-width: 1; }
  svg .zero { stroke: #555; stroke-width: 1; }
  svg .curve { stroke-width: 2.2; fill: none; }
  svg .whisker { stroke: #333; stroke-width: 1.4; }
  svg .diamond { fill: #c0392b; }
  svg .ci1 { stroke: #333; stroke-width: 4; }
  svg .ci2 { stroke: #777; stroke-width: 1.4; }
  svg .legend { fill: #fff; stroke: #ccd2db; }
  svg .level { stroke: #8e44ad; stroke-width: 1.2; stroke-dasharray: 2 3; }
  svg .mk { stroke-width: 1.8; stroke-dasharray: 6 4; }
  svg .mk-mean { stroke: #34495e; stroke-dasharray: 2 3; }
  svg .mk-premium { stroke: #1e8449; }
  svg .mk-worst { stroke: #c0392b; }
  svg .mk-attach { stroke: #8e44ad; }
  svg .mkt { font-size: 12px; font-weight: 600; paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
  svg .mkt-mean { fill: #34495e; }
  svg .mkt-premium { fill: #1e8449; }
  svg .mkt-worst { fill: #c0392b; }
  svg .mkt-attach { fill: #8e44ad; }
  footer { margin-top: 10px; }
  @media print { body { background: #fff; } main { padding: 0; } figure, table { break-inside: avoid; } }

  """
