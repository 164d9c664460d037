// ReferenceSimulationTests.swift: every contract option, with and without `options:`, under
// the default method (`auto`, as `claimsrisk simulate` runs it) against the independent
// reference simulator of this folder: the means of every reported quantity, P(attach) and,
// with a cash flow, the accommodation, the largest cash need and each month's net outflow, by
// two-sample z. The scenarios are Tests/Fixtures/reference/*.yaml (small groups whose
// severities make the option bind). docs/validation.md, "Tests/ClaimsEngineTests/Reference",
// keeps the last run's figures.
import ClaimsEngine
import ClaimsModel
import Foundation
import Testing

struct ReferenceCase: Sendable, CustomTestStringConvertible {
  var file: String
  /// The method `auto` must choose (nil: not checked): the fast method where the scenario is
  /// the fast path's to compute, so that the comparison reaches it.
  var method: ComputationMethod?
  var trials = 20_000

  var testDescription: String { file }

  static func path(_ file: String) -> String {
    Paths.root.appendingPathComponent("Tests/Fixtures/reference").appendingPathComponent(file).path
  }
}

@Suite("Reference: the default method agrees with an independent claim-level simulation")
struct ReferenceSimulationTests {
  static let cases: [ReferenceCase] = [
    ReferenceCase(file: "separate-bases.yaml"),
    ReferenceCase(file: "separate-bases-fast.yaml", method: .fast),
    ReferenceCase(file: "specific-own-basis.yaml", method: .fast),
    ReferenceCase(file: "long-bases.yaml", method: .claims),
    ReferenceCase(file: "lasers.yaml"),
    ReferenceCase(file: "aggregating-deductible.yaml"),
    ReferenceCase(file: "maxima.yaml"),
    ReferenceCase(file: "minimum-attachment.yaml"),
    ReferenceCase(file: "family.yaml"),
    ReferenceCase(file: "terminal-liability.yaml"),
    ReferenceCase(file: "enrolment-monthly.yaml"),
    ReferenceCase(file: "enrolment-first-month.yaml"),
    ReferenceCase(file: "accommodation.yaml"),
    ReferenceCase(file: "carryover.yaml"),
    ReferenceCase(file: "run-in-limits.yaml"),
    ReferenceCase(file: "extension-of-benefits.yaml"),
    ReferenceCase(file: "extension-options.yaml"),
    ReferenceCase(file: "extension-asd.yaml"),
    ReferenceCase(file: "options.yaml"),
  ]

  /// The engine as `claimsrisk simulate FILE` runs it: the method `auto` resolves to, the
  /// scenario's seed and generator.
  static func engine(_ s: Scenario, trials: Int) throws -> SimulationResult {
    let (method, why) = try MethodChoice(s).resolve(nil)
    var options = RunOptions(trials: trials, seed: s.simulation.seed, threads: 2, generator: s.simulation.generator)
    options.method = method
    options.methodReason = why
    return try Simulation.run(s, options: options)
  }

  @Test("The default method against the reference", arguments: cases)
  func agrees(_ c: ReferenceCase) throws {
    let s = try Scenario.load(path: ReferenceCase.path(c.file))
    let engine = try Self.engine(s, trials: c.trials)
    if let m = c.method { #expect(engine.method == m.rawValue, "\(c.file): auto chose \(engine.method) (\(engine.methodReason ?? ""))") }
    let reference = try ReferenceSimulation.run(s, trials: c.trials, seed: s.simulation.seed &+ 0x5EED)
    var tally = ReferenceTally()
    ReferenceComparison.compare(engine, reference, case: c.file, into: &tally)
    print(String(
      format: "reference: %@ (method %@): %d comparisons, worst |z| %.2f (%@)",
      c.file, engine.method, tally.comparisons, tally.worst, tally.worstWhat))
    #expect(tally.failures.isEmpty, "\(tally.failures.joined(separator: "\n"))")
    // Every contract's eight core means were compared.
    #expect(tally.comparisons >= 8 * (s.options.count + 1))
  }
}
