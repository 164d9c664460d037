// MethodAgreementTests.swift: the scenarios that once got a silent wrong answer from one method,
// checked against closed forms and against the claim-level method (two-sample z), and the one
// method choice: what auto takes, what an explicit method refuses.
import ClaimsEngine
import ClaimsModel
import Foundation
import Testing

enum Fixtures {
  static func path(_ name: String) -> String {
    Paths.root.appendingPathComponent("Tests/Fixtures/methods").appendingPathComponent(name).path
  }
  static func load(_ name: String) throws -> Scenario { try Scenario.load(path: path(name)) }
}

/// Runs `scenario` by `method` (nil: what auto chooses).
func run(_ s: Scenario, _ method: ComputationMethod?, trials: Int, seed: UInt64, threads: Int = 2) throws -> SimulationResult {
  let (m, why) = try MethodChoice(s).resolve(method)
  var options = RunOptions(trials: trials, seed: seed, threads: threads)
  options.method = m
  options.methodReason = why
  return try Simulation.run(s, options: options)
}

/// Two independent estimates of one mean agree: |a − b| ≤ k·√(se_a² + se_b²).
func expectAgree(
  _ a: MetricSummary, _ b: MetricSummary, k: Double = 4, _ what: String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let se = (a.stdError * a.stdError + b.stdError * b.stdError).squareRoot()
  expectWithin(a.mean, b.mean, se: se, k: k, what, sourceLocation: sourceLocation)
}

@Suite("Methods agree with independent references")
struct MethodAgreementTests {
  @Test("Specific 12/15 beside aggregate 12/12: the fast method against the closed form and the claim level")
  func separateBases() throws {
    let s = try Fixtures.load("separate-bases.yaml")
    let choice = MethodChoice(s)
    // The fast method expresses separate windows (two classes of cells); with two claims a
    // member-year it would not be faster, so auto takes the claim level and says why.
    #expect(choice.isValid(.fast))
    let chosen = try choice.resolve(nil)
    #expect(chosen.method == .claims)
    #expect(chosen.passedOver?.contains("not be faster") == true)
    let auto = try run(s, .fast, trials: 20_000, seed: 1)
    #expect(auto.method == "fast")
    let claims = try run(s, .claims, trials: 20_000, seed: 2)
    #expect(claims.method == "claims")
    // E[claims incurred] = members · λ · e^(μ + σ²/2).
    let closed = 100 * 2 * Foundation.exp(7 + 1.5 * 1.5 / 2)
    for r in [auto, claims] {
      let inc = try #require(r.summary(.claimsIncurred))
      expectWithin(inc.mean, closed, se: inc.stdError, "\(r.method): E[claims_incurred]")
      // Lag ≤ 1 month: the 12/15 specific window reaches every claim; nothing is run-out.
      #expect(try #require(r.summary(.runoutUnprotected)).mean == 0)
    }
    for q in [Quantity.specificReimbursement, .aggregateClaims, .aggregateReimbursement, .retainedClaims, .employerCost] {
      expectAgree(try #require(auto.summary(q)), try #require(claims.summary(q)), "fast vs claims: \(q.rawValue)")
    }
    let pa = try #require(auto.probabilityAttach), pc = try #require(claims.probabilityAttach)
    expectWithin(pa.value, pc.value, se: (pa.stdError * pa.stdError + pc.stdError * pc.stdError).squareRoot(), "P(attach)")
  }

  @Test("A specific-only cover on another basis than stop_loss.basis: fast against claims")
  func specificOnlyOtherBasis() throws {
    let text = try String(contentsOfFile: Fixtures.path("separate-bases.yaml"), encoding: .utf8)
      .replacingOccurrences(of: "  aggregate: { attachment: 500000 }   # 12/12 by default\n", with: "")
      .replacingOccurrences(of: "lag: [0.5, 0.5]", with: "lag: [0.3, 0.3, 0.2, 0.1, 0.1]")
    let s = try scenario(text)
    #expect(s.stopLoss.aggregate == nil)
    let fast = try run(s, .fast, trials: 20_000, seed: 3)
    let claims = try run(s, .claims, trials: 20_000, seed: 4)
    for q in [Quantity.claimsIncurred, .specificReimbursement, .aggregateClaims, .runoutUnprotected, .retainedClaims] {
      expectAgree(try #require(fast.summary(q)), try #require(claims.summary(q)), "fast vs claims: \(q.rawValue)")
    }
  }

  @Test("Extension of benefits pays the claims of the extended months only")
  func extensionMonths() throws {
    let s = try Fixtures.load("extension-months.yaml")
    #expect(try MethodChoice(s).resolve(nil).method == .claims)
    let r = try run(s, nil, trials: 20_000, seed: 5)
    // One member, λ = 2, E[X] = e^(7 + 1/2): E = 1 month gives λ·E[X]/12, E = 12 gives λ·E[X].
    let year = 2 * Foundation.exp(7.5)
    let one = try #require(r.contracts[0].summary(.extensionClaims))
    let twelve = try #require(r.contracts[1].summary(.extensionClaims))
    expectWithin(one.mean, year / 12, se: one.stdError, "extension_claims, 1 month")
    expectWithin(twelve.mean, year, se: twelve.stdError, "extension_claims, 12 months")
    // The shorter extension costs the employer less: fewer months of the member's claims.
    let diff = try #require(r.contracts[1].differences?.first { $0.quantity == .employerCost }?.difference)
    #expect(diff.mean > 3 * diff.stdError)
  }

  @Test("One method choice: auto, the reasons, explicit refusals")
  func choice() throws {
    let abc = try Scenario.load(path: Paths.scenario("abc-incorporated.yaml"))
    let c = MethodChoice(abc)
    #expect(c.isValid(.claims) && c.isValid(.events))
    let fastWhy = try #require(c.reason(.fast))
    let auto = try c.resolve(nil)
    #expect(auto.method == .claims)
    #expect(auto.passedOver?.contains(fastWhy) == true)
    #expect(throws: MethodRefused.self) { try c.resolve(.fast) }
    // A refused method is never run, even when asked for directly.
    var options = RunOptions(trials: 10, seed: 1, threads: 1)
    options.method = .fast
    #expect(throws: MethodRefused.self) { try TrialRunner.run(SimulationPlan(abc), options: options) }
    // With six claims a member-year against two table draws, auto takes the fast method.
    let busy = try scenario(
      try String(contentsOfFile: Fixtures.path("separate-bases.yaml"), encoding: .utf8)
        .replacingOccurrences(of: "poisson: { mean: 2.0 }", with: "poisson: { mean: 6.0 }"))
    let busyChoice = try MethodChoice(busy).resolve(nil)
    #expect(busyChoice.method == .fast && busyChoice.passedOver == nil)
    // The exact method refuses separate bases with its reason.
    let separate = MethodChoice(try Fixtures.load("separate-bases.yaml"))
    #expect(separate.reason(.exact) != nil)
    #expect(separate.isValid(.fast))
  }

  @Test("The exact method refuses options, cash flow and funding with the reason")
  func exactRefuses() throws {
    let base = """
      census: { members: 100 }
      claims: { per_member: { frequency: { poisson: { mean: 2 } }, severity: { lognormal: { mu: 7, sigma: 1 } } } }
      stop_loss: { basis: "12/12", specific: { deductible: 20000 }, aggregate: { attachment: 300000 } }
      """
    #expect(MethodChoice(try scenario(base)).isValid(.exact))
    for (addition, word) in [
      ("options: [ { name: higher, specific: { deductible: 40000 } } ]", "options:"),
      ("simulation: { cash_flow: true }", "cash_flow"),
      ("funding: { level: { monthly_claims_fund: 20000 } }", "funding.level"),
    ] {
      let s = try scenario(base + "\n" + addition)
      let choice = MethodChoice(s)
      let why = try #require(choice.reason(.exact), "\(addition)")
      #expect(why.contains(word), "\(why)")
      #expect(throws: MethodRefused.self) { try choice.resolve(.exact) }
      #expect(throws: ExactMethodError.self) { try ExactMethod.solve(s) }
      #expect(choice.isValid(.claims))
    }
  }

  @Test("The payment-order method agrees with member sums on a plain contract")
  func eventsAgainstClaims() throws {
    let s = try Fixtures.load("separate-bases.yaml")
    // Common seeds: the payment-order path draws the claims of the member-sum path draw for
    // draw, so the totals match trial by trial.
    let claims = try run(s, .claims, trials: 2_000, seed: 9)
    let events = try run(s, .events, trials: 2_000, seed: 9)
    #expect(events.method == "events")
    for q in [Quantity.claimsIncurred, .specificReimbursement, .aggregateClaims, .retainedClaims] {
      let a = try #require(claims.summary(q)).mean, b = try #require(events.summary(q)).mean
      expectClose(b, a, tolerance: 1e-6 * max(1, abs(a)), "events vs claims: \(q.rawValue)")
    }
  }
}
