// Report+ParameterRisk.swift: a scenario with parameter sets (`claims.parameter_sets`) is
// reported with its parameter risk and, beside it, without: the point estimate alone, run on
// the same seeds (simulate's second pass). User doc: docs/calibration.md, "Parameter risk".
import ClaimsEngine
import ClaimsModel
import Foundation

extension Report {
  /// The tail figures compared with and without parameter risk: (quantity, percentile index
  /// in ``MetricSummary/levels``, label).
  static let parameterRiskTail: [(Quantity, Int, String)] = [
    (.aggregateClaims, 4, "Aggregate claims P99"),
    (.employerCost, 3, "Employer cost P95"),
    (.employerCost, 4, "Employer cost P99"),
    (.employerCost, 5, "Employer cost P99.5"),
  ]

  /// The JSON of the run without parameter risk (nil when the scenario has no parameter sets).
  func parameterRiskJSON() -> [(String, JSONValue)] {
    guard let sets = scenario.claims.parameterSets, let without = withoutParameterRisk else { return [] }
    return [
      ("parameter_sets", .integer(sets.count)),
      ("without_parameter_risk", .object([
        ("description", .string("the point estimate alone (claims without parameter_sets), on the same seeds")),
        ("attachment_point", .optional(without.attachment?.dollars)),
        ("probability_attach", .optional(without.probabilityAttach?.value)),
        ("probability_attach_std_error", .optional(without.probabilityAttach?.stdError)),
        ("metrics", metricsJSON(without.contracts[0])),
      ])),
    ]
  }

  /// (label, with parameter risk, without) for P(attach) and the tail figures.
  func parameterRiskFigures() -> [(label: String, with: String, without: String)] {
    guard scenario.claims.parameterSets != nil, let without = withoutParameterRisk else { return [] }
    var rows: [(label: String, with: String, without: String)] = []
    if let p = result.probabilityAttach, let q = without.probabilityAttach {
      rows.append(("P(attach)", ProbabilityText.format(p, digits: 2), ProbabilityText.format(q, digits: 2)))
    }
    for (quantity, index, label) in Self.parameterRiskTail {
      guard let a = result.summary(quantity), let b = without.summary(quantity) else { continue }
      rows.append((label, Money.format(a.percentiles[index]), Money.format(b.percentiles[index])))
    }
    return rows
  }

  /// True when the scenario's attachment point is a corridor (pinned to the point estimate's).
  var isCorridor: Bool {
    if case .corridor? = scenario.stopLoss.aggregate?.attachment { return true }
    return false
  }

  /// The table's lines: P(attach) and the tail percentiles with and without parameter risk.
  func parameterRiskLines() -> [String] {
    guard let sets = scenario.claims.parameterSets, withoutParameterRisk != nil else { return [] }
    func cell(_ s: String) -> String { s.count >= 24 ? s + " " : s + String(repeating: " ", count: 24 - s.count) }
    return [
      "Parameter risk: each trial drew one of the \(sets.count) parameter sets (claims.parameter_sets); without: the point estimate alone, on the same seeds"
        + (isCorridor ? " (the attachment point is the point estimate's corridor in dollars, held fixed)" : ""),
      "  " + cell("") + cell("with parameter risk") + "without",
    ] + parameterRiskFigures().map { "  " + cell($0.label) + cell($0.with) + $0.without }
  }

  /// CSV rows of the run without parameter risk.
  func parameterRiskCSV(blanks: String) -> [String] {
    guard scenario.claims.parameterSets != nil, let without = withoutParameterRisk else { return [] }
    var rows: [String] = []
    if let p = without.probabilityAttach {
      rows.append("probability_attach_without_parameter_risk,\(CSVFormat.number(p.value)),\(CSVFormat.number(p.stdError))" + blanks)
    }
    for (quantity, index, _) in Self.parameterRiskTail {
      guard let s = without.summary(quantity) else { continue }
      rows.append("\(quantity.rawValue)_\(MetricSummary.levels[index].key)_without_parameter_risk,\(CSVFormat.number(s.percentiles[index])),\(CSVFormat.number(s.percentileStdErrors[index]))" + blanks)
    }
    return rows
  }
}
