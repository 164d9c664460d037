// ParallelSortTests.swift: a summary sorted on two cores (halves sorted apart, then merged) is
// the summary of the plainly sorted sample: every value in place, every percentile, for sizes
// around the two-core threshold, with ties and signed zeros.
import ClaimsEngine
import Testing

@Suite("Summaries sorted on two cores")
struct ParallelSortTests {
  /// A heavy-tailed sample with many ties (about 30% zeros, some −0.0) from SplitMix64.
  static func sample(_ n: Int, seed: UInt64) -> [Double] {
    var state = seed
    return (0..<n).map { i in
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      z ^= z >> 31
      let u = Double(z >> 11) / Double(1 << 53)
      if u < 0.3 { return i % 7 == 0 ? -0.0 : 0 }
      return (1000 / (1 - u)).rounded()   // Pareto-like, rounded to whole dollars: many ties
    }
  }

  @Test("Same sorted values and summary as one plain sort", arguments: [1_000, 16_383, 16_384, 16_385, 200_001])
  func matchesPlainSort(_ n: Int) {
    let values = Self.sample(n, seed: UInt64(n))
    let plain = values.sorted()
    for workers in [1, 2] {
      var v = values
      let s = MetricSummary.summarize(&v, extraLevels: [0.999], workers: workers)
      #expect(v == plain, "n = \(n), workers = \(workers): sorted values differ")
      #expect(s.min == plain[0] && s.max == plain[n - 1])
      for (i, level) in MetricSummary.levels.enumerated() {
        #expect(s.percentiles[i] == MetricSummary.quantile(sortedValues: plain, level.p))
      }
      #expect(s.extraPercentiles[0] == MetricSummary.quantile(sortedValues: plain, 0.999))
    }
  }

  @Test("The order of −0.0 and +0.0 does not depend on the worker count")
  func signedZeros() {
    let values = Self.sample(150_000, seed: 7)
    var one = values
    var two = values
    _ = MetricSummary.summarize(&one, workers: 1)
    _ = MetricSummary.summarize(&two, workers: 2)
    #expect(one.map(\.bitPattern) == two.map(\.bitPattern))
  }
}
