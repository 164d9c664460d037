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

  func render(_ format: ReportFormat) -> String {
    switch format {
    case .table: table()
    case .json: json().render() + "\n"
    case .csv: csv()
    }
  }

  /// Worst case = fixed costs + aggregate attachment (domain.md §4.5), when both are known.
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
      ("method", .string(result.method)),
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
      ("fully_insured_annual_premium", .optional(result.fullyInsuredAnnualPremium)),
    ]
    var metrics: [(String, JSONValue)] = []
    for (q, s) in result.metrics {
      var m: [(String, JSONValue)] = [
        ("mean", .number(s.mean)), ("std_error", .number(s.stdError)), ("std_dev", .number(s.stdDev)),
      ]
      for (i, level) in MetricSummary.levels.enumerated() { m.append((level.key, .number(s.percentiles[i]))) }
      m.append(("tvar95", .number(s.tvar95)))
      m.append(("max", .number(s.max)))
      m.append(("min", .number(s.min)))
      m.append((
        "percentile_std_errors",
        .object(MetricSummary.levels.enumerated().map { ($1.key, .number(s.percentileStdErrors[$0])) })
      ))
      metrics.append((q.rawValue, .object(m)))
    }
    pairs.append(("metrics", .object(metrics)))
    return .object(pairs)
  }

  // MARK: CSV

  func csv() -> String {
    var lines = ["quantity,mean,std_error,std_dev," + MetricSummary.levels.map(\.key).joined(separator: ",") + ",tvar95,max"]
    for (q, s) in result.metrics {
      let values = [s.mean, s.stdError, s.stdDev] + s.percentiles + [s.tvar95, s.max]
      lines.append(q.rawValue + "," + values.map(csvNumber).joined(separator: ","))
    }
    let blanks = String(repeating: ",", count: MetricSummary.levels.count + 3)
    if let p = result.probabilityAttach {
      lines.append("probability_attach,\(csvNumber(p.value)),\(csvNumber(p.stdError))" + blanks)
    }
    if let a = result.attachment {
      lines.append("attachment_point,\(csvNumber(a.dollars)),\(csvNumber(a.stdError))" + blanks)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private func csvNumber(_ x: Double) -> String {
    guard x.isFinite else { return "" }
    return String(format: "%.2f", x) == "-0.00" ? "0.00" : (abs(x) < 1 && x != 0 ? "\(x)" : String(format: "%.2f", x))
  }

  // MARK: Table

  func table() -> String {
    var out: [String] = []
    out.append("\(result.scenarioName)")
    out.append("\(result.trials.formatted()) trials · seed \(result.seed) · method \(result.method) · percentiles type 7")
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
        contract.append("P(attach)             \(Money.percent(p.value)) ± \(Money.percent(p.stdError)) (aggregate claims exceed the attachment point)")
      }
    } else {
      contract.append("Aggregate attachment  none")
    }
    if result.annualFixedCosts > 0 {
      contract.append("Fixed costs           \(Money.format(result.annualFixedCosts, cents: true)) a year (\(Money.format(result.monthlyFixedCosts, cents: true)) a month)")
    }
    if let w = worstCase {
      contract.append("Worst case            \(Money.format(w, cents: true)) (fixed costs + attachment point)")
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
          + s.percentiles.map { Money.format($0) } + [Money.format(s.tvar95), Money.format(s.max)])
    }
    let headers = ["Mean", "± SE"] + ["P50", "P75", "P90", "P95", "P99", "P99.5"] + ["TVaR95", "Max"]
    let table = TextTable<Row> { row in
      [Column(title: "Quantity", value: row.quantity)]
        + headers.enumerated().map { Column(title: $1, value: row.cells[$0], align: .right) }
    }
    out.append(table.string(for: rows, style: Style.psql) ?? "")
    out.append("Means ± one standard error; the same seed reproduces every figure.")
    return out.joined(separator: "\n") + "\n"
  }
}
