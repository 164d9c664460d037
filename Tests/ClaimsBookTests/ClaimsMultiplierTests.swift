// ClaimsMultiplierTests.swift: the engine hook of the common shock, RunOptions.claimsMultiplier,
// against identities it must satisfy: multipliers of 1 change nothing, and since
// max(0, c·X − d) = c·max(0, X − d/c), a trial scaled by c with deductible d reimburses c times
// what the unscaled trial reimburses with deductible d/c.
import ClaimsEngine
import ClaimsModel
import Testing

@Suite("Claims multiplier hook")
struct ClaimsMultiplierTests {
  static func scenario(deductible: Double) throws -> Scenario {
    try Scenario.parse(text: """
      name: hook
      census: { members: 200 }
      claims:
        per_member:
          frequency: { poisson: { mean: 3.0 } }
          severity: { lognormal: { mean: 1500, cv: 3.0 } }
        group_parameter_cv: 0.05
      stop_loss:
        basis: incurred
        specific: { deductible: \(deductible) }
      """, file: "hook.yaml")
  }

  static func columns(_ scenario: Scenario, trials: Int, multipliers: [Double]?) throws -> TrialColumns {
    var options = RunOptions(trials: trials, seed: 99, threads: 2)
    options.claimsMultiplier = multipliers
    return try TrialRunner.run(SimulationPlan(scenario), options: options)
  }

  @Test("multipliers of 1 give the columns of a run without them, bit for bit")
  func identity() throws {
    let s = try Self.scenario(deductible: 20000)
    let a = try Self.columns(s, trials: 1200, multipliers: nil)
    let b = try Self.columns(s, trials: 1200, multipliers: Array(repeating: 1, count: 1200))
    #expect(a.values(.specificReimbursement) == b.values(.specificReimbursement))
    #expect(a.values(.claimsIncurred) == b.values(.claimsIncurred))
  }

  @Test("a trial scaled by c with deductible d pays c × (the unscaled trial with deductible d/c)")
  func scaling() throws {
    let trials = 1200
    let c = (0..<trials).map { 0.8 + 0.4 * Double($0 % 7) / 6 }
    let d = 20000.0
    let scaled = try Self.columns(Self.scenario(deductible: d), trials: trials, multipliers: c)
    for value in Set(c) {
      let plain = try Self.columns(Self.scenario(deductible: d / value), trials: trials, multipliers: nil)
      for t in 0..<trials where c[t] == value {
        let expected = value * plain[.specificReimbursement, t]
        #expect(abs(scaled[.specificReimbursement, t] - expected) <= 1e-9 * max(1, expected))
        let incurred = value * plain[.claimsIncurred, t]
        #expect(abs(scaled[.claimsIncurred, t] - incurred) <= 1e-9 * incurred)
      }
    }
  }
}
