// DistributionTests.swift: every family of `Distribution` — sampling against the analytic
// moments, goodness of fit against the cdf/pmf, limited expected values against quadrature and
// simulation, partial-moment consistency, scaling — and the golden values of the calibrated
// default model (domain.md §5.2).
//
// Statistical tolerances come from the sample size only: a mean within 4·sqrt(Var/n); a sample
// variance within 4·SE, SE = sqrt((μ4 − σ⁴)/n) with μ4 estimated from the sample (only for
// parameters with a finite, moderate fourth moment); KS rejects at sqrt(n)·D > 1.95
// (α = 0.001); chi-square rejects at p < 0.001 with cells of expected count ≥ 5. Seeds are
// fixed, so the results are deterministic.
import ClaimsModel
import Foundation
import GSLRandom
import Testing

// MARK: - Cases

/// One parameterization of one family.
struct DistributionCase: Sendable, CustomTestStringConvertible {
  let name: String
  let distribution: Distribution
  let seed: UInt32
  /// Finite fourth moment with moderate kurtosis: the sample variance is tested.
  let tameFourthMoment: Bool

  var testDescription: String { name }

  /// Realistic parameterizations of all eleven families; light ones first.
  static let all: [DistributionCase] = [
    // Counts.
    .init(name: "poisson(3.7)", distribution: .poisson(mean: 3.7), seed: 101, tameFourthMoment: true),
    .init(name: "poisson(40)", distribution: .poisson(mean: 40), seed: 102, tameFourthMoment: true),
    .init(
      name: "negative_binomial(4.5, 2)", distribution: .negativeBinomial(mean: 4.5, size: 2), seed: 103,
      tameFourthMoment: true),
    .init(
      name: "negative_binomial(20, 0.5)", distribution: .negativeBinomial(mean: 20, size: 0.5), seed: 104,
      tameFourthMoment: true),
    // Severities with tame tails.
    .init(name: "lognormal(7, 0.75)", distribution: .lognormal(mu: 7, sigma: 0.75), seed: 105, tameFourthMoment: true),
    .init(name: "gamma(2.5, 1200)", distribution: .gamma(shape: 2.5, scale: 1200), seed: 106, tameFourthMoment: true),
    .init(name: "gamma(0.5, 4000)", distribution: .gamma(shape: 0.5, scale: 4000), seed: 107, tameFourthMoment: true),
    .init(name: "pareto(1000, 5)", distribution: .pareto(scale: 1000, shape: 5), seed: 108, tameFourthMoment: true),
    .init(name: "weibull(0.8, 3000)", distribution: .weibull(shape: 0.8, scale: 3000), seed: 109, tameFourthMoment: true),
    .init(name: "weibull(2, 5000)", distribution: .weibull(shape: 2, scale: 5000), seed: 110, tameFourthMoment: true),
    .init(name: "exponential(2500)", distribution: .exponential(mean: 2500), seed: 111, tameFourthMoment: true),
    .init(
      name: "zero_inflated(0.3, gamma(1.5, 2000))",
      distribution: .zeroInflated(zero: 0.3, of: .gamma(shape: 1.5, scale: 2000)), seed: 112, tameFourthMoment: true),
    .init(
      name: "mixture(0.7 lognormal(7, 0.6), 0.3 gamma(3, 5000))",
      distribution: .mixture(
        weights: [0.7, 0.3], components: [.lognormal(mu: 7, sigma: 0.6), .gamma(shape: 3, scale: 5000)]),
      seed: 113, tameFourthMoment: true),
    .init(
      name: "spliced(lognormal(8, 1) | pareto(10k, 4.5) at 30k, 0.97)",
      distribution: .spliced(
        below: .lognormal(mu: 8, sigma: 1), above: .pareto(scale: 10_000, shape: 4.5), at: 30_000,
        weightBelow: 0.97),
      seed: 114, tameFourthMoment: true),
    .init(
      name: "empirical(6 points)",
      distribution: .empirical(values: [0, 100, 250, 1000, 5000, 20_000], weights: [3, 2.5, 2, 1.5, 0.7, 0.3]),
      seed: 115, tameFourthMoment: true),
    // Heavy tails: goodness of fit and limited expected values; the mean only where Var < ∞.
    .init(name: "lognormal(5, 2)", distribution: .lognormal(mu: 5, sigma: 2), seed: 201, tameFourthMoment: false),
    .init(name: "pareto(1000, 2.5)", distribution: .pareto(scale: 1000, shape: 2.5), seed: 202, tameFourthMoment: false),
    .init(name: "pareto(10k, 1.5)", distribution: .pareto(scale: 10_000, shape: 1.5), seed: 203, tameFourthMoment: false),
    .init(name: "weibull(0.5, 2000)", distribution: .weibull(shape: 0.5, scale: 2000), seed: 204, tameFourthMoment: false),
    .init(
      name: "spliced(gamma(2, 3000) | pareto(50k, 1.8) at 100k, 0.99)",
      distribution: .spliced(
        below: .gamma(shape: 2, scale: 3000), above: .pareto(scale: 50_000, shape: 1.8), at: 100_000,
        weightBelow: 0.99),
      seed: 205, tameFourthMoment: false),
    .init(
      name: "mixture(0.9 exponential(1000), 0.1 lognormal(9, 1.5))",
      distribution: .mixture(
        weights: [0.9, 0.1], components: [.exponential(mean: 1000), .lognormal(mu: 9, sigma: 1.5)]),
      seed: 206, tameFourthMoment: false),
    .init(
      name: "calibrated annualAllowed", distribution: CalibratedModel.annualAllowed, seed: 207,
      tameFourthMoment: false),
  ]

  static let finiteVariance = all.filter { $0.distribution.variance.isFinite }
  static let tame = all.filter(\.tameFourthMoment)
  static let nonCounting = all.filter { !$0.distribution.isCounting }
}

// MARK: - Helpers

private let sampleSize = 200_000
/// The critical value of sqrt(n)·D for α = 0.001 (Kolmogorov distribution: 1.9495).
private let ksCritical = 1.95

private func draws(_ c: DistributionCase, stream: UInt32) -> [Double] {
  let g = Generator(kind: .taus2, seed: c.seed &* 7919 &+ stream)
  return (0..<sampleSize).map { _ in c.distribution.sample(g) }
}

/// Mean, unbiased variance and fourth central moment of a sample (two passes).
private struct SampleMoments {
  let n: Int
  let mean: Double
  let variance: Double
  let fourthCentral: Double

  init(_ xs: [Double]) {
    n = xs.count
    let m = xs.reduce(0, +) / Double(n)
    var s2 = 0.0
    var s4 = 0.0
    for x in xs {
      let d2 = (x - m) * (x - m)
      s2 += d2
      s4 += d2 * d2
    }
    mean = m
    variance = s2 / Double(n - 1)
    fourthCentral = s4 / Double(n)
  }
}

private func relativelyClose(_ a: Double, _ b: Double, _ rel: Double) -> Bool {
  abs(a - b) <= rel * max(abs(a), abs(b)) || a == b
}

/// The support of a discrete family, up to where P(X > k) < 1e-13 (nil for continuous ones).
private func discreteSupport(_ d: Distribution) -> [Double]? {
  switch d {
  case .poisson, .negativeBinomial:
    var k = 0.0
    while !(k > d.mean && d.survival(k) < 1e-13) { k += 1 }
    return Array(stride(from: 0.0, through: k, by: 1))
  case .empirical(let values, _):
    return Array(Set(values)).sorted()
  default:
    return nil
  }
}

/// Points where the survival function has a kink (integrate piecewise across them).
private func kinks(_ d: Distribution) -> [Double] {
  switch d {
  case .pareto(let scale, _): return [scale]
  case .zeroInflated(_, let of): return kinks(of)
  case .mixture(_, let components): return components.flatMap(kinks)
  case .spliced(let below, let above, let at, _):
    return [at] + kinks(below).filter { $0 < at } + kinks(above).filter { $0 > at }
  default: return []
  }
}

/// Composite Simpson's rule with `m` (even) intervals.
private func simpson(_ a: Double, _ b: Double, intervals m: Int, _ f: (Double) -> Double) -> Double {
  let h = (b - a) / Double(m)
  var sum = f(a) + f(b)
  for i in 1..<m { sum += (i % 2 == 1 ? 4 : 2) * f(a + Double(i) * h) }
  return sum * h / 3
}

/// ∫₀^c x^j S(x) dx: exact for the step survival function of a discrete family; otherwise
/// composite Simpson in log space, x = e^u (fine near 0 and over many decades), split at kinks.
private func integralOfSurvival(_ d: Distribution, power j: Int, upTo c: Double) -> Double {
  let p = Double(j)
  if let support = discreteSupport(d) {
    var total = 0.0
    var previous = 0.0
    var s = 1.0  // S on [0, first support point)
    for v in support where v < c {
      total += s * (pow(v, p + 1) - pow(previous, p + 1)) / (p + 1)
      previous = v
      s = d.survival(v)
    }
    return total + s * (pow(c, p + 1) - pow(previous, p + 1)) / (p + 1)
  }
  let lower = c * 1e-12
  var total = simpson(0, lower, intervals: 2) { pow($0, p) * d.survival($0) }
  let points = [lower] + kinks(d).filter { $0 > lower && $0 < c }.sorted() + [c]
  for (a, b) in zip(points, points.dropFirst()) {
    total += simpson(log(a), log(b), intervals: 20_000) { u in
      let x = exp(u)
      return pow(x, p + 1) * d.survival(x)
    }
  }
  return total
}

/// The smallest x with F(x) ≥ p, by bisection on the cdf.
private func quantileByBisection(_ d: Distribution, _ p: Double) -> Double {
  var lo = 0.0
  var hi = 1.0
  while d.cdf(hi) < p {
    lo = hi
    hi *= 2
  }
  for _ in 0..<200 {
    let mid = (lo + hi) / 2
    if mid == lo || mid == hi { break }
    if d.cdf(mid) < p { lo = mid } else { hi = mid }
  }
  return hi
}

/// Limits d at which E[min(X, d)] is checked: quantiles 0.5, 0.9, 0.99, 0.9999 (+ 0.5 between
/// the integers of a counting family), and the splice point.
private func limits(_ d: Distribution) -> [Double] {
  var ds = [0.5, 0.9, 0.99, 0.9999].map { quantileByBisection(d, $0) }
  if d.isCounting { ds = ds.map { $0.rounded(.down) + 0.5 } }
  if case .spliced(_, _, let at, _) = d { ds.append(at) }
  return ds.sorted()
}

/// sqrt(n)·sup|F_n − F|, with ties and atoms handled: at each distinct sample value v the
/// empirical cdf is compared with F(v) and its left limit with F(v⁻) ≈ F(v.nextDown).
private func ksStatistic(_ xs: [Double], cdf: (Double) -> Double) -> Double {
  let s = xs.sorted()
  let n = Double(s.count)
  var d = 0.0
  var i = 0
  while i < s.count {
    let v = s[i]
    var j = i
    while j < s.count && s[j] == v { j += 1 }
    d = max(d, abs(Double(i) / n - cdf(v.nextDown)), abs(Double(j) / n - cdf(v)))
    i = j
  }
  return n.squareRoot() * d
}

/// Pearson's chi-square p-value; cells merged left to right until each expects ≥ 5.
private func chiSquare(observed: [Int], probabilities: [Double]) -> (p: Double, cells: Int) {
  let n = Double(observed.reduce(0, +))
  var cells: [(e: Double, o: Double)] = []
  var e = 0.0
  var o = 0.0
  for (count, p) in zip(observed, probabilities) {
    e += n * p
    o += Double(count)
    if e >= 5 {
      cells.append((e, o))
      (e, o) = (0, 0)
    }
  }
  if !cells.isEmpty {
    cells[cells.count - 1].e += e
    cells[cells.count - 1].o += o
  }
  let x2 = cells.reduce(0.0) { $0 + ($1.o - $1.e) * ($1.o - $1.e) / $1.e }
  return (Probability.chiSquareQ(x2, dof: Double(cells.count - 1)), cells.count)
}

// MARK: - Tests

@Suite("Distribution families")
struct DistributionFamilyTests {
  @Test("the cases cover every family")
  func everyFamilyCovered() {
    let families = Set(DistributionCase.all.map(\.distribution.family))
    #expect(
      families == [
        "poisson", "negative_binomial", "lognormal", "gamma", "pareto", "weibull", "exponential",
        "zero_inflated", "mixture", "spliced", "empirical",
      ])
    #expect(Set(DistributionCase.tame.map(\.distribution.family)) == families)
  }

  @Test("sample mean (and variance, for tame tails) matches the analytic moments",
        arguments: DistributionCase.finiteVariance)
  func sampleMoments(_ c: DistributionCase) {
    let d = c.distribution
    let m = SampleMoments(draws(c, stream: 1))
    let meanTolerance = 4 * (d.variance / Double(m.n)).squareRoot()
    #expect(abs(m.mean - d.mean) <= meanTolerance, "mean \(m.mean) vs \(d.mean) (4 SE = \(meanTolerance))")
    guard c.tameFourthMoment else { return }
    let se = ((m.fourthCentral - m.variance * m.variance) / Double(m.n)).squareRoot()
    #expect(
      abs(m.variance - d.variance) <= 4 * se,
      "variance \(m.variance) vs \(d.variance) (4 SE = \(4 * se), relative \(4 * se / d.variance))")
  }

  @Test("goodness of fit: KS against cdf (continuous), chi-square against the pmf (discrete)",
        arguments: DistributionCase.all)
  func goodnessOfFit(_ c: DistributionCase) {
    let d = c.distribution
    let xs = draws(c, stream: 2)
    #expect(xs.allSatisfy { $0.isFinite && $0 >= 0 })
    if let support = discreteSupport(d) {
      var index: [Double: Int] = [:]
      for (i, v) in support.enumerated() { index[v] = i }
      var counts = [Int](repeating: 0, count: support.count + 1)
      var offSupport = 0
      for x in xs {
        if let i = index[x] { counts[i] += 1 } else if x > support.last! { counts[support.count] += 1 } else {
          offSupport += 1
        }
      }
      #expect(offSupport == 0, "draws outside the support")
      var probabilities: [Double] = []
      var previous = 0.0
      for v in support {
        let f = d.cdf(v)
        probabilities.append(f - previous)
        previous = f
      }
      probabilities.append(max(0, d.survival(support.last!)))
      #expect(abs(probabilities.reduce(0, +) - 1) < 1e-9)
      let (p, cells) = chiSquare(observed: counts, probabilities: probabilities)
      #expect(cells >= 2)
      #expect(p >= 0.001, "chi-square p = \(p) over \(cells) cells")
    } else {
      let k = ksStatistic(xs, cdf: d.cdf)
      #expect(k < ksCritical, "sqrt(n)·D = \(k) (p = \(Probability.kolmogorovQ(k)))")
    }
  }

  @Test("limitedExpectedValue(d) equals ∫₀^d S(x) dx", arguments: DistributionCase.all)
  func limitedExpectedValueByQuadrature(_ c: DistributionCase) {
    let d = c.distribution
    for limit in limits(d) {
      let lev = d.limitedExpectedValue(limit)
      let integral = integralOfSurvival(d, power: 0, upTo: limit)
      #expect(relativelyClose(lev, integral, 1e-8), "d = \(limit): LEV \(lev) vs ∫S \(integral)")
      #expect(lev <= d.mean && lev <= limit)
    }
    #expect(d.limitedExpectedValue(0) == 0 && d.limitedExpectedValue(.infinity) == d.mean)
  }

  @Test("limitedExpectedValue(d) equals the sample mean of min(X, d) within 4 SE", arguments: DistributionCase.all)
  func limitedExpectedValueBySimulation(_ c: DistributionCase) {
    let d = c.distribution
    let xs = draws(c, stream: 3)
    let n = Double(xs.count)
    for limit in limits(d) {
      let lev = d.limitedExpectedValue(limit)
      // Var[min(X, d)] = E[X²; X ≤ d] + d²·S(d) − LEV².
      let second = d.partialMoment(2, upTo: limit) + limit * limit * d.survival(limit)
      let tolerance = 4 * (max(0, second - lev * lev) / n).squareRoot()
      let sampleMean = xs.reduce(0) { $0 + min($1, limit) } / n
      #expect(abs(sampleMean - lev) <= tolerance, "d = \(limit): sample \(sampleMean) vs \(lev) (4 SE = \(tolerance))")
    }
  }

  @Test("partialMoment, mean, variance and limitedExpectedValue are consistent", arguments: DistributionCase.all)
  func partialMomentConsistency(_ c: DistributionCase) {
    let d = c.distribution
    #expect(d.mean == d.partialMoment(1, upTo: .infinity))
    let m2 = d.partialMoment(2, upTo: .infinity)
    if m2.isFinite {
      #expect(relativelyClose(d.variance, m2 - d.mean * d.mean, 1e-12))
      #expect(relativelyClose(d.standardDeviation, d.variance.squareRoot(), 1e-15))
    } else {
      #expect(d.variance == .infinity)
    }
    var previous = (first: 0.0, second: 0.0)
    for limit in limits(d) {
      let pm1 = d.partialMoment(1, upTo: limit)
      let pm2 = d.partialMoment(2, upTo: limit)
      #expect(pm1 >= previous.first && pm2 >= previous.second, "partial moments decrease at \(limit)")
      previous = (pm1, pm2)
      #expect(pm1 <= d.mean * (1 + 1e-12) && pm2 <= m2 * (1 + 1e-12))
      #expect(relativelyClose(d.limitedExpectedValue(limit), pm1 + limit * d.survival(limit), 1e-12))
      #expect(relativelyClose(d.cdf(limit) + d.survival(limit), 1, 1e-12))
      // E[X; X ≤ c] = ∫₀^c S − c·S(c) and E[X²; X ≤ c] = 2∫₀^c x S − c²·S(c).
      let s = d.survival(limit)
      let numeric1 = integralOfSurvival(d, power: 0, upTo: limit) - limit * s
      let numeric2 = 2 * integralOfSurvival(d, power: 1, upTo: limit) - limit * limit * s
      #expect(relativelyClose(pm1, numeric1, 1e-7), "E[X; X ≤ \(limit)] = \(pm1) vs \(numeric1)")
      #expect(relativelyClose(pm2, numeric2, 1e-7), "E[X²; X ≤ \(limit)] = \(pm2) vs \(numeric2)")
    }
    #expect(d.partialMoment(1, upTo: -1) == 0 && d.partialMoment(2, upTo: -1) == 0)
  }

  @Test("scaled(by:) multiplies the mean by the factor, the variance by its square", arguments: DistributionCase.all)
  func scaling(_ c: DistributionCase) {
    let d = c.distribution
    if d.isCounting {
      #expect(d.scaled(by: 2.5) == d, "counts are not scaled")
      return
    }
    for factor in [0.37, 1.0, 2.5, 1000.0] {
      let s = d.scaled(by: factor)
      #expect(s.family == d.family)
      #expect(relativelyClose(s.mean, factor * d.mean, 1e-12), "mean ×\(factor)")
      if d.variance.isFinite {
        #expect(relativelyClose(s.variance, factor * factor * d.variance, 1e-10), "variance ×\(factor)²")
      } else {
        #expect(s.variance == .infinity)
      }
      for x in limits(d) {
        #expect(relativelyClose(s.cdf(factor * x), d.cdf(x), 1e-10), "cdf at \(x)×\(factor)")
        #expect(
          relativelyClose(s.limitedExpectedValue(factor * x), factor * d.limitedExpectedValue(x), 1e-10),
          "LEV at \(x)×\(factor)")
      }
    }
  }

  @Test("analytic means and variances match textbook formulas")
  func textbookMoments() {
    let cases: [(Distribution, mean: Double, variance: Double)] = [
      (.poisson(mean: 3.7), 3.7, 3.7),
      (.negativeBinomial(mean: 4.5, size: 2), 4.5, 4.5 + 4.5 * 4.5 / 2),
      (.lognormal(mu: 7, sigma: 0.75), exp(7 + 0.75 * 0.75 / 2), expm1(0.5625) * exp(14 + 0.5625)),
      (.gamma(shape: 2.5, scale: 1200), 3000, 2.5 * 1200 * 1200),
      (.pareto(scale: 1000, shape: 5), 1250, 1000 * 1000 * 5 / (16 * 3)),
      (.weibull(shape: 2, scale: 5000), 5000 * tgamma(1.5), 5000 * 5000 * (1 - tgamma(1.5) * tgamma(1.5))),
      (.exponential(mean: 2500), 2500, 2500 * 2500),
      (.zeroInflated(zero: 0.3, of: .exponential(mean: 100)), 70, 0.7 * 20_000 - 70 * 70),
      (.mixture(weights: [0.25, 0.75], components: [.exponential(mean: 10), .exponential(mean: 30)]),
       25, 0.25 * 200 + 0.75 * 1800 - 625),
      (.empirical(values: [1, 3], weights: [1, 3]), 2.5, 0.25 * 1 + 0.75 * 9 - 6.25),
      // Splicing a distribution to itself at its own cdf weight leaves it unchanged.
      (.spliced(below: .exponential(mean: 100), above: .exponential(mean: 100), at: 100, weightBelow: -expm1(-1)),
       100, 10_000),
    ]
    for (d, mean, variance) in cases {
      #expect(relativelyClose(d.mean, mean, 1e-12), "\(d.family) mean \(d.mean) vs \(mean)")
      #expect(relativelyClose(d.variance, variance, 1e-10), "\(d.family) variance \(d.variance) vs \(variance)")
    }
    #expect(Distribution.pareto(scale: 1, shape: 2).variance == .infinity)
    #expect(Distribution.pareto(scale: 1, shape: 1).mean == .infinity)
  }
}

// MARK: - Golden values of the calibrated default model (domain.md §5.2)

@Suite("Calibrated default model (domain.md §5.2)")
struct CalibratedModelGoldenTests {
  static let limits: [Double] = [25_000, 50_000, 75_000, 100_000, 150_000, 200_000, 250_000, 500_000]
  static let limitedExpectedValues: [Double] = [4348.5, 5258.7, 5706.3, 5977.4, 6291.6, 6468.0, 6580.5, 6816.3]
  static let exceedancePercent: [Double] = [5.636, 2.385, 1.348, 0.873, 0.452, 0.275, 0.184, 0.047]

  let model = CalibratedModel.annualAllowed

  @Test("E[min(S, d)] matches the printed table to ±0.06", arguments: zip(limits, limitedExpectedValues))
  func limitedExpectedValue(limit: Double, printed: Double) {
    let value = model.limitedExpectedValue(limit)
    #expect(abs(value - printed) <= 0.06, "E[min(S, \(limit))] = \(value), printed \(printed)")
    // Closed form of domain.md §5.2, independently.
    let z = (log(limit) - 7.561) / 1.706
    let closed = 0.85 * (exp(7.561 + 1.706 * 1.706 / 2) * Probability.normalP(z - 1.706) + limit * Probability.normalQ(z))
    #expect(relativelyClose(value, closed, 1e-12))
  }

  @Test("P(S > d) matches the printed percentages to the printed digits", arguments: zip(limits, exceedancePercent))
  func exceedance(limit: Double, printedPercent: Double) {
    let percent = 100 * model.survival(limit)
    #expect(abs(percent - printedPercent) <= 0.0005, "P(S > \(limit)) = \(percent)%, printed \(printedPercent)%")
    #expect(relativelyClose(model.survival(limit), 1 - model.cdf(limit), 1e-10))
  }

  @Test("mean ≈ $7,000, median $1,314, 99th percentile $91,549")
  func summary() {
    #expect(abs(model.mean - 7000) <= 10, "mean \(model.mean)")
    #expect(model.cdf(0) == 0.15 && model.survival(0) == 0.85)
    let median = quantileByBisection(model, 0.5)
    let p99 = quantileByBisection(model, 0.99)
    #expect(abs(median - 1314) <= 0.5, "median \(median)")
    #expect(abs(p99 - 91_549) <= 0.5, "99th percentile \(p99)")
  }
}
