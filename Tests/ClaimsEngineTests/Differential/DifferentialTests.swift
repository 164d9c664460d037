// DifferentialTests.swift: every valid method on random valid scenarios must agree within
// Monte Carlo error: fast, claims and events on independent seeds by two-sample z on the
// means and P(attach), and the exact method against each simulation. A small fixed budget
// runs in `make test`; `make crosscheck` runs hundreds (CLAIMSRISK_CROSSCHECK=N) and writes
// its figures to .build/crosscheck.txt (docs/validation.md keeps the last result).
import ClaimsEngine
import ClaimsModel
import Foundation
import Testing

/// The comparisons of one run of the harness.
struct CrosscheckTally {
  var scenarios = 0
  /// Scenarios on which at least two methods (or a method and the exact answer) were compared.
  var compared = 0
  var comparisons = 0
  var worst = 0.0
  var worstWhat = ""
  var failures: [String] = []
  /// Above this |z| a comparison fails (about 6e-7 per comparison under agreement).
  static let limit = 5.0

  mutating func compare(_ z: Double, _ what: String) {
    comparisons += 1
    let a = abs(z)
    if a > worst { worst = a; worstWhat = what }
    if !(a <= Self.limit) { failures.append("\(what): z = \(String(format: "%.2f", z))") }
  }
}

enum Crosscheck {
  static let quantities: [Quantity] = [
    .claimsIncurred, .specificReimbursement, .aggregateClaims, .aggregateReimbursement, .runoutUnprotected,
    .retainedClaims, .employerCost, .extensionClaims, .runInClaims,
  ]

  /// Runs every valid method on `g` and records the comparisons in `tally`.
  static func check(_ g: GeneratedScenario, trials: Int, into tally: inout CrosscheckTally) throws {
    let s = try Scenario.parse(text: g.yaml, file: "generated-\(g.index).yaml")
    let choice = MethodChoice(s)
    var runs: [(ComputationMethod, SimulationResult)] = []
    for (i, m) in [ComputationMethod.fast, .claims, .events].enumerated() where choice.isValid(m) {
      var options = RunOptions(trials: trials, seed: UInt64(1000 * g.index + i), threads: 2)
      options.method = m
      let r = try Simulation.run(s, options: options)
      invariants(r, g, &tally)
      runs.append((m, r))
    }
    // `claims` and `events` are one path when the contract needs payment order.
    if !SimulationPlan(s).usesEvents || runs.count > 2 {} else { runs.removeAll { $0.0 == .events } }
    tally.scenarios += 1
    let before = tally.comparisons
    let failuresBefore = tally.failures.count
    defer {
      if tally.comparisons > before { tally.compared += 1 }
      // Keep the scenario with its failures: it becomes a regression test once shrunk.
      if tally.failures.count > failuresBefore { tally.failures.append(g.yaml) }
    }
    for i in runs.indices {
      for j in runs.indices where j > i {
        let (ma, a) = runs[i], (mb, b) = runs[j]
        for q in quantities {
          guard let x = a.summary(q), let y = b.summary(q) else { continue }
          // A floor of 1e-6 of the amount: a quantity that is constant up to round-off (the
          // retained claims of a group that always attaches) has no sampling error to speak of.
          let se = max((x.stdError * x.stdError + y.stdError * y.stdError).squareRoot(), roundOff(x.mean, y.mean))
          if se == 0 {
            if x.mean != y.mean && abs(x.mean - y.mean) > 1e-9 * max(1, abs(x.mean)) {
              tally.failures.append("\(g): \(ma.rawValue) vs \(mb.rawValue) \(q.rawValue): \(x.mean) vs \(y.mean) without variance")
            }
            continue
          }
          tally.compare((x.mean - y.mean) / se, "\(g): \(ma.rawValue) vs \(mb.rawValue) \(q.rawValue)")
        }
        if a.attachment?.source != "corridor", let p = a.probabilityAttach, let r = b.probabilityAttach {
          let se = (p.stdError * p.stdError + r.stdError * r.stdError).squareRoot()
          if se > 0 { tally.compare((p.value - r.value) / se, "\(g): \(ma.rawValue) vs \(mb.rawValue) P(attach)") }
        }
      }
    }
    if choice.isValid(.exact) {
      let exact = SimulationResult(exact: try ExactMethod.solve(s), scenario: s)
      for (m, r) in runs {
        for q in quantities {
          guard let x = exact.summary(q), let y = r.summary(q), y.stdError > 0, x.mean.isFinite else { continue }
          tally.compare((y.mean - x.mean) / max(y.stdError, roundOff(x.mean, y.mean)), "\(g): \(m.rawValue) vs exact \(q.rawValue)")
        }
        if r.attachment?.source != "corridor", let p = exact.probabilityAttach, let sp = r.probabilityAttach, sp.stdError > 0 {
          // The binomial SE at the exact probability (the sample's can be 0 in a thin tail).
          let se = max(sp.stdError, (p.value * (1 - p.value) / Double(r.trials)).squareRoot())
          tally.compare((sp.value - p.value) / se, "\(g): \(m.rawValue) vs exact P(attach)")
        }
      }
    }
  }

  /// The scale below which a difference is round-off (or the exact method's discretization).
  static func roundOff(_ a: Double, _ b: Double) -> Double { 1e-6 * max(abs(a), abs(b)) }

  /// Identities every trial's means obey, whatever the method.
  static func invariants(_ r: SimulationResult, _ g: GeneratedScenario, _ tally: inout CrosscheckTally) {
    for c in r.contracts {
      func mean(_ q: Quantity) -> Double { c.summary(q)?.mean ?? 0 }
      let scale = max(1, abs(mean(.claimsIncurred)))
      let identity = mean(.claimsIncurred) - mean(.specificReimbursement) - mean(.aggregateReimbursement) - mean(.retainedClaims)
      if abs(identity) > 1e-6 * scale { tally.failures.append("\(g) \(c.name): retained identity off by \(identity)") }
      let cost = mean(.fixedCosts) + mean(.retainedClaims) + mean(.extensionClaims) - mean(.employerCost)
      if abs(cost) > 1e-6 * scale { tally.failures.append("\(g) \(c.name): employer-cost identity off by \(cost)") }
      if mean(.specificReimbursement) < 0 || mean(.aggregateReimbursement) < 0 || mean(.runoutUnprotected) < 0 {
        tally.failures.append("\(g) \(c.name): a negative reimbursement or run-out")
      }
    }
  }

  static func run(scenarios: Int, trials: Int, seed: UInt64, only: Int? = nil) throws -> CrosscheckTally {
    var generator = ScenarioGenerator(seed: seed)
    var tally = CrosscheckTally()
    for i in 0..<scenarios {
      let g = generator.next(index: i)
      if let only {
        if only != i { continue }
        print(g.yaml)
      }
      do {
        try check(g, trials: trials, into: &tally)
      } catch {
        tally.failures.append("\(g): \(error)\n\(g.yaml)")
      }
    }
    return tally
  }
}

@Suite("Differential: every valid method agrees on random scenarios")
struct DifferentialTests {
  @Test("Random valid scenarios: fast, claims, events and exact agree within Monte Carlo error")
  func randomScenarios() throws {
    let env = ProcessInfo.processInfo.environment
    let long = env["CLAIMSRISK_CROSSCHECK"].flatMap(Int.init)
    let scenarios = long ?? 16
    let trials = long == nil ? 1500 : 4000
    let start = Date()
    let tally = try Crosscheck.run(
      scenarios: scenarios, trials: trials, seed: 20261201, only: env["CLAIMSRISK_CROSSCHECK_ONLY"].flatMap(Int.init))
    let summary = String(
      format: "crosscheck: %d scenarios (%d with two or more methods), %d comparisons, worst |z| %.2f (%@), %d failures, %d trials per run, %.0f s",
      tally.scenarios, tally.compared, tally.comparisons, tally.worst, tally.worstWhat, tally.failures.count, trials, Date().timeIntervalSince(start))
    print(summary)
    if long != nil {
      try? (summary + "\n" + tally.failures.joined(separator: "\n") + "\n").write(
        to: Paths.root.appendingPathComponent(".build/crosscheck.txt"), atomically: true, encoding: .utf8)
    }
    #expect(tally.failures.isEmpty, "\(tally.failures.joined(separator: "\n"))")
    #expect(tally.scenarios == (env["CLAIMSRISK_CROSSCHECK_ONLY"] == nil ? scenarios : 1))
  }
}
