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
      let scenario = try Scenario.load(path: file)
      guard let funding = scenario.funding, funding.level != nil || funding.allocatedBalance != nil else {
        throw InputError(message: "\(file): funding: missing; `claimsrisk fund` needs funding.level or funding.allocated_balance (see docs/funding.md)")
      }
      try output.checkWritable()
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

  /// A self-contained page with a fan chart of the balance (P5–P95 band, median, projection).
  func html() -> String {
    let w = 720.0, h = 320.0, left = 90.0, bottom = 40.0, top = 20.0, right = 20.0
    let lows = pool.years.map(\.balanceP5), highs = pool.years.map(\.balanceP95)
    let lo = min(0, lows.min() ?? 0, pool.projection.map(\.balance).min() ?? 0)
    let hi = max(1, highs.max() ?? 1, pool.projection.map(\.balance).max() ?? 1)
    let n = Double(max(pool.years.count - 1, 1))
    func x(_ i: Int) -> Double { left + (w - left - right) * Double(i) / n }
    func y(_ v: Double) -> Double { top + (h - top - bottom) * (1 - (v - lo) / (hi - lo)) }
    let band = (pool.years.indices.map { "\(x($0)),\(y(highs[$0]))" } + pool.years.indices.reversed().map { "\(x($0)),\(y(lows[$0]))" }).joined(separator: " ")
    let median = pool.years.indices.map { "\(x($0)),\(y(pool.years[$0].balance.percentiles[0]))" }.joined(separator: " ")
    let proj = pool.projection.indices.map { "\(x($0)),\(y(pool.projection[$0].balance))" }.joined(separator: " ")
    var ticks = ""
    for k in 0...4 {
      let v = lo + (hi - lo) * Double(k) / 4
      ticks += "<text x=\"\(left - 6)\" y=\"\(y(v) + 4)\" text-anchor=\"end\" font-size=\"11\">\(Money.format(v))</text><line x1=\"\(left)\" x2=\"\(w - right)\" y1=\"\(y(v))\" y2=\"\(y(v))\" stroke=\"#ddd\"/>"
    }
    for i in pool.years.indices { ticks += "<text x=\"\(x(i))\" y=\"\(h - 15)\" text-anchor=\"middle\" font-size=\"11\">Year \(i + 1)</text>" }
    let svg = """
      <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(w))" height="\(Int(h))" role="img" aria-label="Fan chart of the allocated balance">\(ticks)<line x1="\(left)" x2="\(w - right)" y1="\(y(0))" y2="\(y(0))" stroke="#900"/><polygon points="\(band)" fill="#9ecae1" opacity="0.6"/><polyline points="\(median)" fill="none" stroke="#08519c" stroke-width="2"/><polyline points="\(proj)" fill="none" stroke="#555" stroke-dasharray="4 3"/></svg>
      """
    let table = table().replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    return """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8"/><title>\(scenario.name.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")) — funding projection</title>
      <style>body{font-family:sans-serif;margin:2em;max-width:1100px}pre{font-size:12px}</style></head><body>
      <h1>Allocated balance over \(pool.years.count) years</h1>
      <p>Band: 5th–95th percentile of the year-end balance over \(pool.paths) paths; solid line: median; dashed: deterministic projection; red: zero.</p>
      \(svg)
      <pre>\(table)</pre>
      </body></html>

      """
  }
}
