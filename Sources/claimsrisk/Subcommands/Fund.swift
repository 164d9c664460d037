// Fund.swift: `claimsrisk fund FILE --years N`: funding over time: the pooled allocated-balance
// model over several plan years, or a level-funded plan's claims fund; with reserve guidance.
import ArgumentParser
import ClaimsEngine
import ClaimsModel
import Foundation
import TextTable

extension ClaimsRisk {
  struct Fund: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Project funding over plan years: the allocated-balance pool model or level funding, with reserve guidance.")

    @Argument(help: "The scenario file (YAML or JSON) with a `funding:` section.")
    var file: String

    @Option(help: "Plan years to project (pool model); overrides funding.allocated_balance.years. With a pool, --trials is the number of paths (each of --years plan years; default the smaller of simulation.trials and 5,000).")
    var years: Int?

    @OptionGroup var settings: RunArguments
    @OptionGroup var output: OutputArguments

    func validate() throws {
      if settings.checkpoint != nil {
        throw ValidationError("'--checkpoint' is available for simulate, compare and attach, not for fund.")
      }
      if let years, years < 1 || years > 50 {
        throw ValidationError("'--years' must be from 1 to 50, got \(years).")
      }
    }

    func run() throws {
      let scenario = try RunSupport.loadScenario(file)
      guard let funding = scenario.funding, funding.level != nil || funding.allocatedBalance != nil else {
        throw InputError(message: "\(file): funding: missing; `claimsrisk fund` needs funding.level or funding.allocated_balance (see docs/funding.md)")
      }
      try output.checkWritable(scenario, checkpoint: settings.checkpoint)
      var options = settings.options(for: scenario)
      let reserveTrials = min(options.trials, 20_000)
      if let pool = funding.allocatedBalance {
        let n = years ?? pool.years
        let paths = settings.trials ?? min(scenario.simulation.trials, 5_000)
        options.trials = paths * n
        let result = try RunSupport.interruptible(options, quiet: output.quiet, plain: output.progress) { monitor in
          try PoolProjection.run(scenario, paths: paths, years: n, seed: options.seed, threads: settings.threads, monitor: monitor)
        }
        let reserve = try ReserveGuidance.compute(scenario, trials: reserveTrials, seed: options.seed, threads: settings.threads)
        try output.write(FundReport(scenario: scenario, pool: result, reserve: reserve, seed: options.seed, source: ScenarioSource(path: file)).render(output.format))
      } else {
        let result = try RunSupport.interruptible(options, quiet: output.quiet, plain: output.progress) { monitor in
          try Simulation.run(scenario, options: options, monitor: monitor)
        }
        let reserve = try ReserveGuidance.compute(scenario, trials: reserveTrials, seed: options.seed, threads: settings.threads)
        var report = Report(scenario: scenario, result: result, version: ClaimsRisk.version)
        report.source = ScenarioSource(path: file)
        var text = report.render(output.format)
        if output.format == .table { text += "\n" + FundReport.reserveText(reserve) }
        try output.write(text)
      }
    }
  }
}

/// The pool projection rendered for a person or a tool.
struct FundReport {
  let scenario: Scenario
  let pool: PoolResult
  let reserve: ReserveGuidance
  let seed: UInt64
  var source: ScenarioSource? = nil

  func render(_ format: ReportFormat) -> String {
    switch format {
    case .table: table()
    case .json: json().render() + "\n"
    case .csv: csv()
    case .html: html()
    }
  }

  static func reserveText(_ r: ReserveGuidance) -> String {
    let pct = r.ibnr.mean / max(r.annualClaims, 1)
    return """
      Reserve guidance (year-end unpaid claims from the lag pattern and the claim model):
        IBNR at month 12: mean \(Money.format(r.ibnr.mean)) (\(Money.percent(pct, digits: 1)) of annual claims \(Money.format(r.annualClaims))), P75 \(Money.format(r.ibnr.percentiles[1])), P95 \(Money.format(r.ibnr.percentiles[3])), P99 \(Money.format(r.ibnr.percentiles[4]))
        steady-state formula: mean lag \(String(format: "%.2f", r.meanLagMonths)) months × monthly claims = \(Money.format(r.lagFormula))
        rules of thumb (self-insurance reserve guides): IBNR 20–25% of annual claims = \(Money.format(0.20 * r.annualClaims))–\(Money.format(0.25 * r.annualClaims)); two months of claims for run-out = \(Money.format(2 * r.annualClaims / 12)); six to seven months for catastrophes = \(Money.format(6 * r.annualClaims / 12))–\(Money.format(7 * r.annualClaims / 12))

      """
  }

  func table() -> String {
    var out = ["\(scenario.name): allocated-balance pool over \(pool.years.count) years, \(pool.paths.formatted()) paths, seed \(seed)",
               "Initial annual funding \(Money.format(pool.initialAnnualFunding)); expected year-1 claims charged to the balance \(Money.format(pool.expectedAnnualClaims))", ""]
    let headers = ["Year", "E[claims]", "Reserve target", "Balance P5", "P50", "P95", "P(balance < 0)", "P(holiday next)", "Factor mean", "E[supplemental]", "Z"]
    let rows = pool.years.map { y in
      [String(y.year), Money.format(y.expectedClaims), Money.format(y.reserveTarget), Money.format(y.balanceP5), Money.format(y.balance.percentiles[0]),
       Money.format(y.balanceP95), ProbabilityText.format(y.probabilityNegative.value), ProbabilityText.format(y.probabilityHoliday.value),
       String(format: "%.3f", y.factor.mean), Money.format(y.expectedSupplemental), String(format: "%.2f", y.credibility)]
    }
    let t = TextTable<[String]> { row in headers.enumerated().map { Column(title: $1, value: row[$0], align: .right) } }
    out.append(t.string(for: rows, style: Style.psql) ?? "")
    out.append("Deterministic projection (expected claims every year): balances " + pool.projection.map { Money.format($0.balance) }.joined(separator: ", "))
    out.append("")
    out.append(Self.reserveText(reserve))
    return out.joined(separator: "\n") + "\n"
  }

  func json() -> JSONValue {
    .object([
      ("format", .integer(1)), ("scenario", .string(scenario.name)), ("program", .string("claimsrisk")),
      ("version", .string(ClaimsRisk.version)), ("seed", .unsigned(seed)), ("paths", .integer(pool.paths)),
      ("initial_annual_funding", .number(pool.initialAnnualFunding)),
      ("expected_annual_claims", .number(pool.expectedAnnualClaims)),
      ("years", .array(pool.years.map { y in
        .object([
          ("year", .integer(y.year)), ("expected_claims", .number(y.expectedClaims)), ("reserve_target", .number(y.reserveTarget)),
          ("balance_mean", .number(y.balance.mean)), ("balance_std_error", .number(y.balance.stdError)),
          ("balance_p5", .number(y.balanceP5)), ("balance_p50", .number(y.balance.percentiles[0])), ("balance_p95", .number(y.balanceP95)),
          ("probability_negative", .number(y.probabilityNegative.value)), ("probability_negative_std_error", .number(y.probabilityNegative.stdError)),
          ("probability_holiday_next_year", .number(y.probabilityHoliday.value)),
          ("factor_mean", .number(y.factor.mean)), ("factor_p5", .number(MetricSummary.quantileOfSummary(y.factor, 0.05))), ("factor_p95", .number(y.factor.percentiles[3])),
          ("expected_supplemental", .number(y.expectedSupplemental)), ("credibility", .number(y.credibility)),
        ])
      })),
      ("projection", .array(pool.projection.enumerated().map { (i, y) in
        .object([("year", .integer(i + 1)), ("funding", .number(y.funding)), ("interest", .number(y.interest)), ("claims", .number(y.claims)),
                 ("fixed_costs", .number(y.fixedCosts)), ("pool_fee", .number(y.poolFee)), ("balance", .number(y.balance)), ("factor", .number(y.factor))])
      })),
      ("reserve_guidance", .object([
        ("ibnr_mean", .number(reserve.ibnr.mean)), ("ibnr_p95", .number(reserve.ibnr.percentiles[3])),
        ("ibnr_share_of_annual_claims", .number(reserve.ibnr.mean / max(reserve.annualClaims, 1))),
        ("annual_claims", .number(reserve.annualClaims)), ("mean_lag_months", .number(reserve.meanLagMonths)),
        ("lag_formula", .number(reserve.lagFormula)),
        ("rule_of_thumb_ibnr_20_25_percent", .array([.number(0.2 * reserve.annualClaims), .number(0.25 * reserve.annualClaims)])),
        ("rule_of_thumb_two_months", .number(2 * reserve.annualClaims / 12)),
      ])),
    ])
  }

  func csv() -> String {
    let comment = CSVFormat.comment([("program", "claimsrisk"), ("version", ClaimsRisk.version), ("scenario", scenario.name)]
      + (source?.csvPairs ?? []) + [("paths", String(pool.paths)), ("seed", String(seed))])
    var lines = [comment, "year,expected_claims,reserve_target,balance_mean,balance_p5,balance_p50,balance_p95,probability_negative,probability_holiday_next_year,factor_mean,expected_supplemental,credibility"]
    for y in pool.years {
      lines.append([Double(y.year), y.expectedClaims, y.reserveTarget, y.balance.mean, y.balanceP5, y.balance.percentiles[0], y.balanceP95,
                    y.probabilityNegative.value, y.probabilityHoliday.value, y.factor.mean, y.expectedSupplemental, y.credibility]
        .enumerated().map { $0.offset == 0 ? String(Int($0.element)) : CSVFormat.number($0.element) }.joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// A self-contained page (the report style) with a fan chart of the balance: P5–P95
  /// band, median, deterministic projection and zero, with axis titles, round ticks and a
  /// legend; then the table and the reserve guidance.
  func html() -> String {
    var chart = SVGChart(height: 360, left: 84, right: 48, top: 40, bottom: 56)
    let lows = pool.years.map(\.balanceP5), highs = pool.years.map(\.balanceP95)
    let all = lows + highs + pool.projection.map(\.balance) + [0]
    let lo = all.min() ?? 0, hi = all.max() ?? 1
    let pad = 0.04 * max(hi - lo, 1)
    let axis = Ticks.within(lo - pad, hi + pad, target: 6)
    let y = LinearScale(d0: axis.lo, d1: axis.hi, r0: chart.plotBottom, r1: chart.plotTop)
    let n = max(pool.years.count - 1, 1)
    let x = LinearScale(d0: 0, d1: Double(n), r0: chart.plotLeft + 20, r1: chart.plotRight - 20)
    for t in axis.ticks {
      chart.line(chart.plotLeft, y.at(t), chart.plotRight, y.at(t), cls: t == 0 ? "zero" : "grid")
      chart.raw("<text class=\"tick\" x=\"\(coord(chart.plotLeft - 6))\" y=\"\(coord(y.at(t) + 4))\" text-anchor=\"end\">\(esc(Money.format(t)))</text>")
    }
    for i in pool.years.indices {
      chart.raw("<text class=\"tick\" x=\"\(coord(x.at(Double(i))))\" y=\"\(coord(chart.plotBottom + 18))\" text-anchor=\"middle\">Year \(i + 1)</text>")
    }
    let band = (pool.years.indices.map { "\(coord(x.at(Double($0)))),\(coord(y.at(highs[$0])))" }
      + pool.years.indices.reversed().map { "\(coord(x.at(Double($0)))),\(coord(y.at(lows[$0])))" }).joined(separator: " ")
    let median = pool.years.indices.map { "\(coord(x.at(Double($0)))),\(coord(y.at(pool.years[$0].balance.percentiles[0])))" }.joined(separator: " ")
    let projection = pool.projection.indices.map { "\(coord(x.at(Double($0)))),\(coord(y.at(pool.projection[$0].balance)))" }.joined(separator: " ")
    chart.raw("<polygon points=\"\(band)\" fill=\"#9ecae1\" opacity=\"0.6\"/>")
    chart.raw("<polyline class=\"curve\" points=\"\(median)\" stroke=\"#08519c\"/>")
    chart.raw("<polyline class=\"curve\" points=\"\(projection)\" stroke=\"#555\" stroke-dasharray=\"5 4\"/>")
    chart.line(chart.plotLeft, chart.plotBottom, chart.plotRight, chart.plotBottom, cls: "axis")
    chart.line(chart.plotLeft, chart.plotTop, chart.plotLeft, chart.plotBottom, cls: "axis")
    chart.raw("<text class=\"axis-title\" x=\"\(coord((chart.plotLeft + chart.plotRight) / 2))\" y=\"\(coord(chart.height - 10))\" text-anchor=\"middle\">Plan year (year-end balance)</text>")
    chart.raw("<text class=\"axis-title\" transform=\"translate(16 \(coord((chart.plotTop + chart.plotBottom) / 2))) rotate(-90)\" text-anchor=\"middle\">Allocated balance</text>")
    // Legend above the plot, so that it covers no data.
    let legend: [(String, String)] = [("5th–95th percentile", "band"), ("Median", "median"), ("Deterministic projection", "projection")]
    var lx = chart.plotLeft
    for (label, kind) in legend {
      switch kind {
      case "band": chart.raw("<rect x=\"\(coord(lx))\" y=\"12\" width=\"18\" height=\"12\" fill=\"#9ecae1\"/>")
      case "median": chart.line(lx, 18, lx + 18, 18, cls: "curve", stroke: "#08519c")
      default: chart.raw("<line x1=\"\(coord(lx))\" y1=\"18\" x2=\"\(coord(lx + 18))\" y2=\"18\" stroke=\"#555\" stroke-width=\"2\" stroke-dasharray=\"5 4\"/>")
      }
      chart.raw("<text class=\"label\" x=\"\(coord(lx + 24))\" y=\"22\">\(esc(label))</text>")
      lx += 24 + textWidth(label) + 22
    }
    let svg = chart.render(id: "allocated-balance-fan", title: "Allocated balance by plan year")
    let title = "\(scenario.name): funding projection"
    return HTMLTextPage.document(title: title, body: """
      <header>
      <h1>\(esc(title))</h1>
      <p class="meta">\(esc("allocated-balance pool over \(pool.years.count) years · \(pool.paths.formatted()) paths · seed \(seed) · claimsrisk \(ClaimsRisk.version)"))</p>
      </header>
      <section id="fan">
      <h2>Allocated balance over \(pool.years.count) years</h2>
      <figure>
      \(svg)
      <figcaption>Band: 5th–95th percentile of the year-end balance over \(pool.paths.formatted()) simulated paths; solid line: median; dashed: the deterministic projection (expected claims every year); dark line: zero.</figcaption>
      </figure>
      </section>
      <section id="table">
      <h2>By year, and reserve guidance</h2>
      <pre class="text-report">\(esc(table()))</pre>
      </section>
      """)
  }
}
