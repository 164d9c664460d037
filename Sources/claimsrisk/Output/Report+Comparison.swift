// Report+Comparison.swift: the side-by-side table of contract options for `compare`.
import ClaimsEngine
import ClaimsModel
import Foundation
import TextTable

extension Report {
  func renderComparison(_ format: ReportFormat) -> String {
    switch format {
    case .table: comparisonTable()
    case .json: json().render() + "\n"
    case .csv: comparisonCSV()
    case .html: html()
    }
  }

  /// Short description of a contract's terms.
  func terms(_ c: ContractResult) -> String {
    var parts: [String] = []
    if let d = c.specificDeductible, let b = c.specificBasis { parts.append("spec \(Money.format(d)) \(b)") }
    if let a = c.attachment, let b = c.aggregateBasis {
      if let corridor = a.corridor {
        parts.append(String(format: "agg %.0f%%", corridor * 100) + " \(b)")
      } else {
        parts.append("agg \(Money.format(a.dollars)) \(b)")
      }
    }
    return parts.joined(separator: "; ")
  }

  func contractName(_ index: Int) -> String {
    if index == 0 { return referenceName ?? (result.contracts.count > 1 ? "scenario contract" : "contract") }
    return result.contracts[index].name
  }

  func comparisonRows() -> [[String]] {
    result.contracts.enumerated().map { (i, c) in
      let e = c.summary(.employerCost)
      let diff = c.differences?.first { $0.quantity == .employerCost }?.difference
      return [
        contractName(i), terms(c),
        e.map { Money.format($0.mean) + " ± " + Money.format($0.stdError) } ?? "",
        e.flatMap { $0.percentile("p90") }.map { Money.format($0) } ?? "",
        e.flatMap { $0.percentile("p95") }.map { Money.format($0) } ?? "",
        e.flatMap { $0.percentile("p99") }.map { Money.format($0) } ?? "",
        c.probabilityAttach.map { ProbabilityText.format($0) } ?? "—",
        c.summary(.specificReimbursement).map { Money.format($0.mean) } ?? "",
        c.summary(.aggregateReimbursement).map { Money.format($0.mean) } ?? "",
        c.summary(.runoutUnprotected).map { Money.format($0.mean) } ?? "",
        diff.map { (Money.format($0.mean, cents: false).hasPrefix("-") ? "" : "+") + Money.format($0.mean) + " ± " + Money.format($0.stdError) } ?? "reference",
      ]
    }
  }

  func comparisonTable() -> String {
    var out: [String] = []
    out.append("\(result.scenarioName): \(result.contracts.count) contract options on common random numbers")
    out.append("\(result.trials.formatted()) trials · seed \(result.seed) · the same simulated claims for every option")
    if let fi = result.fullyInsuredAnnualPremium { out.append("Fully insured premium \(Money.format(fi, cents: true))") }
    out.append("")
    let headers = ["Option", "Terms", "E[employer cost] ± SE", "P90", "P95", "P99", "P(attach)", "E[specific]", "E[aggregate]", "E[run-out]", "Δ vs first ± SE"]
    let rows = comparisonRows()
    let table = TextTable<[String]> { row in
      headers.enumerated().map { Column(title: $1, value: row[$0], align: $0 < 2 ? .left : .right) }
    }
    out.append(table.string(for: rows, style: Style.psql) ?? "")
    if result.contracts.count > 1, let d = result.contracts[1].differences?.first(where: { $0.quantity == .employerCost })?.difference {
      out.append(String(format: "Common random numbers: the difference's standard error (%@) is %.0f%% of what two independent runs would give (%@).",
                        Money.format(d.stdError), 100 * d.stdError / max(d.independentStdError, 1e-9), Money.format(d.independentStdError)))
    }
    for w in warnings { out.append("Warning: " + w) }
    return out.joined(separator: "\n") + "\n"
  }

  /// One row per option: its terms as numbers (deductible, bases as incurral and paid
  /// months, corridor, attachment point, fixed costs), then the employer cost and the
  /// difference from the first option; provenance in the leading `# ` line.
  func comparisonCSV() -> String {
    let levels = percentileLevels
    let header = ["option", "terms", "specific_deductible", "specific_basis", "specific_incurral_months", "specific_paid_months",
                  "aggregate_basis", "aggregate_incurral_months", "aggregate_paid_months", "corridor", "attachment_point",
                  "attachment_point_std_error", "fixed_costs", "employer_cost_mean", "employer_cost_std_error"]
      + levels.map { "employer_cost_" + $0.key }
      + ["probability_attach", "probability_attach_std_error", "probability_above_maximum_under_aggregate",
         "specific_reimbursement_mean", "aggregate_reimbursement_mean", "runout_unprotected_mean", "difference_mean", "difference_std_error"]
    var lines = [csvComment(), header.joined(separator: ",")]
    func months(_ b: ContractBasis?) -> [String] {
      guard let b else { return ["", "", ""] }
      var incurral = ""
      if case .window(let i, _) = b.kind { incurral = String(i) } else if case .incurred = b.kind { incurral = "12" }
      return [CSVFormat.text(b.description), incurral, b.lastPaidMonth.map(String.init) ?? ""]
    }
    for (i, c) in result.contracts.enumerated() {
      let e = c.summary(.employerCost)
      let d = c.differences?.first { $0.quantity == .employerCost }?.difference
      var fields: [String] = [CSVFormat.text(contractName(i)), CSVFormat.text(terms(c)), CSVFormat.number(c.specificDeductible)]
      fields += months(c.specificBasis) + months(c.aggregateBasis)
      fields += [CSVFormat.number(c.attachment?.corridor), CSVFormat.number(c.attachment?.dollars), CSVFormat.number(c.attachment?.stdError),
                 CSVFormat.number(c.annualFixedCosts), CSVFormat.number(e?.mean), CSVFormat.number(e?.stdError)]
      fields += e.map { percentiles($0, levels).map(CSVFormat.number) } ?? levels.map { _ in "" }
      fields += [CSVFormat.number(c.probabilityAttach?.value), CSVFormat.number(c.probabilityAttach?.stdError),
                 CSVFormat.number(c.probabilityAboveAggregateMaximum?.value),
                 CSVFormat.number(c.summary(.specificReimbursement)?.mean), CSVFormat.number(c.summary(.aggregateReimbursement)?.mean),
                 CSVFormat.number(c.summary(.runoutUnprotected)?.mean), CSVFormat.number(d?.mean ?? (i == 0 ? 0 : nil)),
                 CSVFormat.number(d?.stdError ?? (i == 0 ? 0 : nil))]
      lines.append(fields.joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
