// ParameterRiskRun.swift: a scenario with parameter sets runs twice on the same seeds, the
// point estimate first and then the sets (`simulate`, and `calibrate --parameter-risk` on the
// scenario it writes); `check` puts P(attach) and tail percentiles side by side.
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

  /// Runs `scenario` with `run`; with parameter sets, the point estimate runs first on the same
  /// seeds (without the checkpoint, which belongs to the run with the sets), and its
  /// attachment point holds for the run with the sets. Returns both results.
  static func simulate(
    _ scenario: Scenario, options: RunOptions, run: (Scenario, RunOptions) throws -> SimulationResult
  ) throws -> (with: SimulationResult, without: SimulationResult?) {
    guard scenario.claims.parameterSets != nil else { return (try run(scenario, options), nil) }
    var pointOptions = options
    pointOptions.checkpoint = nil
    let without = try run(point(scenario), pointOptions)
    let with = try run(pinned(scenario, attachment: without.attachment?.dollars), options)
    return (with, without)
  }

  static func check(_ scenario: Scenario, trials: Int) throws -> ParameterRiskCheck {
    var options = RunOptions(trials: trials, seed: scenario.simulation.seed, generator: scenario.simulation.generator)
    options.method = try MethodChoice(scenario).resolve(nil).method
    let pair = try simulate(scenario, options: options) { s, o in
      try RunSupport.stoppable(grace: 1) { try Simulation.run(s, options: o) }
    }
    let with = pair.with
    guard let without = pair.without else { return ParameterRiskCheck(trials: trials, seed: options.seed, figures: []) }
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
