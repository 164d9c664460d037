// ZigguratTests.swift: the 128-layer ziggurat over raw 32-bit words against the standard
// normal law: Kolmogorov–Smirnov over the body, tail frequencies beyond 2, 3 and 3.44 (the
// ziggurat's own tail boundary r) and 4, and the first four moments; the same for
// mt19937 words.
import GSLRandom
import Foundation
import Testing

@Suite("Ziggurat normal sampler")
struct ZigguratTests {
  @Test("Standard normal law", arguments: [GeneratorKind.taus2, .mt19937])
  func law(_ kind: GeneratorKind) {
    let g = Generator(kind: kind, seed: 2024)
    let n = 1_000_000
    var x = (0..<n).map { _ in g.gaussian() }
    // Moments: mean 0 (SE 1/√n), variance 1 (SE √(2/n)), skewness 0 (SE √(6/n)),
    // kurtosis 3 (SE √(24/n)).
    let mean = x.reduce(0, +) / Double(n)
    let m2 = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)
    let m3 = x.reduce(0) { $0 + Foundation.pow($1 - mean, 3) } / Double(n)
    let m4 = x.reduce(0) { $0 + Foundation.pow($1 - mean, 4) } / Double(n)
    let N = Double(n)
    #expect(abs(mean) < 4 / N.squareRoot())
    #expect(abs(m2 - 1) < 4 * (2 / N).squareRoot())
    #expect(abs(m3) < 4 * (6 / N).squareRoot())
    #expect(abs(m4 - 3) < 4 * (96 / N).squareRoot())
    // Tails, two-sided: binomial tolerance of 4 standard errors.
    for t in [2.0, 3.0, ZigguratTestsConstants.r, 4.0] {
      let p = 2 * Probability.normalQ(t)
      let hits = Double(x.reduce(0) { $0 + (abs($1) > t ? 1 : 0) })
      #expect(abs(hits / N - p) < 4 * (p * (1 - p) / N).squareRoot(), "P(|Z| > \(t)) = \(hits / N), expected \(p)")
    }
    // Kolmogorov–Smirnov: √n·D below 1.95 (α = 0.001).
    x.sort()
    var d = 0.0
    for (i, v) in x.enumerated() {
      let f = Probability.normalP(v)
      d = max(d, abs(f - Double(i) / N), abs(Double(i + 1) / N - f))
    }
    #expect(N.squareRoot() * d < 1.95, "KS √n·D = \(N.squareRoot() * d)")
  }
}

enum ZigguratTestsConstants {
  /// The ziggurat's base-strip boundary (Marsaglia–Tsang, 128 layers).
  static let r = 3.442619855899
}
