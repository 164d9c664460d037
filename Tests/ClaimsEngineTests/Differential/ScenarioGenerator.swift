// ScenarioGenerator.swift: a seeded generator of random valid scenarios over the scenario
// space (census sizes and tiers, every basis pair, lag pmfs, run-in, frequency and severity
// families, the calibrated default, contract options, enrolment, cash flow), written as
// scenario text so that the decoder is part of what is tested.
import Foundation

/// SplitMix64: a small seeded generator for the test's own choices (not the engine's).
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// One generated scenario: its text and the features it exercises.
struct GeneratedScenario: CustomStringConvertible {
  var index: Int
  var yaml: String
  var features: [String]
  var description: String { "scenario \(index) [\(features.joined(separator: ", "))]" }
}

struct ScenarioGenerator {
  var rng: SplitMix64
  init(seed: UInt64) { rng = SplitMix64(seed: seed) }

  mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
  mutating func pick<T>(_ xs: [T]) -> T { xs[Int.random(in: 0..<xs.count, using: &rng)] }
  mutating func uniform(_ a: Double, _ b: Double) -> Double { Double.random(in: a..<b, using: &rng) }

  static let bases = ["12/12", "12/15", "15/12", "12/18", "18/12", "12/24"]

  /// A pmf of `n` points in thousandths, summing to exactly 1.
  mutating func pmf(_ n: Int) -> [Double] {
    var w = (0..<n).map { _ in uniform(0.2, 1) }
    let total = w.reduce(0, +)
    w = w.map { ($0 / total * 1000).rounded(.down) / 1000 }
    w[0] += 1 - w.reduce(0, +)
    return w.map { ($0 * 1000).rounded() / 1000 }
  }

  static func text(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(format: "%.6g", x)
  }

  mutating func next(index: Int) -> GeneratedScenario {
    var f: [String] = []
    var y = "format: 1\nname: generated \(index)\n"
    // Census.
    var members: Int
    var ids: [String]
    if chance(0.7) {
      members = Int.random(in: 1...60, using: &rng)
      y += "census: { members: \(members) }\n"
      f.append("\(members) members")
      ids = (1...members).map(String.init)
    } else {
      let a = Int.random(in: 1...25, using: &rng), b = Int.random(in: 1...10, using: &rng)
      y += "census:\n  tiers:\n    - { name: single, employees: \(a), members_per_employee: 1.0 }\n    - { name: family, employees: \(b), members_per_employee: 3.0 }\n"
      members = a + 3 * b
      // The generated ids of a tiers census: tier-employee-person.
      ids = (1...a).map { "single-\($0)-1" } + (1...b).flatMap { e in (1...3).map { "family-\(e)-\($0)" } }
      f.append("tiers \(a)+\(b)×3")
    }
    // Claims.
    var meanClaims: Double  // expected annual claims per member (rough, for the contract's scale)
    var perMember = true
    if chance(0.12) {
      y += "claims:\n  default: {}\n"
      meanClaims = 583 * 12
      perMember = false
      f.append("calibrated default")
    } else {
      let lambda = uniform(0.5, 6)
      var freq = "{ poisson: { mean: \(Self.text((lambda * 100).rounded() / 100)) } }"
      if chance(0.25) {
        freq = "{ negative_binomial: { mean: \(Self.text((lambda * 100).rounded() / 100)), size: \(Self.text((uniform(1, 5) * 10).rounded() / 10)) } }"
        f.append("negative binomial")
      } else {
        f.append("Poisson")
      }
      let family = pick(["lognormal", "gamma", "exponential", "weibull", "pareto"])
      var severity: String
      var mean: Double
      switch family {
      case "lognormal":
        let mu = (uniform(6, 8) * 100).rounded() / 100, sigma = (uniform(0.6, 1.6) * 100).rounded() / 100
        severity = "{ lognormal: { mu: \(Self.text(mu)), sigma: \(Self.text(sigma)) } }"
        mean = Foundation.exp(mu + sigma * sigma / 2)
      case "gamma":
        let shape = (uniform(0.4, 2) * 100).rounded() / 100
        severity = "{ gamma: { shape: \(Self.text(shape)), scale: 2500 } }"
        mean = shape * 2500
      case "exponential":
        severity = "{ exponential: { mean: 3000 } }"
        mean = 3000
      case "weibull":
        severity = "{ weibull: { shape: 0.8, scale: 2500 } }"
        mean = 2500 * 1.133
      default:
        severity = "{ pareto: { scale: 2000, shape: 3.5 } }"
        mean = 2000 * 3.5 / 2.5
      }
      f.append(family)
      meanClaims = lambda * mean
      y += "claims:\n  per_member: { frequency: \(freq), severity: \(severity) }\n"
      let lags = pmf(Int.random(in: 1...4, using: &rng))
      y += "  lag: [\(lags.map(Self.text).joined(separator: ", "))]\n"
      if lags.count > 1 { f.append("lag \(lags.count)") }
      if chance(0.15) { y += "  trend: 0.06\n"; f.append("trend") }
    }
    // Contract.
    let basis = pick(Self.bases)
    y += "stop_loss:\n  basis: \"\(basis)\"\n"
    var specificKeys: [String] = []
    var aggregateKeys: [String] = []
    let deductible = pick([5000.0, 10000, 20000, 50000])
    let hasSpecific = chance(0.85)
    let hasAggregate = chance(0.8) || !hasSpecific
    var bases = [basis]
    if hasSpecific {
      specificKeys.append("deductible: \(Self.text(deductible))")
      if chance(0.5) { let b = pick(Self.bases); specificKeys.append("basis: \"\(b)\""); bases.append(b) }
    }
    var corridor = false
    if hasAggregate {
      let expected = Double(members) * min(meanClaims, deductible * 0.6)
      if chance(0.3) {
        aggregateKeys.append("corridor: \(Self.text((uniform(1.0, 1.3) * 100).rounded() / 100))")
        f.append("corridor")
        corridor = true
      } else {
        aggregateKeys.append("attachment: \(Self.text((expected * uniform(0.8, 1.3)).rounded()))")
      }
      if chance(0.5) { let b = pick(Self.bases); aggregateKeys.append("basis: \"\(b)\""); bases.append(b) }
      if chance(0.2) {
        aggregateKeys.append("minimum: { rule: dollars, dollars: \(Self.text((expected * 1.1).rounded())) }")
        f.append("minimum attachment")
      }
    }
    f.append("bases " + bases.joined(separator: "/"))
    // Terms that change nothing but force payment order (each path must agree with the member
    // sums) or add a second contract (an option settled on member sums beside the first, to
    // agree with `events`), or terms that change the contract.
    var extra = ""
    if chance(0.35) {
      switch Int.random(in: 0..<6, using: &rng) {
      case 0 where hasSpecific: specificKeys.append("maximum: 1000000000000"); f.append("neutral specific maximum")
      case 1 where hasSpecific && perMember: specificKeys.append("lasers: [ { member: \"\(ids[0])\", deductible: \(Self.text(deductible)) } ]"); f.append("neutral laser")
      case 2 where hasAggregate: aggregateKeys.append("maximum: 1000000000000"); f.append("neutral aggregate maximum")
      case 3 where hasAggregate && !corridor: aggregateKeys.append("accommodation: true"); f.append("accommodation")
      case 3, 4: extra += "options:\n  - { name: \"same\" }\n"; f.append("neutral option")
      case _ where corridor: extra += "options:\n  - { name: \"same\" }\n"; f.append("neutral option")
      default: extra += "simulation_cash_flow: true\n"; f.append("cash flow")
      }
    } else if chance(0.35) {
      switch Int.random(in: 0..<7, using: &rng) {
      case 0 where hasSpecific && perMember:
        specificKeys.append("lasers: [ { member: \"\(pick(ids))\", deductible: \(Self.text(deductible * 2)) }, { member: \"\(pick(ids))\", excluded: true } ]")
        f.append("lasers")
      case 1 where hasSpecific: specificKeys.append("aggregating_deductible: \(Self.text(deductible / 2))"); f.append("ASD")
      case 2 where hasSpecific: specificKeys.append("maximum: \(Self.text(deductible * 3))"); specificKeys.append("reimbursement: 0.9"); f.append("specific maximum 90%")
      case 3 where hasAggregate: aggregateKeys.append("maximum: \(Self.text(Double(members) * 2000))"); f.append("aggregate maximum")
      case 4 where hasSpecific && perMember:
        specificKeys.append("extension_of_benefits: { members: [\"\(pick(ids))\"], months: \(Int.random(in: 1...12, using: &rng)) }")
        f.append("extension of benefits")
      case 5: extra += "enrolment: { layoff: { month: \(Int.random(in: 2...12, using: &rng)), fraction: 0.2 } }\n"; f.append("layoff")
      default: y += "  terminal_liability: true\n"; f.append("TLO")
      }
    }
    if !specificKeys.isEmpty { y += "  specific: { \(specificKeys.joined(separator: ", ")) }\n" }
    if !aggregateKeys.isEmpty { y += "  aggregate: { \(aggregateKeys.joined(separator: ", ")) }\n" }
    let cashFlow = extra.contains("simulation_cash_flow")
    extra = extra.replacingOccurrences(of: "simulation_cash_flow: true\n", with: "")
    y += extra
    y += "simulation: { trials: 1000, seed: \(index + 1)\(cashFlow ? ", cash_flow: true" : "") }\n"
    return GeneratedScenario(index: index, yaml: y, features: f)
  }
}
