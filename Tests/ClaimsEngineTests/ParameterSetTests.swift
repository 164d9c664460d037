// ParameterSetTests.swift: parameter risk (`claims.parameter_sets`): identical sets reproduce
// the plain scenario draw for draw; a trial's set is one uniform draw, so the mean is the sets'
// average and P(attach) the average of the sets' exact P(attach) (the exact method on each set
// alone); the fast and exact methods refuse; the decoder names the field.
import ClaimsEngine
import ClaimsModel
import Foundation
import Testing

@Suite struct ParameterSetTests {
  static func yaml(model: String, sets: [String]?, stopLoss: String = "{ basis: \"12/12\", specific: { deductible: 20000 }, aggregate: { attachment: 700000 } }") -> String {
    var s = """
      format: 1
      name: parameter sets
      census: { members: 100 }
      claims:
        \(model)
      """
    if let sets { s += "\n  parameter_sets:\n" + sets.map { "    - \($0)\n" }.joined() }
    s += "\nstop_loss: \(stopLoss)\nsimulation: { trials: 100, seed: 1 }\n"
    return s
  }

  static let compound = "per_member: { frequency: { poisson: { mean: 5 } }, severity: { gamma: { shape: 0.6, scale: 2000 } } }"
  static let annual = "annual: { distribution: { zero_inflated: { zero: 0.2, of: { lognormal: { mu: 8, sigma: 1.5 } } } } }"

  func columnsEqual(_ a: TrialColumns, _ b: TrialColumns, _ what: String) {
    for column in [TrialColumn.claimsIncurred, .specificReimbursement, .aggregateClaims, .runoutUnprotected] {
      #expect(a.values(column) == b.values(column), "\(what): \(column)")
    }
  }

  @Test("K identical sets give the plain scenario's results, draw for draw, on every path")
  func identicalSetsReproduceThePlainScenario() throws {
    for (model, cashFlow) in [(Self.compound, false), (Self.annual, false), (Self.compound, true), (Self.annual, true)] {
      let stopLoss = cashFlow
        ? "{ basis: \"12/15\", specific: { deductible: 20000 }, aggregate: { attachment: 700000, accommodation: true } }"
        : "{ basis: \"12/12\", specific: { deductible: 20000 }, aggregate: { attachment: 700000 } }"
      let setText = "{ " + model + " }"
      let plain = try scenario(Self.yaml(model: model, sets: nil, stopLoss: stopLoss))
      let sets = try scenario(Self.yaml(model: model, sets: Array(repeating: setText, count: 3), stopLoss: stopLoss))
      #expect(sets.claims.parameterSets?.count == 3)
      let a = try simulate(plain, trials: 1_200)
      let b = try simulate(sets, trials: 1_200)
      #expect(a.plan.usesEvents == cashFlow && b.plan.usesEvents == cashFlow)
      columnsEqual(a.columns, b.columns, "\(model) (payment order: \(cashFlow))")
    }
  }

  @Test("results do not depend on the number of threads")
  func threadIndependent() throws {
    let s = try scenario(Self.yaml(model: Self.compound, sets: [
      "{ per_member: { frequency: { poisson: { mean: 4 } }, severity: { gamma: { shape: 0.6, scale: 2000 } } } }",
      "{ per_member: { frequency: { poisson: { mean: 6 } }, severity: { gamma: { shape: 0.6, scale: 2000 } } } }",
    ]))
    let one = try simulate(s, trials: 2_000, threads: 1)
    let three = try simulate(s, trials: 2_000, threads: 3)
    columnsEqual(one.columns, three.columns, "1 vs 3 threads")
  }

  @Test("the mean of annual claims is the average of the sets' means")
  func meanIsTheSetsAverage() throws {
    // Set means per member: 2 × 1,000 and 4 × 3,000; the scenario's own model (3 × 2,000) is
    // the point estimate and is not drawn.
    let s = try scenario(Self.yaml(model: "per_member: { frequency: { poisson: { mean: 3 } }, severity: { exponential: { mean: 2000 } } }", sets: [
      "{ per_member: { frequency: { poisson: { mean: 2 } }, severity: { exponential: { mean: 1000 } } } }",
      "{ per_member: { frequency: { poisson: { mean: 4 } }, severity: { exponential: { mean: 3000 } } } }",
    ], stopLoss: "{ basis: \"12/12\" }"))
    let r = try simulate(s, trials: 20_000)
    let incurred = try #require(r.result.summary(.claimsIncurred))
    expectWithin(incurred.mean, 100 * (2 * 1_000 + 4 * 3_000) / 2, se: incurred.stdError, "mean claims incurred")
    // The spread is the mixture's: Var = E[Var | set] + Var(E | set).
    let low: Double = 100 * 2 * 2 * 1_000 * 1_000, high: Double = 100 * 4 * 2 * 3_000 * 3_000
    let within: Double = (low + high) / 2
    let spread: Double = 100 * (12_000 - 2_000) / 2
    let total: Double = within + spread * spread
    expectWithin(incurred.stdDev * incurred.stdDev, total, se: 0.03 * total, "variance of claims incurred")
  }

  @Test("P(attach) is the average of the sets' exact P(attach), and above the point estimate's")
  func probabilityAttachIsTheMixture() throws {
    let sets = [4.0, 6.0].map { "{ per_member: { frequency: { poisson: { mean: \($0) } }, severity: { gamma: { shape: 0.6, scale: 2000 } } } }" }
    let s = try scenario(Self.yaml(model: Self.compound, sets: sets))
    #expect(MethodChoice(s).reason(.fast)?.contains("parameter sets") == true)
    #expect(MethodChoice(s).reason(.exact)?.contains("parameter sets") == true)
    // Each set alone, and the point estimate, by the exact method.
    let exact = try [4.0, 6.0, 5.0].map { lambda -> Double in
      let model = "per_member: { frequency: { poisson: { mean: \(lambda) } }, severity: { gamma: { shape: 0.6, scale: 2000 } } }"
      return try #require(ExactMethod.solve(try scenario(Self.yaml(model: model, sets: nil))).probabilityAttach)
    }
    let mixture = (exact[0] + exact[1]) / 2
    let r = try simulate(s, trials: 20_000)
    let p = try #require(r.result.probabilityAttach)
    expectWithin(p.value, mixture, se: p.stdError, "P(attach) with parameter sets")
    #expect(p.value > exact[2] + 4 * p.stdError, "with \(p.value) vs the point estimate's \(exact[2])")
  }

  @Test("the decoder names the field and what to write")
  func decoderErrors() throws {
    let cases: [([String], String)] = [
      (["{ per_member: { frequency: { poisson: { mean: 2 } }, severity: { exponential: { mean: 1000 } } } }"],
       "claims.parameter_sets[0]: each parameter set is one model of the scenario's own kind: write { annual: { ... } }"),
      (["{ annual: { distribution: { poisson: { mean: 3 } } } }"], "claims.parameter_sets[0].annual.distribution"),
      (["{ annual: { distribution: { lognormal: { mu: 8 } } } }"], "claims.parameter_sets[0].annual.distribution"),
    ]
    for (sets, message) in cases {
      #expect(throws: (any Error).self) { try scenario(Self.yaml(model: Self.annual, sets: sets)) }
      do {
        _ = try scenario(Self.yaml(model: Self.annual, sets: sets))
      } catch {
        #expect("\(error)".contains(message), "\(error)")
      }
    }
    do {
      _ = try scenario(Self.yaml(model: Self.annual, sets: nil).replacingOccurrences(of: "stop_loss:", with: "  parameter_sets: []\nstop_loss:"))
      Issue.record("an empty list was accepted")
    } catch {
      #expect("\(error)".contains("claims.parameter_sets: expected a list of 1 to 10,000 alternative models"), "\(error)")
    }
  }
}
