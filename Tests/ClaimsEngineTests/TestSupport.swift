// TestSupport.swift: paths to the reference workloads (in-repo fixtures) and statistical assertions.
import ClaimsEngine
import ClaimsModel
import Foundation
import Testing

enum Paths {
  /// The package root (three levels above this file).
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  /// The reference workloads W1/W2 and their exact answers, kept in the repository
  /// (`Tests/Fixtures/workloads`): the tests read nothing outside it.
  static let workloads = root.appendingPathComponent("Tests/Fixtures/workloads")
  static let scenarios = root.appendingPathComponent("Scenarios")

  static func workload(_ name: String) -> String { workloads.appendingPathComponent(name).path }
  static func scenario(_ name: String) -> String { scenarios.appendingPathComponent(name).path }
}

/// Expects |observed − expected| ≤ k·se, printing both and the z-score when it fails.
func expectWithin(
  _ observed: Double, _ expected: Double, se: Double, k: Double = 4, _ what: String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let z = se > 0 ? (observed - expected) / se : (observed == expected ? 0 : .infinity)
  #expect(
    abs(z) <= k,
    "\(what): observed \(observed), expected \(expected), se \(se), z = \(z)",
    sourceLocation: sourceLocation)
}

/// Expects |observed − expected| ≤ tolerance.
func expectClose(
  _ observed: Double, _ expected: Double, tolerance: Double, _ what: String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(
    abs(observed - expected) <= tolerance,
    "\(what): observed \(observed), expected \(expected), tolerance \(tolerance)",
    sourceLocation: sourceLocation)
}

/// Parses a scenario from text (relative `members_file` paths resolve against `directory`).
func scenario(_ yaml: String, directory: String = FileManager.default.temporaryDirectory.path) throws -> Scenario {
  try Scenario.parse(text: yaml, file: "test.yaml", baseDirectory: directory)
}

/// Runs a plan and returns its columns and result.
func simulate(_ s: Scenario, trials: Int, seed: UInt64 = 7, threads: Int = 2) throws
  -> (plan: SimulationPlan, columns: TrialColumns, result: SimulationResult)
{
  let options = RunOptions(trials: trials, seed: seed, threads: threads)
  let plan = SimulationPlan(s)
  let columns = try TrialRunner.run(plan, options: options)
  return (plan, columns, SimulationResult.make(plan: plan, columns: columns, options: options, elapsedSeconds: 0))
}

/// The fraction of trials whose `column` exceeds `threshold`, and its binomial SE.
func exceedance(_ columns: TrialColumns, _ column: TrialColumn, _ threshold: Double) -> (p: Double, se: Double) {
  var hits = 0
  for t in 0..<columns.trials where columns[column, t] > threshold { hits += 1 }
  let p = Double(hits) / Double(columns.trials)
  return (p, (max(p * (1 - p), 1 / Double(columns.trials)) / Double(columns.trials)).squareRoot())
}
