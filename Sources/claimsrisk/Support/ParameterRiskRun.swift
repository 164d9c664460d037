// ParameterRiskRun.swift: `calibrate --parameter-risk` simulates the scenario it writes with
// its parameter sets and without them (the point estimate), on the same seeds, and reports
// P(attach) and tail percentiles side by side.
import ClaimsCalibration
import ClaimsEngine
import ClaimsModel

enum ParameterRiskRun {
  static func check(_ scenario: Scenario, trials: Int) throws -> ParameterRiskCheck {
    var point = scenario
    point.claims = scenario.claims.withoutParameterSets
    var run = RunOptions(trials: trials, seed: scenario.simulation.seed, generator: scenario.simulation.generator)
    run.method = try MethodChoice(scenario).resolve(nil).method
    let options = run
    let with = try RunSupport.stoppable(grace: 1) { try Simulation.run(scenario, options: options) }
    let without = try RunSupport.stoppable(grace: 1) { try Simulation.run(point, options: options) }
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
