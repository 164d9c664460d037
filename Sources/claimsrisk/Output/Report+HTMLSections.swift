// Report+HTMLSections.swift: the chart sections of the HTML report: employer cost
// (histogram, exceedance curves), contract options (compare), self-funding, cash flow and
// level funding, and the notes.
import ClaimsEngine
import ClaimsModel
import Foundation

extension Report {
  // MARK: Employer cost charts

  func employerCostChartsHTML(compare: Bool) -> String {
    let c0 = result.contracts[0]
    var out = ["<section id=\"charts\">", "<h2>Distribution of employer cost\(compare ? ": " + esc(contractName(0)) : "")</h2>"]
    if let sketch = c0.sketches[.employerCost] {
      var markers: [ChartMarker] = []
      if let e = c0.summary(.employerCost) { markers.append(ChartMarker(value: e.mean, label: "Mean " + Money.format(e.mean), style: "mean")) }
      if let fi = result.fullyInsuredAnnualPremium { markers.append(ChartMarker(value: fi, label: "Fully insured " + Money.format(fi), style: "premium")) }
      if let w = worstCase { markers.append(ChartMarker(value: w, label: "Max. under aggregate " + Money.format(w), style: "worst")) }
      let svg = histogramSVG(id: "employer-cost-histogram", title: "Histogram of the annual employer cost", sketch: sketch, markers: markers, xTitle: "Annual employer cost")
      var caption = "Share of the \(count(sketch.trials)) simulated years in each \(Money.format(sketch.histogramWidth)) band of employer cost, up to its 99.5th percentile"
      if sketch.overflow > 0 { caption += " (\(count(sketch.overflow)) years above it are not drawn; the maximum is \(Money.format(sketch.quantiles.last?.x ?? 0)))" }
      caption += "."
      if let w = worstCase {
        caption += " Maximum under the aggregate = fixed costs + aggregate attachment point; it is not a cap."
        if let above = c0.probabilityAboveAggregateMaximum {
          caption += " The employer cost exceeds it in \(ProbabilityText.format(above, digits: 2)) of years"
          if above.value > 0, let runout = c0.summary(.runoutUnprotected), runout.max > 0 {
            caption += ": claims paid outside the aggregate's window (run-out unprotected, mean \(Money.format(runout.mean))), extension-of-benefits claims and lasered layers are not capped by the attachment point"
          }
          caption += "."
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
      if let w = worstCase { markers.append(ChartMarker(value: w, label: "Max. under aggregate " + Money.format(w), style: "worst")) }
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
        if let p = c0.probabilityAttach, p.value > 0 { level = (p.value, "P(attach) " + ProbabilityText.format(p.value)) }
      }
      // In a comparison, one curve per option (each option's specific deductible and basis
      // change its aggregate claims); the markers are the first option's.
      var aggregateSeries = [CurveSeries(name: compare ? contractName(0) : "Aggregate claims", color: compare ? chartPalette[0] : "#8e44ad", sketch: sk)]
      if compare {
        for (i, c) in result.contracts.enumerated().dropFirst() {
          guard let s = c.sketches[.aggregateClaims] else { continue }
          aggregateSeries.append(CurveSeries(name: contractName(i), color: chartPalette[i % chartPalette.count], sketch: s))
        }
      }
      let svg = exceedanceSVG(id: "aggregate-claims-exceedance", title: "P(aggregate claims > x)",
                              series: aggregateSeries, markers: markers, level: level,
                              xTitle: "Aggregate claims x (claims on the aggregate basis after the specific cover)", yTitle: "P(aggregate claims > x), log scale")
      out.append(figureHTML(svg, caption: "Probability that the year's aggregate claims exceed x; where the curve crosses the attachment point is P(attach)\(compare ? "; one curve per option, markers of the first option" : "")."))
    }
    out.append("</section>")
    return out.joined(separator: "\n")
  }

  // MARK: Contract options (compare)

  func optionsHTML() -> String {
    var out = ["<section id=\"options\">", "<h2>Contract options compared</h2>"]
    out.append(figureHTML(optionsSVG(), caption: "Bars: expected employer cost of each option; whisker: up to its 95th percentile; diamond: its maximum under the aggregate (fixed costs + attachment point; not a cap). Right: mean ± one standard error, P95, and the difference from the first option ± its standard error on common random numbers."))
    out.append(figureHTML(differenceSVG(), caption: "Difference in expected employer cost from the first option, with ± 1 SE (thick) and ± 2 SE (thin) intervals; the standard errors are those of the per-year differences on the same simulated claims."))
    let headers = ["Option", "Terms", "E[employer cost] ± SE", "P90", "P95", "P99", "P(attach)", "E[specific]", "E[aggregate]", "E[run-out]", "Δ vs first ± SE"]
    out.append(tableHTML(headers: headers, rows: comparisonRows(), leftColumns: 2, cls: "data", id: "comparison"))
    if let d = result.contracts[1].differences?.first(where: { $0.quantity == .employerCost })?.difference, d.independentStdError > 0 {
      out.append("<p class=\"note\">\(esc(String(format: "Common random numbers: the difference's standard error (%@) is %.0f%% of what two independent runs would give (%@).", Money.format(d.stdError), 100 * d.stdError / d.independentStdError, Money.format(d.independentStdError))))</p>")
    }
    out.append("</section>")
    return out.joined(separator: "\n")
  }

  func optionsSVG() -> String {
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
    let axis = Ticks.nice(0, maxX * 1.02, target: tickTarget(width: chart.width - labelWidth - 310, sample: maxX))
    let x = LinearScale(d0: axis.lo, d1: axis.hi, r0: labelWidth, r1: chart.width - 310)
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
      chart.text(chart.width - 310 + 14, mid - 3, "\(Money.format(e.mean)) ± \(Money.format(e.stdError)) · P95 \(Money.format(p95))", cls: "value")
      chart.text(chart.width - 310 + 14, mid + 13, diff.map { "Δ vs first \(signed($0.mean)) ± \(Money.format($0.stdError))" } ?? "reference", cls: "sub")
    }
    chart.markers(markers, placed: placed, scale: x)
    chart.frame(bottomOnly: true)
    return chart.render(id: "options-chart", title: "Expected employer cost by contract option")
  }

  func differenceSVG() -> String {
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
    let axis = Ticks.nice(lo - pad, hi + pad, target: tickTarget(width: chart.width - labelWidth - 310, sample: max(abs(lo), abs(hi)) * 1.1))
    let x = LinearScale(d0: axis.lo, d1: axis.hi, r0: labelWidth, r1: chart.width - 310)
    chart.xAxis(ticks: axis.ticks, scale: x, label: { signed($0) }, title: "Expected employer cost minus that of the first option")
    chart.line(x.at(0), chart.plotTop, x.at(0), chart.plotBottom, cls: "zero")
    for (i, d) in diffs.enumerated() {
      let mid = chart.top + rowHeight * (Double(i) + 0.5)
      let color = chartPalette[i % chartPalette.count]
      chart.text(labelWidth - 10, mid + 4, truncated(names[i], width: labelWidth - 16), cls: "label", anchor: "end")
      guard let d else {
        chart.circle(x.at(0), mid, 5, fill: color, tooltip: "reference")
        chart.text(chart.width - 310 + 14, mid + 4, "reference", cls: "sub")
        continue
      }
      chart.line(x.at(d.mean - 2 * d.stdError), mid, x.at(d.mean + 2 * d.stdError), mid, cls: "ci2")
      chart.line(x.at(d.mean - d.stdError), mid, x.at(d.mean + d.stdError), mid, cls: "ci1")
      chart.circle(x.at(d.mean), mid, 5, fill: color, tooltip: "\(signed(d.mean)) ± \(Money.format(d.stdError))")
      chart.text(chart.width - 310 + 14, mid + 4, "\(signed(d.mean)) ± \(Money.format(d.stdError))", cls: "value")
    }
    chart.frame(bottomOnly: true)
    return chart.render(id: "options-difference-chart", title: "Difference in expected employer cost from the first option")
  }

  // MARK: Self-funding, cash flow, level funding

  func selfFundingHTML() -> String? {
    let c0 = result.contracts[0]
    guard let fi = result.fullyInsuredAnnualPremium, let saving = c0.summary(.selfFundingSaving), let p = c0.probabilityCheaper else { return nil }
    var out = ["<section id=\"self-funding\">", "<h2>Self-funding against the fully insured premium</h2>"]
    var rows: [(String, String)] = [
      ("Fully insured premium", Money.format(fi, cents: true) + " a year"),
      ("P(self-funding costs less)", ProbabilityText.format(p)),
      ("Expected saving", "\(Money.format(saving.mean)) ± \(Money.format(saving.stdError)) (premium − employer cost; positive = self-funding costs less)"),
    ]
    if let sk = c0.sketches[.selfFundingSaving] {
      rows.append(("Saving percentiles", "P5 \(Money.format(MetricSummary.quantileOf(sk, 0.05))), P50 \(Money.format(saving.percentiles[0])), P95 \(Money.format(saving.percentiles[3]))"))
    }
    if let w = worstCase {
      rows.append(("Maximum under the aggregate vs premium", Report.maximumVersusPremium(maximum: w, premium: fi, p995: c0.summary(.employerCost)?.percentiles[5])))
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

  func cashFlowHTML() -> String? {
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

  func levelFundingHTML() -> String? {
    guard let f = result.contracts[0].funding else { return nil }
    var out = ["<section id=\"level-funding\">", "<h2>Level funding</h2>"]
    let worstMonth = f.lowestMonthShares.enumerated().max { $0.element < $1.element }.map { $0.offset + 1 } ?? 1
    out.append(keyValueHTML([
      ("Claims fund deposits", Money.format(f.funded) + " over the year"),
      ("Refund after the run-out", "mean \(Money.format(f.refund.mean)) ± \(Money.format(f.refund.stdError)), P50 \(Money.format(f.refund.percentiles[0])), P95 \(Money.format(f.refund.percentiles[3])); P(refund) \(Money.percent(f.probabilityRefund.value, digits: 1)) ± \(Money.percent(f.probabilityRefund.stdError, digits: 1))"),
      ("Net cost", "fixed costs + deposits − refund: mean \(Money.format(f.netCost.mean)) ± \(Money.format(f.netCost.stdError)), P95 \(Money.format(f.netCost.percentiles[3]))"),
      ("P(fund goes negative)", "\(ProbabilityText.format(f.probabilityNegative)) (the carrier advances the shortfall)"),
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

  func notesHTML() -> String {
    """
    <footer id="notes">
    <h2>Notes</h2>
    <p class="note">Means are shown ± one standard error of the Monte Carlo estimate (standard deviation / √trials); probabilities ± their binomial standard error √(p(1 − p)/n). Percentiles follow one convention, type 7 (R default, numpy linear). The charts are drawn from a 40-band histogram up to the 99.5th percentile and from a quantile grid at every 0.5% plus 99.9%, 99.95% and the maximum. All amounts are in dollars for one plan year. The same scenario, trials and seed (\(result.seed)) reproduce every figure.</p>
    <p class="note">Generated by claimsrisk \(esc(version)) from \(count(result.trials)) trials; this file is self-contained (no scripts or external resources).</p>
    </footer>
    """
  }

  // MARK: Small HTML pieces

  func keyValueHTML(_ rows: [(String, String)]) -> String {
    "<table class=\"kv\"><tbody>" + rows.map { "<tr><th scope=\"row\">\(esc($0.0))</th><td>\(esc($0.1))</td></tr>" }.joined() + "</tbody></table>"
  }

  func tableHTML(headers: [String], rows: [[String]], leftColumns: Int, cls: String, id: String? = nil) -> String {
    var out = ["<div class=\"wide\"><table class=\"\(cls)\"\(id.map { " id=\"\($0)\"" } ?? "")>"]
    out.append("<thead><tr>" + headers.enumerated().map { "<th\($0.offset < leftColumns ? " class=\"l\"" : "")>\(esc($0.element))</th>" }.joined() + "</tr></thead>")
    out.append("<tbody>")
    for row in rows {
      out.append("<tr>" + row.enumerated().map { $0.offset < leftColumns ? "<td class=\"l\">\(esc($0.element))</td>" : "<td class=\"n\">\(esc($0.element))</td>" }.joined() + "</tr>")
    }
    out.append("</tbody></table></div>")
    return out.joined(separator: "\n")
  }

  func figureHTML(_ svg: String, caption: String) -> String {
    "<figure>\n\(svg)\n<figcaption>\(esc(caption))</figcaption>\n</figure>"
  }

  func num(_ text: String) -> String { "<td class=\"n\">\(esc(text))</td>" }
}
