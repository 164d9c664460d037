// SamplerTests.swift: correctness of the GSLRandom samplers, guide tables, seed sequence and
// probability functions.
//
// Every statistical check has an honest tolerance derived from the sample size: a sample mean
// must lie within 4 standard errors (4·sqrt(Var/n)); a sample variance within 4·sqrt((μ4 − σ⁴)/n);
// a Kolmogorov–Smirnov statistic sqrt(n)·D below 1.95 (α = 0.001); a chi-square goodness of fit
// must have p ≥ 0.001 (bins with expected count < 5 merged). Seeds are fixed, so the tests are
// deterministic, yet a sampler off by a few percent fails them. The reference CDFs are closed
// forms written out here (not the same GSL call with the same argument order), so a swapped
// parameter in a wrapper is caught.
import Foundation
import GSLRandom
import Testing

// MARK: - Statistical helpers

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
      let d = x - m
      let d2 = d * d
      s2 += d2
      s4 += d2 * d2
    }
    mean = m
    variance = s2 / Double(n - 1)
    fourthCentral = s4 / Double(n)
  }
}

/// |x̄ − μ| ≤ 4·sqrt(σ²/n).
private func expectMean(
  _ m: SampleMoments, _ mu: Double, variance: Double, _ label: String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let tolerance = 4 * (variance / Double(m.n)).squareRoot()
  #expect(
    abs(m.mean - mu) <= tolerance,
    "\(label): sample mean \(m.mean) vs \(mu) (4 SE = \(tolerance))",
    sourceLocation: sourceLocation)
}

/// |s² − σ²| ≤ 4·SE with SE² = (μ4 − σ⁴)/n; μ4 analytic when given, else the sample's.
private func expectVariance(
  _ m: SampleMoments, _ sigma2: Double, fourthCentral mu4: Double? = nil, _ label: String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let se =
    mu4.map { (($0 - sigma2 * sigma2) / Double(m.n)).squareRoot() }
    ?? ((m.fourthCentral - m.variance * m.variance) / Double(m.n)).squareRoot()
  #expect(
    abs(m.variance - sigma2) <= 4 * se,
    "\(label): sample variance \(m.variance) vs \(sigma2) (4 SE = \(4 * se))",
    sourceLocation: sourceLocation)
}

/// The critical value of sqrt(n)·D for α = 0.001 (Kolmogorov distribution: 1.9495).
private let ksCritical = 1.95

/// sqrt(n)·sup|F_n − F| for a continuous `cdf`.
private func ksStatistic(_ xs: [Double], cdf: (Double) -> Double) -> Double {
  let s = xs.sorted()
  let n = Double(s.count)
  var d = 0.0
  for (i, x) in s.enumerated() {
    let f = cdf(x)
    d = max(d, f - Double(i) / n, Double(i + 1) / n - f)
  }
  return n.squareRoot() * d
}

private func expectKS(
  _ xs: [Double], _ label: String, cdf: (Double) -> Double,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let k = ksStatistic(xs, cdf: cdf)
  #expect(
    k < ksCritical,
    "\(label): sqrt(n)·D = \(k) ≥ \(ksCritical) (p = \(Probability.kolmogorovQ(k)))",
    sourceLocation: sourceLocation)
}

/// Pearson's chi-square test of `observed` counts against cell `probabilities` (summing to 1).
/// Adjacent cells are merged left to right until each has an expected count ≥ 5; a short
/// remainder joins the last merged cell.
private func chiSquarePValue(observed: [Int], probabilities: [Double]) -> (p: Double, cells: Int) {
  precondition(observed.count == probabilities.count)
  let n = Double(observed.reduce(0, +))
  var cells: [(expected: Double, observed: Double)] = []
  var e = 0.0
  var o = 0.0
  for (count, p) in zip(observed, probabilities) {
    e += n * p
    o += Double(count)
    if e >= 5 {
      cells.append((e, o))
      e = 0
      o = 0
    }
  }
  if e > 0 || o > 0 {
    if cells.isEmpty {
      cells.append((e, o))
    } else {
      cells[cells.count - 1].expected += e
      cells[cells.count - 1].observed += o
    }
  }
  let statistic = cells.reduce(0.0) { $0 + ($1.observed - $1.expected) * ($1.observed - $1.expected) / $1.expected }
  let dof = Double(cells.count - 1)
  return (Probability.chiSquareQ(statistic, dof: dof), cells.count)
}

private func expectChiSquare(
  observed: [Int], probabilities: [Double], _ label: String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let total = probabilities.reduce(0, +)
  #expect(abs(total - 1) < 1e-9, "\(label): cell probabilities sum to \(total)", sourceLocation: sourceLocation)
  let (p, cells) = chiSquarePValue(observed: observed, probabilities: probabilities)
  #expect(cells >= 2, "\(label): only \(cells) chi-square cell(s)", sourceLocation: sourceLocation)
  #expect(p >= 0.001, "\(label): chi-square p = \(p) over \(cells) cells", sourceLocation: sourceLocation)
}

/// Counts of the integer draws 0...top, the last cell collecting everything > top - 1.
private func countsWithTail(_ draws: [Int], top: Int) -> [Int] {
  var counts = [Int](repeating: 0, count: top + 1)
  for k in draws { counts[min(k, top)] += 1 }
  return counts
}

private func sample(_ n: Int, _ draw: () -> Double) -> [Double] {
  (0..<n).map { _ in draw() }
}

/// |a − b| ≤ rel·max(|a|, |b|), or both tiny.
private func isClose(_ a: Double, _ b: Double, rel: Double, abs absTol: Double = 0) -> Bool {
  abs(a - b) <= max(rel * max(abs(a), abs(b)), absTol)
}

// MARK: - Generator: uniform, integers, normal, lognormal

@Suite("Generator primitives")
struct GeneratorPrimitiveTests {
  @Test("uniform(): mean, variance and KS against x on [0, 1)", arguments: GeneratorKind.allCases)
  func uniform(kind: GeneratorKind) {
    let g = Generator(kind: kind, seed: 20_240_101)
    let xs = sample(200_000) { g.uniform() }
    #expect(xs.allSatisfy { $0 >= 0 && $0 < 1 })
    let m = SampleMoments(xs)
    expectMean(m, 0.5, variance: 1.0 / 12, "uniform[\(kind)]")
    expectVariance(m, 1.0 / 12, fourthCentral: 1.0 / 80, "uniform[\(kind)]")
    expectKS(xs, "uniform[\(kind)]") { min(max($0, 0), 1) }
  }

  @Test("uniformPositive() lies in (0, 1) and is uniform")
  func uniformPositive() {
    let g = Generator(kind: .taus2, seed: 77)
    let xs = sample(200_000) { g.uniformPositive() }
    #expect(xs.allSatisfy { $0 > 0 && $0 < 1 })
    expectKS(xs, "uniformPositive") { $0 }
  }

  @Test("uniformInt(n) is uniform on 0..<n", arguments: [1, 2, 7, 10, 1000])
  func uniformInt(n: Int) {
    let g = Generator(kind: .taus2, seed: 4242 + UInt32(n))
    var counts = [Int](repeating: 0, count: n)
    var outOfRange = 0
    for _ in 0..<300_000 {
      let k = g.uniformInt(n)
      if k < 0 || k >= n { outOfRange += 1 } else { counts[k] += 1 }
    }
    #expect(outOfRange == 0)
    if n > 1 {
      expectChiSquare(
        observed: counts, probabilities: [Double](repeating: 1 / Double(n), count: n), "uniformInt(\(n))")
    } else {
      #expect(counts == [300_000])
    }
  }

  @Test("gaussian(): moments, KS against Φ, and both tails")
  func gaussian() {
    let g = Generator(kind: .taus2, seed: 1_000_003)
    let n = 1_000_000
    let xs = sample(n) { g.gaussian() }
    let m = SampleMoments(xs)
    expectMean(m, 0, variance: 1, "gaussian")
    expectVariance(m, 1, fourthCentral: 3, "gaussian")
    expectKS(xs, "gaussian") { 0.5 * erfc(-$0 / 2.0.squareRoot()) }
    // The ziggurat's tail branch: P(Z > 3) and P(Z < −3) by a binomial 4-SE check.
    let p = 0.5 * erfc(3 / 2.0.squareRoot())
    let se = (p * (1 - p) / Double(n)).squareRoot()
    let upper = Double(xs.filter { $0 > 3 }.count) / Double(n)
    let lower = Double(xs.filter { $0 < -3 }.count) / Double(n)
    #expect(abs(upper - p) <= 4 * se, "P(Z > 3) = \(upper) vs \(p)")
    #expect(abs(lower - p) <= 4 * se, "P(Z < −3) = \(lower) vs \(p)")
  }

  @Test("lognormal() and fillLognormal(): log X ~ N(mu, sigma²), KS against the lognormal CDF")
  func lognormal() {
    let mu = 7.561
    let sigma = 1.706
    let n = 200_000
    let g = Generator(kind: .taus2, seed: 31_337)
    let single = sample(n) { g.lognormal(mu: mu, sigma: sigma) }
    var filled = [Double](repeating: 0, count: n)
    filled.withUnsafeMutableBufferPointer { g.fillLognormal($0, mu: mu, sigma: sigma) }
    let cdf: (Double) -> Double = { x in x <= 0 ? 0 : 0.5 * erfc(-(log(x) - mu) / (sigma * 2.0.squareRoot())) }
    for (label, xs) in [("lognormal", single), ("fillLognormal", filled)] {
      #expect(xs.allSatisfy { $0 > 0 && $0.isFinite })
      let logs = SampleMoments(xs.map { log($0) })
      expectMean(logs, mu, variance: sigma * sigma, "\(label) log-mean")
      expectVariance(logs, sigma * sigma, fourthCentral: 3 * pow(sigma, 4), "\(label) log-variance")
      expectKS(xs, label, cdf: cdf)
    }
    // Moments on the original scale, with a tame sigma (finite, moderate fourth moment).
    let s = 0.5
    let xs = sample(n) { g.lognormal(mu: 2, sigma: s) }
    let w = exp(s * s)
    let mean = exp(2 + s * s / 2)
    let variance = (w - 1) * mean * mean
    let m = SampleMoments(xs)
    expectMean(m, mean, variance: variance, "lognormal(2, 0.5)")
    expectVariance(m, variance, "lognormal(2, 0.5)")
  }
}

// MARK: - Counting samplers

@Suite("Counting samplers")
struct CountingSamplerTests {
  @Test("poisson(mean:): chi-square against the pmf, mean and variance", arguments: [0.5, 3.7, 12.0, 250.0])
  func poisson(mean: Double) {
    let g = Generator(kind: .taus2, seed: UInt32(mean * 1000) + 5)
    let n = 200_000
    let draws = (0..<n).map { _ in g.poisson(mean: mean) }
    #expect(draws.allSatisfy { $0 >= 0 })
    // Independent pmf: e^{−λ} λ^k / k! in log space.
    let top = Int(mean + 12 * mean.squareRoot() + 12)
    var probabilities = (0..<top).map { k in exp(-mean + Double(k) * log(mean) - lgamma(Double(k) + 1)) }
    probabilities.append(max(0, 1 - probabilities.reduce(0, +)))
    expectChiSquare(observed: countsWithTail(draws, top: top), probabilities: probabilities, "poisson(\(mean))")
    let m = SampleMoments(draws.map(Double.init))
    expectMean(m, mean, variance: mean, "poisson(\(mean))")
    expectVariance(m, mean, fourthCentral: mean * (1 + 3 * mean), "poisson(\(mean))")
  }

  @Test(
    "negativeBinomial(p:n:): chi-square against the pmf, mean n(1−p)/p and variance n(1−p)/p²",
    arguments: [(0.3, 2.5), (0.05, 0.7), (0.8, 10.0)])
  func negativeBinomial(p: Double, size: Double) {
    let g = Generator(kind: .taus2, seed: UInt32(p * 1000 + size * 10))
    let n = 200_000
    let draws = (0..<n).map { _ in g.negativeBinomial(p: p, n: size) }
    #expect(draws.allSatisfy { $0 >= 0 })
    let mean = size * (1 - p) / p
    let variance = mean / p
    // Independent pmf: Γ(n+k)/(Γ(n) k!) p^n (1−p)^k.
    var probabilities: [Double] = []
    var k = 0
    var cumulative = 0.0
    while cumulative < 1 - 1e-13 && k < 100_000 {
      let lp = lgamma(size + Double(k)) - lgamma(size) - lgamma(Double(k) + 1) + size * log(p) + Double(k) * log1p(-p)
      probabilities.append(exp(lp))
      cumulative += exp(lp)
      k += 1
    }
    probabilities.append(max(0, 1 - cumulative))
    expectChiSquare(
      observed: countsWithTail(draws, top: probabilities.count - 1), probabilities: probabilities,
      "negativeBinomial(\(p), \(size))")
    let m = SampleMoments(draws.map(Double.init))
    expectMean(m, mean, variance: variance, "negativeBinomial(\(p), \(size))")
    expectVariance(m, variance, "negativeBinomial(\(p), \(size))")
  }
}

// MARK: - Continuous samplers

@Suite("Continuous samplers")
struct ContinuousSamplerTests {
  @Test(
    "gamma(shape:scale:): KS against P(shape, x/scale), mean kθ, variance kθ²",
    arguments: [(0.5, 3.0), (2.5, 1200.0), (30.0, 0.1)])
  func gamma(shape: Double, scale: Double) {
    let g = Generator(kind: .taus2, seed: UInt32(shape * 100) + 11)
    let xs = sample(200_000) { g.gamma(shape: shape, scale: scale) }
    #expect(xs.allSatisfy { $0 >= 0 })
    expectKS(xs, "gamma(\(shape), \(scale))") { Probability.incompleteGammaP(shape, $0 / scale) }
    let m = SampleMoments(xs)
    let variance = shape * scale * scale
    expectMean(m, shape * scale, variance: variance, "gamma(\(shape), \(scale))")
    expectVariance(
      m, variance, fourthCentral: 3 * shape * (shape + 2) * pow(scale, 4), "gamma(\(shape), \(scale))")
  }

  @Test(
    "pareto(scale:shape:): KS against 1 − (s/x)^a; moments for a > 4",
    arguments: [(2.0, 5.0), (10_000.0, 1.5)])
  func pareto(scale: Double, shape: Double) {
    let g = Generator(kind: .taus2, seed: UInt32(shape * 10) + 99)
    let xs = sample(200_000) { g.pareto(scale: scale, shape: shape) }
    #expect(xs.allSatisfy { $0 >= scale })
    expectKS(xs, "pareto(\(scale), \(shape))") { $0 <= scale ? 0 : 1 - pow(scale / $0, shape) }
    if shape > 4 {
      let m = SampleMoments(xs)
      let mean = shape * scale / (shape - 1)
      let variance = scale * scale * shape / ((shape - 1) * (shape - 1) * (shape - 2))
      expectMean(m, mean, variance: variance, "pareto")
      expectVariance(m, variance, "pareto")
    }
  }

  @Test(
    "weibull(shape:scale:): KS against 1 − exp(−(x/λ)^k), mean λΓ(1+1/k)",
    arguments: [(0.8, 3000.0), (1.5, 2.0), (4.0, 10.0)])
  func weibull(shape: Double, scale: Double) {
    let g = Generator(kind: .taus2, seed: UInt32(shape * 10) + 2024)
    let xs = sample(200_000) { g.weibull(shape: shape, scale: scale) }
    #expect(xs.allSatisfy { $0 >= 0 })
    expectKS(xs, "weibull(\(shape), \(scale))") { $0 <= 0 ? 0 : -expm1(-pow($0 / scale, shape)) }
    let m = SampleMoments(xs)
    let g1 = tgamma(1 + 1 / shape)
    let g2 = tgamma(1 + 2 / shape)
    let mean = scale * g1
    let variance = scale * scale * (g2 - g1 * g1)
    expectMean(m, mean, variance: variance, "weibull")
    expectVariance(m, variance, "weibull")
  }

  @Test("exponential(mean:): KS against 1 − e^{−x/m}, mean m, variance m²", arguments: [0.01, 1.0, 2500.0])
  func exponential(mean: Double) {
    let g = Generator(kind: .taus2, seed: 8_675_309)
    let xs = sample(200_000) { g.exponential(mean: mean) }
    #expect(xs.allSatisfy { $0 >= 0 })
    expectKS(xs, "exponential(\(mean))") { $0 <= 0 ? 0 : -expm1(-$0 / mean) }
    let m = SampleMoments(xs)
    expectMean(m, mean, variance: mean * mean, "exponential")
    expectVariance(m, mean * mean, fourthCentral: 9 * pow(mean, 4), "exponential")
  }

  @Test("flatDirichlet: shares sum to 1, each has mean 1/K and the Beta(1, K−1) law", arguments: [2, 4, 12])
  func flatDirichlet(k: Int) {
    let g = Generator(kind: .taus2, seed: 555 + UInt32(k))
    let n = 100_000
    var shares = [[Double]](repeating: [], count: k)
    var weights = [Double](repeating: 0, count: k)
    var worstSum = 0.0
    var allPositive = true
    for _ in 0..<n {
      weights.withUnsafeMutableBufferPointer { g.flatDirichlet($0) }
      worstSum = max(worstSum, abs(weights.reduce(0, +) - 1))
      allPositive = allPositive && weights.allSatisfy { $0 > 0 && $0 < 1 }
      for i in 0..<k { shares[i].append(weights[i]) }
    }
    #expect(worstSum < 1e-12, "a weight vector sums to 1 ± \(worstSum)")
    #expect(allPositive)
    let kd = Double(k)
    let variance = (kd - 1) / (kd * kd * (kd + 1))
    for i in 0..<k {
      expectMean(SampleMoments(shares[i]), 1 / kd, variance: variance, "flatDirichlet(\(k)) share \(i)")
    }
    // Each share of a flat Dirichlet is Beta(1, K−1): P(W ≤ x) = 1 − (1−x)^{K−1}.
    for i in [0, k - 1] {
      expectKS(shares[i], "flatDirichlet(\(k)) share \(i)") { 1 - pow(1 - min(max($0, 0), 1), kd - 1) }
    }
  }
}

// MARK: - GuideTable

@Suite("GuideTable")
struct GuideTableTests {
  @Test("Poisson table: cdf matches Probability.poissonP; draws fit Probability.poissonPmf", arguments: [0.3, 4.2, 35.0])
  func poissonTable(mean: Double) {
    let table = GuideTable.poisson(mean: mean)
    #expect(Probability.poissonQ(table.count - 1, mean: mean) < 1e-17)
    for k in 0..<table.count {
      #expect(abs(table.cdf(k) - Probability.poissonP(k, mean: mean)) < 1e-13, "cdf(\(k))")
    }
    let g = Generator(kind: .taus2, seed: 606 + UInt32(mean * 10))
    var counts = [Int](repeating: 0, count: table.count)
    for _ in 0..<200_000 { counts[table.sample(g)] += 1 }
    let pmf = (0..<table.count).map { Probability.poissonPmf($0, mean: mean) }
    let total = pmf.reduce(0, +)
    expectChiSquare(observed: counts, probabilities: pmf.map { $0 / total }, "GuideTable.poisson(\(mean))")
  }

  @Test("negative binomial table: draws fit the pmf")
  func negativeBinomialTable() {
    let p = 0.25
    let size = 1.5
    let table = GuideTable.negativeBinomial(p: p, n: size)
    let g = Generator(kind: .taus2, seed: 707)
    var counts = [Int](repeating: 0, count: table.count)
    for _ in 0..<200_000 { counts[table.sample(g)] += 1 }
    let pmf = (0..<table.count).map { Probability.negativeBinomialPmf($0, p: p, n: size) }
    let total = pmf.reduce(0, +)
    #expect(abs(total - 1) < 1e-12)
    expectChiSquare(observed: counts, probabilities: pmf.map { $0 / total }, "GuideTable.negativeBinomial")
  }

  @Test("custom pmf with zeros: chi-square fit, zero cells never drawn")
  func customPmf() {
    let weights = [2.0, 0, 7, 1, 10, 0, 0.5, 0]
    let total = weights.reduce(0, +)
    let table = GuideTable(probabilities: weights)
    let g = Generator(kind: .mt19937, seed: 808)
    var counts = [Int](repeating: 0, count: weights.count)
    for _ in 0..<200_000 { counts[table.sample(g)] += 1 }
    for (i, w) in weights.enumerated() where w == 0 { #expect(counts[i] == 0, "zero-weight index \(i) drawn") }
    let cells = weights.indices.filter { weights[$0] > 0 }
    expectChiSquare(
      observed: cells.map { counts[$0] }, probabilities: cells.map { weights[$0] / total }, "custom pmf")
    #expect(table.cdf(-1) == 0 && table.cdf(weights.count) == 1 && table.cdf(6) == 1)
  }

  @Test("index(for:) is the smallest i with u < F(i), at boundaries and against a linear search")
  func inversionBoundaries() {
    let t = GuideTable(probabilities: [1, 0, 3])  // F = 0.25, 0.25, 1
    #expect(t.index(for: 0) == 0)
    #expect(t.index(for: 0.25.nextDown) == 0)
    #expect(t.index(for: 0.25) == 2)
    #expect(t.index(for: 1.0.nextDown) == 2)
    let leading = GuideTable(probabilities: [0, 0, 1, 1])
    #expect(leading.index(for: 0) == 2)
    #expect(leading.index(for: 0.5) == 3)
    let trailing = GuideTable(probabilities: [1, 1, 0, 0])
    #expect(trailing.index(for: 1.0.nextDown) == 1)
    let single = GuideTable(probabilities: [5])
    #expect(single.index(for: 0) == 0 && single.index(for: 1.0.nextDown) == 0)

    // A ragged table: inversion by the guide equals a plain linear search of the cdf.
    let g = Generator(kind: .taus2, seed: 909)
    let raw = (0..<1000).map { i in i % 7 == 0 ? 0 : pow(g.uniform(), 4) }
    let big = GuideTable(probabilities: raw)
    let cumulative = (0..<big.count).map { big.cdf($0) }
    var mismatches = 0
    for _ in 0..<100_000 {
      let u = g.uniform()
      let linear = cumulative.firstIndex { u < $0 } ?? big.count - 1
      if big.index(for: u) != linear { mismatches += 1 }
    }
    #expect(mismatches == 0)
  }
}

// MARK: - SeedSequence and determinism

/// The inverse of MurmurHash3's fmix32, built step by step (each step is invertible).
private func inverseFmix32(_ x: UInt32) -> UInt32 {
  func inverseOdd(_ c: UInt32) -> UInt32 {
    var y = c  // correct to 3 bits; Newton doubles the bits each step
    for _ in 0..<5 { y = y &* (2 &- c &* y) }
    return y
  }
  var h = x
  h ^= h >> 16
  h = h &* inverseOdd(0xC2B2_AE35)
  h ^= (h >> 13) ^ (h >> 26)
  h = h &* inverseOdd(0x85EB_CA6B)
  h ^= h >> 16
  return h
}

@Suite("SeedSequence")
struct SeedSequenceTests {
  @Test("fmix32 is a bijection: it has a two-sided inverse")
  func fmix32Bijection() {
    #expect(SeedSequence.fmix32(0) == 0)
    var failures = 0
    var x: UInt32 = 0
    for i in 0..<1_000_000 {
      x = UInt32(truncatingIfNeeded: i) &* 0x9E37_79B9 &+ 0x7F4A_7C15
      if inverseFmix32(SeedSequence.fmix32(x)) != x || SeedSequence.fmix32(inverseFmix32(x)) != x { failures += 1 }
    }
    for edge: UInt32 in [0, 1, 0x8000_0000, .max, .max - 1] where inverseFmix32(SeedSequence.fmix32(edge)) != edge {
      failures += 1
    }
    #expect(failures == 0)
  }

  @Test("splitmix64 matches the reference first output")
  func splitmix64Reference() {
    // The first output of SplitMix64 seeded with 0 (Steele, Lea & Flood's reference code).
    #expect(SeedSequence.splitmix64(0) == 0xE220_A839_7B1D_CDAF)
  }

  @Test(
    "100,000 chunks get distinct, non-zero seeds",
    arguments: [0, 1, 42, 0xDEAD_BEEF, UInt64.max] as [UInt64])
  func distinctSeeds(master: UInt64) {
    let seq = SeedSequence(masterSeed: master)
    let seeds = (0..<100_000).map { seq.seed(forChunk: $0) }
    #expect(Set(seeds).count == seeds.count)
    #expect(!seeds.contains(0))
  }

  @Test("same master seed, same chunk seeds; different master seeds differ")
  func seedDeterminism() {
    let a = SeedSequence(masterSeed: 2024)
    let b = SeedSequence(masterSeed: 2024)
    let c = SeedSequence(masterSeed: 2025)
    #expect(a == b)
    #expect((0..<1000).allSatisfy { a.seed(forChunk: $0) == b.seed(forChunk: $0) })
    #expect((0..<1000).filter { a.seed(forChunk: $0) == c.seed(forChunk: $0) }.count <= 1)
  }

  @Test("same seed, same stream (every kind, every sampler); different seeds, different streams",
        arguments: GeneratorKind.allCases)
  func streamDeterminism(kind: GeneratorKind) {
    func stream(_ seed: UInt32) -> [Double] {
      let g = Generator(kind: kind, seed: seed)
      var out: [Double] = []
      for _ in 0..<500 {
        out.append(g.uniform())
        out.append(g.gaussian())
        out.append(Double(g.poisson(mean: 3)))
        out.append(Double(g.uniformInt(1000)))
        out.append(g.gamma(shape: 0.7, scale: 2))
        out.append(Double(g.negativeBinomial(p: 0.4, n: 1.3)))
      }
      return out
    }
    let seed = SeedSequence(masterSeed: 99).seed(forChunk: 3)
    #expect(stream(seed) == stream(seed))
    #expect(stream(seed) != stream(SeedSequence(masterSeed: 99).seed(forChunk: 4)))
    #expect(Generator(kind: kind, seed: 1).kind == kind)
  }

  @Test("first draws of consecutive chunks are independent uniforms")
  func chunkStreamsLookIndependent() {
    let seq = SeedSequence(masterSeed: 12_345)
    let n = 100_000
    let firsts = (0..<n).map { Generator(kind: .taus2, seed: seq.seed(forChunk: $0)).uniform() }
    expectKS(firsts, "first uniform of each chunk") { min(max($0, 0), 1) }
    // Lag-1 correlation of neighbouring chunks: SE 1/sqrt(n) under independence.
    let m = firsts.reduce(0, +) / Double(n)
    var num = 0.0
    var den = 0.0
    for i in 0..<n {
      den += (firsts[i] - m) * (firsts[i] - m)
      if i > 0 { num += (firsts[i] - m) * (firsts[i - 1] - m) }
    }
    let r = num / den
    #expect(abs(r) <= 4 / Double(n).squareRoot(), "lag-1 correlation \(r)")
  }
}

// MARK: - Probability functions

@Suite("Probability")
struct ProbabilityTests {
  @Test("normal CDF, tail and quantile")
  func normal() {
    #expect(isClose(Probability.normalP(1.96), 0.9750021048517795, rel: 1e-12))
    #expect(isClose(Probability.normalQ(3), 0.0013498980316300933, rel: 1e-12))
    #expect(isClose(Probability.normalQ(8), 6.22096057427174e-16, rel: 1e-10))
    #expect(isClose(Probability.normalPinv(0.975), 1.959963984540054, rel: 1e-12))
    #expect(Probability.normalP(0) == 0.5)
  }

  @Test("lognormal: median e^mu, tail, quantile round trips")
  func lognormal() {
    let mu = 7.561
    let s = 1.706
    #expect(isClose(Probability.lognormalP(exp(mu), mu: mu, sigma: s), 0.5, rel: 1e-14))
    #expect(isClose(Probability.lognormalQ(exp(mu + s), mu: mu, sigma: s), 0.15865525393145707, rel: 1e-12))
    #expect(Probability.lognormalP(0, mu: mu, sigma: s) == 0 && Probability.lognormalQ(-1, mu: mu, sigma: s) == 1)
    #expect(isClose(Probability.lognormalPinv(0.5, mu: mu, sigma: s), exp(mu), rel: 1e-12))
    #expect(isClose(Probability.lognormalQinv(0.15865525393145707, mu: mu, sigma: s), exp(mu + s), rel: 1e-10))
  }

  @Test("gamma: closed forms at shape 1 and 2, quantile round trip")
  func gamma() {
    #expect(isClose(Probability.gammaP(3, shape: 1, scale: 2), -expm1(-1.5), rel: 1e-13))
    #expect(isClose(Probability.gammaP(2, shape: 2, scale: 1), 0.5939941502901619, rel: 1e-13))
    #expect(isClose(Probability.gammaQ(2, shape: 2, scale: 1), 3 * exp(-2), rel: 1e-13))
    #expect(isClose(Probability.gammaP(3, shape: 2.5, scale: 1), 0.6937810815867212, rel: 1e-12))
    // A swapped (shape, scale) would give P(3; 1, 2.5) here.
    #expect(isClose(Probability.gammaP(7.5, shape: 2.5, scale: 2.5), 0.6937810815867212, rel: 1e-12))
    let x = Probability.gammaPinv(0.99, shape: 2.5, scale: 1200)
    #expect(isClose(Probability.gammaP(x, shape: 2.5, scale: 1200), 0.99, rel: 1e-12))
    let y = Probability.gammaQinv(1e-6, shape: 2.5, scale: 1200)
    #expect(isClose(Probability.gammaQ(y, shape: 2.5, scale: 1200), 1e-6, rel: 1e-9))
  }

  @Test("pareto, weibull, exponential: closed forms and quantiles")
  func paretoWeibullExponential() {
    #expect(isClose(Probability.paretoQ(20_000, scale: 10_000, shape: 2.5), pow(2, -2.5), rel: 1e-13))
    #expect(Probability.paretoP(10_000, scale: 10_000, shape: 2.5) == 0)
    #expect(isClose(Probability.paretoQinv(0.25, scale: 1, shape: 2), 2, rel: 1e-13))
    #expect(isClose(Probability.paretoPinv(0.75, scale: 3, shape: 2), 6, rel: 1e-13))
    #expect(isClose(Probability.weibullQ(3000, shape: 0.8, scale: 3000), exp(-1), rel: 1e-13))
    #expect(isClose(Probability.weibullP(6000, shape: 2, scale: 3000), -expm1(-4), rel: 1e-13))
    #expect(isClose(Probability.weibullQinv(exp(-4), shape: 2, scale: 3000), 6000, rel: 1e-12))
    #expect(isClose(Probability.weibullPinv(-expm1(-1), shape: 0.8, scale: 3000), 3000, rel: 1e-12))
    #expect(isClose(Probability.exponentialP(2500 * log(2), mean: 2500), 0.5, rel: 1e-13))
    #expect(isClose(Probability.exponentialQ(5000, mean: 2500), exp(-2), rel: 1e-13))
    #expect(isClose(Probability.exponentialPinv(0.5, mean: 2500), 2500 * log(2), rel: 1e-13))
    #expect(isClose(Probability.exponentialQinv(exp(-2), mean: 2500), 5000, rel: 1e-12))
  }

  @Test("Poisson and negative binomial pmf/cdf/tail")
  func counting() {
    #expect(isClose(Probability.poissonP(2, mean: 1), 0.9196986029286058, rel: 1e-13))
    #expect(isClose(Probability.poissonQ(2, mean: 1), 0.08030139707139418, rel: 1e-12))
    #expect(isClose(Probability.poissonPmf(3, mean: 2), 0.18044704431548356, rel: 1e-13))
    #expect(Probability.poissonP(-1, mean: 2) == 0 && Probability.poissonPmf(-1, mean: 2) == 0)
    #expect(isClose(Probability.negativeBinomialPmf(0, p: 0.3, n: 2.5), pow(0.3, 2.5), rel: 1e-12))
    // n = 1 is geometric: P(N ≤ k) = 1 − (1−p)^{k+1}.
    #expect(isClose(Probability.negativeBinomialP(4, p: 0.2, n: 1), 1 - pow(0.8, 5), rel: 1e-12))
    #expect(isClose(Probability.negativeBinomialQ(4, p: 0.2, n: 1), pow(0.8, 5), rel: 1e-12))
    #expect(isClose(Probability.negativeBinomialPmf(2, p: 0.2, n: 1), 0.2 * 0.64, rel: 1e-12))
  }

  @Test("special functions: Γ, incomplete gamma, chi-square tail, Kolmogorov tail")
  func special() {
    #expect(isClose(Probability.gammaFunction(5), 24, rel: 1e-14))
    #expect(isClose(Probability.gammaFunction(0.5), Double.pi.squareRoot(), rel: 1e-14))
    #expect(isClose(Probability.incompleteGammaP(1, 0.7), -expm1(-0.7), rel: 1e-13))
    #expect(isClose(Probability.incompleteGammaP(0.5, 2), erf(2.0.squareRoot()), rel: 1e-13))
    #expect(Probability.incompleteGammaP(2, 0) == 0)
    #expect(isClose(Probability.chiSquareQ(3.8414588206941285, dof: 1), 0.05, rel: 1e-12))
    #expect(isClose(Probability.chiSquareQ(10, dof: 5), 0.07523524614651217, rel: 1e-12))
    #expect(isClose(Probability.chiSquareQ(7, dof: 2), exp(-3.5), rel: 1e-13))
    #expect(isClose(Probability.kolmogorovQ(0.5), 0.9639452436648751, rel: 1e-12))
    #expect(isClose(Probability.kolmogorovQ(1.0), 0.26999967167735456, rel: 1e-12))
    #expect(isClose(Probability.kolmogorovQ(1.3580986393225505), 0.05, rel: 1e-12))
    #expect(isClose(Probability.kolmogorovQ(1.9494746035043753), 0.001, rel: 1e-10))
    #expect(Probability.kolmogorovQ(0.1) == 1)
    #expect(Probability.kolmogorovQ(ksCritical) < 0.001)
  }
}
