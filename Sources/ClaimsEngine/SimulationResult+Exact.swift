// SimulationResult+Exact.swift: an exact (FFT) solution in the shape of a simulation result,
// so that every report format serves both methods. Standard errors are zero; quantities the
// exact method does not compute (min, max, some percentiles) are NaN (null in JSON).
public import ClaimsModel

extension SimulationResult {
  /// Wraps `exact` (from ``ExactMethod/solve(_:gridStep:)``) for the reports.
  public init(exact: ExactResult, scenario: Scenario) {
    var metrics: [(Quantity, MetricSummary)] = []
    for (q, s) in exact.metrics {
      let nan = Double.nan
      metrics.append((q, MetricSummary(
        mean: s.mean, stdError: 0, stdDev: s.stdDev,
        percentiles: s.percentiles ?? MetricSummary.levels.map { _ in nan },
        percentileStdErrors: MetricSummary.levels.map { _ in 0 }, tvar95: s.tvar95 ?? nan, min: nan, max: nan)))
    }
    let plan = SimulationPlan(scenario)
    let terms = plan.contracts[0]
    var attachment: AttachmentPoint?
    if let a = exact.attachment, let ag = scenario.stopLoss.aggregate {
      switch ag.attachment {
      case .dollars: attachment = AttachmentPoint(dollars: a, stdError: 0, monthly: nil, source: "attachment", corridor: nil)
      case .factors: attachment = AttachmentPoint(dollars: a, stdError: 0, monthly: terms.monthlyAttachment[0], source: "factors", corridor: nil)
      case .corridor(let c): attachment = AttachmentPoint(dollars: a, stdError: 0, monthly: nil, source: "corridor", corridor: c)
      }
    }
    let specific = scenario.stopLoss.specific
    let contract = ContractResult(
      name: "contract", attachment: attachment,
      probabilityAttach: exact.probabilityAttach.map { Proportion(value: $0, stdError: 0) }, metrics: metrics,
      monthlyFixedCosts: terms.monthlyFixedCosts[0], annualFixedCosts: terms.monthlyFixedCosts.reduce(0, +),
      specificBasis: specific?.basis, aggregateBasis: scenario.stopLoss.aggregate?.basis,
      specificCapture: specific.map { plan.captureRatio($0.basis) },
      aggregateCapture: scenario.stopLoss.aggregate.map { plan.captureRatio($0.basis) },
      specificDeductible: specific?.deductible,
      minimumAttachment: scenario.stopLoss.aggregate == nil ? nil : terms.minimumAttachment,
      terminalLiability: false, cashFlow: nil, funding: nil, probabilityCheaper: nil, differences: nil, sketches: [:])
    self.init(
      scenarioName: scenario.name, trials: 0, seed: 0, generator: "none", chunkSize: 0, threads: 1, method: "exact",
      contracts: [contract], fullyInsuredAnnualPremium: scenario.fullyInsuredAnnualPremium,
      elapsedSeconds: exact.elapsedSeconds)
  }
}
