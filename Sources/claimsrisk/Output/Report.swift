// Report.swift: one simulation's result rendered as a table for a person, JSON for tools
// (the result format of docs/scenario-format.md) or CSV for spreadsheets.
import ClaimsEngine
import ClaimsModel
import Foundation
import TextTable

struct Report {
  let scenario: Scenario
  let result: SimulationResult
  let version: String
  /// The name of the first contract in comparisons (the first combination of flags).
  var referenceName: String? = nil
  /// The scenario file read (name and SHA-256), when the report came from one.
  var source: ScenarioSource? = nil
  /// The percentile levels shown (`--percentiles`); nil: the standard P50…P99.5.
  var requestedPercentiles: [Double]? = nil
  /// The same run without the scenario's parameter sets (the point estimate, same seeds),
  /// when it has any: see Report+ParameterRisk.swift.
  var withoutParameterRisk: SimulationResult? = nil

  init(scenario: Scenario, result: SimulationResult, version: String) {
    self.scenario = scenario
    self.result = result
    self.version = version
  }

  func render(_ format: ReportFormat) -> String {
    switch format {
    case .table: table()
    case .json: json().render() + "\n"
    case .csv: csv()
    case .html: html()
    }
  }

  /// The most the employer pays under the aggregate cover: fixed costs + the aggregate
  /// attachment point. Not a cap on the employer cost: run-out claims paid after the aggregate
  /// window, extension-of-benefits claims and lasered layers sit outside the aggregate.
  /// (JSON key `worst_case`, kept; also `maximum_under_aggregate`.)
  var worstCase: Double? {
    guard let a = result.attachment else { return nil }
    return result.annualFixedCosts + a.dollars
  }

  // MARK: JSON

  func json() -> JSONValue {
    var pairs: [(String, JSONValue)] = [
      ("format", .integer(Scenario.supportedFormat)),
      ("scenario", .string(result.scenarioName)),
      ("trials", .integer(result.trials)),
      ("seed", .unsigned(result.seed)),
      ("program", .string("claimsrisk")),
      ("version", .string(version)),
      ("scenario_file", source?.json ?? .null),
      ("applied_settings", .object(ScenarioSource.appliedSettings(scenario))),
      ("method", .string(result.method)),
      ("method_reason", result.methodReason.map { .string($0) } ?? .null),
      ("generator", .string(result.generator)),
      ("chunk_size", .integer(result.chunkSize)),
      ("percentile_convention", .string("type 7 (R default, numpy linear)")),
      ("attachment_point", .optional(result.attachment?.dollars)),
      ("attachment_point_std_error", .optional(result.attachment?.stdError)),
      ("attachment_source", result.attachment.map { .string($0.source) } ?? .null),
      ("monthly_attachment_point", .optional(result.attachment?.monthly)),
      ("probability_attach", .optional(result.probabilityAttach?.value)),
      ("probability_attach_std_error", .optional(result.probabilityAttach?.stdError)),
      ("specific_deductible", .optional(result.specificDeductible)),
      ("specific_basis", result.specificBasis.map { .string($0.description) } ?? .null),
      ("aggregate_basis", result.aggregateBasis.map { .string($0.description) } ?? .null),
      ("specific_capture_ratio", .optional(result.specificCapture)),
      ("aggregate_capture_ratio", .optional(result.aggregateCapture)),
      ("monthly_fixed_costs", .number(result.monthlyFixedCosts)),
      ("annual_fixed_costs", .number(result.annualFixedCosts)),
      ("worst_case", .optional(worstCase)),
      ("maximum_under_aggregate", .optional(worstCase)),
      ("probability_above_maximum_under_aggregate", .optional(result.contracts[0].probabilityAboveAggregateMaximum?.value)),
      ("probability_above_maximum_under_aggregate_std_error", .optional(result.contracts[0].probabilityAboveAggregateMaximum?.stdError)),
      ("fully_insured_annual_premium", .optional(result.fullyInsuredAnnualPremium)),
    ]
    pairs += parameterRiskJSON()
    pairs.append(("warnings", .array(warnings.map { .string($0) })))
    pairs.append(("metrics", metricsJSON(result.contracts[0])))
    pairs += contractDetailJSON(result.contracts[0])
    if let saving = result.contracts[0].summary(.selfFundingSaving), let p = result.contracts[0].probabilityCheaper {
      pairs.append(("self_funding", .object([
        ("worst_case", .optional(worstCase)),
        ("worst_case_minus_premium", .optional(worstCase.map { $0 - (result.fullyInsuredAnnualPremium ?? 0) })),
        ("probability_cheaper_than_fully_insured", .number(p.value)),
        ("probability_cheaper_std_error", .number(p.stdError)),
        ("expected_saving", .number(saving.mean)),
        ("expected_saving_std_error", .number(saving.stdError)),
      ])))
    }
    if let cf = result.contracts[0].cashFlow { pairs.append(("cash_flow", cashFlowJSON(cf))) }
    if let f = result.contracts[0].funding {
      pairs.append(("level_funding", .object([
        ("funded", .number(f.funded)),
        ("refund", summaryJSON(f.refund)),
        ("probability_refund", .number(f.probabilityRefund.value)),
        ("lowest_balance", summaryJSON(f.lowestBalance)),
        ("lowest_balance_p5", .number(f.lowestBalanceP5)),
        ("net_cost", summaryJSON(f.netCost)),
        ("probability_fund_negative", .number(f.probabilityNegative.value)),
        ("probability_fund_negative_std_error", .number(f.probabilityNegative.stdError)),
        ("lowest_balance_month_distribution", .array(f.lowestMonthShares.map { .number($0) })),
        ("deficit_absorbed_by_aggregate", summaryJSON(f.deficit)),
      ])))
    }
    if result.contracts.count > 1 {
      pairs.append(("contracts", .array(result.contracts.enumerated().map { (i, c) in
        var o: [(String, JSONValue)] = [
          ("name", .string(contractName(i))),
          ("terms", .string(terms(c))),
          ("attachment_point", .optional(c.attachment?.dollars)),
          ("attachment_point_std_error", .optional(c.attachment?.stdError)),
          ("probability_attach", .optional(c.probabilityAttach?.value)),
          ("probability_attach_std_error", .optional(c.probabilityAttach?.stdError)),
          ("specific_deductible", .optional(c.specificDeductible)),
          ("specific_basis", c.specificBasis.map { .string($0.description) } ?? .null),
          ("aggregate_basis", c.aggregateBasis.map { .string($0.description) } ?? .null),
          ("annual_fixed_costs", .number(c.annualFixedCosts)),
        ]
        o += contractDetailJSON(c)
        o.append(("metrics", metricsJSON(c)))
        if let diffs = c.differences {
          o.append(("difference_from_first", .object(diffs.map { (q, d) in
            (q.rawValue, .object([("mean", .number(d.mean)), ("std_error", .number(d.stdError)), ("independent_runs_std_error", .number(d.independentStdError))]))
          })))
        }
        return .object(o)
      })))
    }
    return .object(pairs)
  }

  func summaryJSON(_ s: MetricSummary) -> JSONValue {
    var m: [(String, JSONValue)] = [
      ("mean", .number(s.mean)), ("std_error", .number(s.stdError)), ("std_dev", .number(s.stdDev)),
    ]
    let levels = percentileLevels
    for (level, value) in zip(levels, percentiles(s, levels)) { m.append((level.key, .number(value))) }
    m.append(("tvar95", .number(s.tvar95)))
    m.append(("max", .number(s.max)))
    m.append(("min", .number(s.min)))
    m.append((
      "percentile_std_errors",
      .object(zip(levels, percentileStdErrors(s, levels)).map { ($0.key, .number($1)) })
    ))
    return .object(m)
  }

  func metricsJSON(_ c: ContractResult) -> JSONValue {
    .object(c.metrics.map { ($0.quantity.rawValue, summaryJSON($0.summary)) })
  }

  /// The contract options in force (only those that differ from a plain contract).
  func contractDetailJSON(_ c: ContractResult) -> [(String, JSONValue)] {
    var o: [(String, JSONValue)] = []
    let index = result.contracts.firstIndex { $0.name == c.name } ?? 0
    let sl = index == 0 ? scenario.stopLoss : (index - 1 < scenario.options.count ? scenario.options[index - 1].stopLoss : scenario.stopLoss)
    if let sp = sl.specific {
      var d: [(String, JSONValue)] = []
      if !sp.lasers.isEmpty {
        d.append(("lasers", .array(sp.lasers.map { .object([("member", .string($0.member)), ("deductible", .optional($0.deductible)), ("excluded", .bool($0.deductible == nil))]) })))
      }
      if sp.aggregatingDeductible > 0 { d.append(("aggregating_deductible", .number(sp.aggregatingDeductible))) }
      if sp.maximum.isFinite { d.append(("maximum", .number(sp.maximum))) }
      if sp.reimbursement != 1 { d.append(("reimbursement", .number(sp.reimbursement))) }
      if sp.accumulation != .member { d.append(("accumulation", .string(sp.accumulation.rawValue))) }
      if sp.carryoverMonths > 0 { d.append(("carryover_months", .integer(sp.carryoverMonths))) }
      if !sp.extensionMembers.isEmpty {
        d.append(("extension_of_benefits", .object([
          ("members", .array(sp.extensionMembers.map { .string($0) })), ("months", .integer(sp.extensionMonths)),
        ])))
      }
      d.append(("timing_months", .integer(sp.timingMonths)))
      o.append(("specific_options", .object(d)))
    }
    if let ag = sl.aggregate {
      var d: [(String, JSONValue)] = [("minimum_attachment_point", .optional(c.minimumAttachment))]
      if ag.maximum.isFinite { d.append(("maximum", .number(ag.maximum))) }
      if ag.reimbursement != 1 { d.append(("reimbursement", .number(ag.reimbursement))) }
      d.append(("accommodation", .bool(ag.accommodation)))
      d.append(("settlement_lag_months", .integer(ag.settlementLagMonths)))
      o.append(("aggregate_options", .object(d)))
    }
    o.append(("terminal_liability", .bool(c.terminalLiability)))
    return o
  }

  func cashFlowJSON(_ cf: CashFlowSummary) -> JSONValue {
    .object([
      ("largest_cash_need", summaryJSON(cf.largestNeed)),
      ("largest_cash_need_with_accommodation", summaryJSON(cf.largestNeedAccommodated)),
      ("accommodation", summaryJSON(cf.accommodation)),
      ("monthly_net_outflow", .array(cf.monthly.enumerated().map { (i, m) in
        let a = cf.monthlyAccommodated[i]
        return .object([
          ("month", .integer(i + 1)),
          ("mean", .number(m.mean)), ("std_error", .number(m.stdError)), ("p50", .number(m.percentiles[0])),
          ("p95", .number(m.percentiles[3])), ("p99", .number(m.percentiles[4])),
          ("with_accommodation", .object([("mean", .number(a.mean)), ("p50", .number(a.percentiles[0])), ("p95", .number(a.percentiles[3])), ("p99", .number(a.percentiles[4]))])),
        ])
      })),
    ])
  }

  func cashFlowTable(_ cf: CashFlowSummary) -> String {
    var out: [String] = []
    out.append("Cash flow (net outflow = fixed costs + claims paid − reimbursements received; budget = fixed costs + monthly attachment)")
    out.append("Largest cumulative need above budget: mean \(Money.format(cf.largestNeed.mean)), P95 \(Money.format(cf.largestNeed.percentiles[3])); with accommodation: mean \(Money.format(cf.largestNeedAccommodated.mean)), P95 \(Money.format(cf.largestNeedAccommodated.percentiles[3])); accommodation advanced: mean \(Money.format(cf.accommodation.mean))")
    let rows: [[String]] = cf.monthly.enumerated().compactMap { (i, m) in
      let a = cf.monthlyAccommodated[i]
      if m.max == 0 && m.min == 0 && a.max == 0 && a.min == 0 { return nil }
      return [String(i + 1), Money.format(m.mean), Money.format(m.percentiles[3]), Money.format(m.percentiles[4]), Money.format(a.mean), Money.format(a.percentiles[3]), Money.format(a.percentiles[4])]
    }
    let headers = ["Month", "Mean", "P95", "P99", "Mean (acc.)", "P95 (acc.)", "P99 (acc.)"]
    let table = TextTable<[String]> { row in headers.enumerated().map { Column(title: $1, value: row[$0], align: .right) } }
    out.append(table.string(for: rows, style: Style.psql) ?? "")
    return out.joined(separator: "\n")
  }

  /// "The maximum under the aggregate (fixed costs + attachment point) $7,498,210.20 is
  /// $2,101,789.80 below the premium; …", with the sign in words.
  static func maximumVersusPremium(maximum w: Double, premium fi: Double, p995: Double?) -> String {
    let gap = w - fi
    let side = gap > 0 ? "\(Money.format(gap, cents: true)) above" : gap < 0 ? "\(Money.format(-gap, cents: true)) below" : "equal to"
    var text = "The maximum under the aggregate (fixed costs + attachment point), \(Money.format(w, cents: true)), is \(side) the premium"
    if let p995 { text += "; the simulated P99.5 employer cost is \(Money.format(p995))" }
    return text + "."
  }

  // MARK: CSV

  /// The provenance line of every CSV: program, version, scenario, trials, seed, method.
  func csvComment() -> String {
    CSVFormat.comment(provenancePairs().map { ($0.0, $0.1) })
  }

  /// Program, version, scenario and run settings as (key, text) pairs, for the CSV comment.
  func provenancePairs() -> [(String, String)] {
    var pairs: [(String, String)] = [
      ("program", "claimsrisk"), ("version", version), ("scenario", result.scenarioName),
    ]
    if let source { pairs += source.csvPairs }
    pairs += ScenarioSource.appliedCSVPairs(scenario)
    pairs += [
      ("trials", String(result.trials)), ("seed", String(result.seed)), ("method", result.method),
      ("generator", result.generator), ("percentile_convention", "type 7"),
    ]
    return pairs
  }

  /// One header, one row per quantity, then the scalar results as rows with their value in
  /// `mean` and standard error in `std_error`; provenance in the leading `# ` line.
  func csv() -> String {
    let levels = percentileLevels
    var lines = [csvComment(), "quantity,mean,std_error,std_dev," + levels.map(\.key).joined(separator: ",") + ",tvar95,max"]
    for (q, s) in result.metrics {
      let values = [s.mean, s.stdError, s.stdDev] + percentiles(s, levels) + [s.tvar95, s.max]
      lines.append(q.rawValue + "," + values.map(CSVFormat.number).joined(separator: ","))
    }
    let blanks = String(repeating: ",", count: levels.count + 3)
    func scalar(_ name: String, _ value: Double?, _ se: Double?) {
      guard let value else { return }
      lines.append("\(name),\(CSVFormat.number(value)),\(CSVFormat.number(se))" + blanks)
    }
    scalar("probability_attach", result.probabilityAttach?.value, result.probabilityAttach?.stdError)
    scalar("attachment_point", result.attachment?.dollars, result.attachment?.stdError)
    scalar("maximum_under_aggregate", worstCase, nil)
    let above = result.contracts[0].probabilityAboveAggregateMaximum
    scalar("probability_above_maximum_under_aggregate", above?.value, above?.stdError)
    let cheaper = result.contracts[0].probabilityCheaper
    scalar("probability_cheaper_than_fully_insured", cheaper?.value, cheaper?.stdError)
    lines += parameterRiskCSV(blanks: blanks)
    return lines.joined(separator: "\n") + "\n"
  }

  // MARK: Table

  func table() -> String {
    var out: [String] = []
    out.append("\(result.scenarioName)")
    if result.method == "exact" {
      out.append("exact method (discretized distributions and FFT, no simulation): standard errors are zero; min and max are not computed")
    } else {
      out.append("\(result.trials.formatted()) trials · seed \(result.seed) · method \(result.method) · percentiles type 7 · claimsrisk \(version)")
      if let why = result.methodReason { out.append("method \(result.method) chosen by --method auto (\(why))") }
    }
    out.append("")
    var contract: [String] = []
    if let d = result.specificDeductible, let b = result.specificBasis {
      contract.append("Specific deductible   \(Money.format(d, cents: true)) per member (\(b); captures \(Money.percent(result.specificCapture ?? 1, digits: 1)) of a year's claims)")
    } else {
      contract.append("Specific deductible   none")
    }
    if let a = result.attachment, let b = result.aggregateBasis {
      var line = "Aggregate attachment  \(Money.format(a.dollars, cents: true)) a year (\(b)"
      if let monthly = a.monthly { line += "; \(Money.format(monthly, cents: true)) a month" }
      if let c = a.corridor { line += "; \(String(format: "%.0f%%", c * 100)) of expected aggregate claims ± \(Money.format(a.stdError))" }
      line += ")"
      contract.append(line)
      if let p = result.probabilityAttach {
        contract.append("P(attach)             \(ProbabilityText.format(p, digits: 2)) (aggregate claims exceed the attachment point)")
      }
    } else {
      contract.append("Aggregate attachment  none")
    }
    if let sp = scenario.stopLoss.specific, !sp.isPlain {
      contract.append("Specific options      " + sp.optionSummaries.joined(separator: ", "))
    }
    if let ag = scenario.stopLoss.aggregate {
      var parts: [String] = []
      if let m = result.contracts[0].minimumAttachment, m > 0, case .factors = ag.attachment { parts.append("minimum AP \(Money.format(m, cents: true))") }
      if ag.maximum.isFinite { parts.append("maximum \(Money.format(ag.maximum))") }
      if ag.reimbursement != 1 { parts.append("reimburses \(Money.percent(ag.reimbursement, digits: 0))") }
      if ag.accommodation { parts.append("monthly accommodation") }
      if scenario.stopLoss.terminalLiability { parts.append("terminal liability option (AP includes 3 more monthly APs; 3-month run-out covered)") }
      if !parts.isEmpty { contract.append("Aggregate options     " + parts.joined(separator: ", ")) }
    }
    if result.annualFixedCosts > 0 {
      contract.append("Fixed costs           \(Money.format(result.annualFixedCosts, cents: true)) a year (\(Money.format(result.monthlyFixedCosts, cents: true)) a month)")
    }
    if let w = worstCase {
      contract.append("Max. under aggregate  \(Money.format(w, cents: true)) (fixed costs + attachment point; not a cap: run-out, extension and lasered claims sit outside the aggregate)")
      if let above = result.contracts[0].probabilityAboveAggregateMaximum {
        contract.append("P(cost above it)      \(ProbabilityText.format(above, digits: 2)) (employer cost exceeds fixed costs + attachment point)")
      }
    }
    if let fi = result.fullyInsuredAnnualPremium {
      contract.append("Fully insured         \(Money.format(fi, cents: true)) a year")
    }
    out += contract
    out.append("")

    struct Row {
      let quantity: String
      let cells: [String]
    }
    let rows: [Row] = result.metrics.map { (q, s) in
      Row(
        quantity: q.label,
        cells: [Money.format(s.mean), "± " + Money.format(s.stdError)]
          + percentiles(s, percentileLevels).map { Money.format($0) } + [Money.format(s.tvar95), Money.format(s.max)])
    }
    let headers = ["Mean", "± SE"] + percentileLevels.map(\.label) + ["TVaR95", "Max"]
    let table = TextTable<Row> { row in
      [Column(title: "Quantity", value: row.quantity)]
        + headers.enumerated().map { Column(title: $1, value: row.cells[$0], align: .right) }
    }
    out.append(table.string(for: rows, style: Style.psql) ?? "")
    out.append("Means ± one standard error; the same seed reproduces every figure.")
    let parameterRisk = parameterRiskLines()
    if !parameterRisk.isEmpty { out.append(""); out += parameterRisk }
    for w in warnings { out.append("Warning: " + w) }
    if let sketch = result.contracts[0].sketches[.selfFundingSaving], let saving = result.contracts[0].summary(.selfFundingSaving),
      let p = result.contracts[0].probabilityCheaper, let fi = result.fullyInsuredAnnualPremium
    {
      out.append("")
      out.append("Against the fully insured premium of \(Money.format(fi)): P(self-funding costs less) = \(ProbabilityText.format(p)); expected saving \(Money.format(saving.mean)) ± \(Money.format(saving.stdError)); saving P5 \(Money.format(MetricSummary.quantileOf(sketch, 0.05))), P50 \(Money.format(saving.percentiles[0])), P95 \(Money.format(saving.percentiles[3])).")
      if let w = worstCase { out.append(Self.maximumVersusPremium(maximum: w, premium: fi, p995: result.contracts[0].summary(.employerCost)?.percentiles[5])) }
    }
    if let f = result.contracts[0].funding {
      out.append("")
      out.append("Level funding: funded \(Money.format(f.funded)); refund after the run-out: mean \(Money.format(f.refund.mean)) ± \(Money.format(f.refund.stdError)), P50 \(Money.format(f.refund.percentiles[0])), P95 \(Money.format(f.refund.percentiles[3])); P(refund) \(ProbabilityText.format(f.probabilityRefund.value)); net cost (fixed + deposits − refund) mean \(Money.format(f.netCost.mean)), P95 \(Money.format(f.netCost.percentiles[3]))")
      let worstMonth = f.lowestMonthShares.enumerated().max { $0.element < $1.element }.map { $0.offset + 1 } ?? 1
      out.append("The fund goes negative (carrier advances) in \(ProbabilityText.format(f.probabilityNegative)) of years; lowest balance: median \(Money.format(f.lowestBalance.percentiles[0])), 5th percentile \(Money.format(f.lowestBalanceP5)); the lowest month is most often month \(worstMonth); deficit absorbed by the aggregate: mean \(Money.format(f.deficit.mean))")
    }
    if let cf = result.contracts[0].cashFlow {
      out.append("")
      out.append(cashFlowTable(cf))
    }
    return out.joined(separator: "\n") + "\n"
  }
}
