// ParameterRiskRun.swift: `calibrate --parameter-risk` simulates the scenario it writes with
// its parameter sets and without them (the point estimate), on the same seeds, and reports
// P(attach) and tail percentiles side by side.
import ClaimsCalibration
import ClaimsEngine
import ClaimsModel

enum ParameterRiskRun {
  /// The scenario's point estimate: its claims without the parameter sets.
  static func point(_ scenario: Scenario) -> Scenario {
    var point = scenario
    point.claims = scenario.claims.withoutParameterSets
    return point
  }

  /// The scenario with a corridor attachment point replaced by the point estimate's dollars:
  /// the contract's attachment is set once, from the expected claims of the estimate, and
  /// the parameter risk is in what the claims turn out to be.
  static func pinned(_ scenario: Scenario, attachment: Double?) -> Scenario {
    guard let attachment, case .corridor? = scenario.stopLoss.aggregate?.attachment else { return scenario }
    var s = scenario
    s.stopLoss.aggregate?.attachment = .dollars(attachment)
    return s
  }

  static func check(_ scenario: Scenario, trials: Int) throws -> ParameterRiskCheck {
    var run = RunOptions(trials: trials, seed: scenario.simulation.seed, generator: scenario.simulation.generator)
    run.method = try MethodChoice(scenario).resolve(nil).method
    let options = run
    let point = point(scenario)
    let without = try RunSupport.stoppable(grace: 1) { try Simulation.run(point, options: options) }
    let fixed = pinned(scenario, attachment: without.attachment?.dollars)
    let with = try RunSupport.stoppable(grace: 1) { try Simulation.run(fixed, options: options) }
    var figures: [ParameterRiskCheck.Figure] = []
    if let a = with.probabilityAttach, let b = without.probabilityAttach {
      figures.append(.init(key: "probability_attach", label: "P(attach)", with: a.value, withStdError: a.stdError, without: b.value, withoutStdError: b.stdError))
    }
    for (quantity, index, label) in Report.parameterRiskTail {
      guard let a = with.summary(quantity), let b = without.summary(quantity) else { continue }
      figures.append(.init(
        key: "\(quantity.rawValue)_\(MetricSummary.levels[index].key)", label: label,
        with: a.percentiles[index], withStdError: a.percentileStdErrors[index],
        without: b.percentiles[index], withoutStdError: b.percentileStdErrors[index]))
    }
    return ParameterRiskCheck(trials: trials, seed: options.seed, figures: figures)
  }
}
