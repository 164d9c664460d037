// Statistics.swift: summaries of one per-trial quantity. Percentiles follow one convention,
// Hyndman & Fan type 7 (R's default, numpy's "linear"): for a sorted sample x_0 ≤ … ≤ x_{n−1},
// Q(p) = x_⌊h⌋ + (h − ⌊h⌋)(x_⌊h⌋+1 − x_⌊h⌋) with h = (n − 1)p.
// User doc: docs/model.md, "Statistics".
internal import Foundation

/// Mean, spread, percentiles and tail of one quantity over the trials, each with its Monte
/// Carlo standard error where one is defined.
public struct MetricSummary: Sendable, Hashable {
  public var mean: Double
  /// Standard error of the mean: std_dev / √n.
  public var stdError: Double
  /// Sample standard deviation (divisor n − 1).
  public var stdDev: Double
  /// Percentiles at ``MetricSummary/levels`` (type 7).
  public var percentiles: [Double]
  /// Standard errors of the percentiles from the order-statistic bracket: half the distance
  /// between the order statistics at n·p ± √(n·p·(1 − p)) (a distribution-free ≈68% interval).
  public var percentileStdErrors: [Double]
  /// Tail value at risk at 95%: the mean of the largest ⌈0.05·n⌉ trials.
  public var tvar95: Double
  public var min: Double
  public var max: Double
  /// Percentiles asked for beyond ``MetricSummary/levels`` (`--percentiles`), at
  /// `extraLevels`, with their standard errors (the same order-statistic bracket).
  public var extraLevels: [Double] = []
  public var extraPercentiles: [Double] = []
  public var extraPercentileStdErrors: [Double] = []

  /// The percentile levels reported, and their JSON keys.
  public static let levels: [(key: String, p: Double)] = [
    ("p50", 0.50), ("p75", 0.75), ("p90", 0.90), ("p95", 0.95), ("p99", 0.99), ("p99_5", 0.995),
  ]

  public func percentile(_ key: String) -> Double? {
    MetricSummary.levels.firstIndex { $0.key == key }.map { percentiles[$0] }
  }

  /// The percentile at level p and its standard error: a standard level or an extra one.
  public func percentile(at p: Double) -> (value: Double, stdError: Double)? {
    if let i = MetricSummary.levels.firstIndex(where: { abs($0.p - p) < 1e-12 }) { return (percentiles[i], percentileStdErrors[i]) }
    if let i = extraLevels.firstIndex(where: { abs($0 - p) < 1e-12 }) { return (extraPercentiles[i], extraPercentileStdErrors[i]) }
    return nil
  }

  /// Summarizes `values` (sorted in place); `workers` ≥ 2 sorts a large sample on two cores
  /// (the summary is the same whatever `workers` is).
  /// - Complexity: O(n log n).
  public static func summarize(_ values: inout [Double], extraLevels: [Double] = [], workers: Int = 1) -> MetricSummary {
    let n = values.count
    precondition(n > 0, "cannot summarize zero trials")
    var sum = 0.0
    for x in values { sum += x }
    let mean = sum / Double(n)
    var ss = 0.0
    for x in values { ss += (x - mean) * (x - mean) }
    let sd = n > 1 ? (ss / Double(n - 1)).squareRoot() : 0
    ParallelSort.sort(&values, workers: workers)
    let ps = levels.map { quantile(sortedValues: values, $0.p) }
    let ses = levels.map { percentileStdError(sortedValues: values, $0.p) }
    let tail = Swift.max(1, Int((0.05 * Double(n)).rounded(.up)))
    var tailSum = 0.0
    for x in values[(n - tail)...] { tailSum += x }
    return MetricSummary(
      mean: mean, stdError: sd / Double(n).squareRoot(), stdDev: sd, percentiles: ps,
      percentileStdErrors: ses, tvar95: tailSum / Double(tail), min: values[0], max: values[n - 1],
      extraLevels: extraLevels, extraPercentiles: extraLevels.map { quantile(sortedValues: values, $0) },
      extraPercentileStdErrors: extraLevels.map { percentileStdError(sortedValues: values, $0) })
  }

  /// The quantile at level p read off a sketch's grid (linear between grid points).
  public static func quantileOf(_ sketch: DistributionSketch, _ p: Double) -> Double {
    let q = sketch.quantiles
    for i in 1..<q.count where q[i].p >= p {
      let a = q[i - 1]
      let b = q[i]
      return b.p > a.p ? a.x + (p - a.p) / (b.p - a.p) * (b.x - a.x) : b.x
    }
    return q.last?.x ?? 0
  }

  /// A quantile of a summary interpolated between its reported percentiles (p50…p99.5),
  /// with min below p50.
  public static func quantileOfSummary(_ s: MetricSummary, _ p: Double) -> Double {
    let points = [(0.0, s.min)] + zip(levels.map(\.p), s.percentiles).map { ($0, $1) } + [(1.0, s.max)]
    for i in 1..<points.count where points[i].0 >= p {
      let a = points[i - 1]
      let b = points[i]
      return a.1 + (p - a.0) / (b.0 - a.0) * (b.1 - a.1)
    }
    return s.max
  }

  /// The type-7 quantile of a sorted sample. `p` must lie in [0, 1].
  public static func quantile(sortedValues x: [Double], _ p: Double) -> Double {
    precondition(p >= 0 && p <= 1, "a percentile level must lie in [0, 1], got \(p)")
    let n = x.count
    if n == 1 { return x[0] }
    let h = Double(n - 1) * p
    let lo = Int(h.rounded(.down))
    if lo >= n - 1 { return x[n - 1] }
    return x[lo] + (h - Double(lo)) * (x[lo + 1] - x[lo])
  }

  static func percentileStdError(sortedValues x: [Double], _ p: Double) -> Double {
    let n = Double(x.count)
    let half = (n * p * (1 - p)).squareRoot()
    func at(_ k: Double) -> Double {
      let kk = Swift.min(Swift.max(k, 0), n - 1)
      return quantile(sortedValues: x, kk / Swift.max(n - 1, 1))
    }
    return 0.5 * (at(n * p + half) - at(n * p - half))
  }
}

/// A proportion over the trials with its binomial standard error √(p(1 − p)/n).
public struct Proportion: Sendable, Hashable {
  public var value: Double
  public var stdError: Double

  public init(value: Double, stdError: Double) {
    self.value = value
    self.stdError = stdError
  }

  public init(successes: Int, trials: Int) {
    value = Double(successes) / Double(trials)
    stdError = (value * (1 - value) / Double(trials)).squareRoot()
  }
}

/// A compact picture of a distribution for charts: quantiles on a fixed grid of levels and a
/// histogram up to the 99.5th percentile (the rest counted as overflow).
public struct DistributionSketch: Sendable {
  /// (level p, quantile x) pairs, p from 0 to 1.
  public var quantiles: [(p: Double, x: Double)]
  public var histogramLower: Double
  public var histogramWidth: Double
  public var histogramCounts: [Int]
  public var overflow: Int
  public var trials: Int

  /// The levels of ``quantiles``: 0, 0.005, …, 0.995, then 0.999, 0.9995, 1.
  public static let levels: [Double] = (0...199).map { Double($0) / 200 } + [0.995, 0.999, 0.9995, 1]

  /// Builds the sketch of a sorted sample.
  public static func make(sortedValues x: [Double], bins: Int = 40) -> DistributionSketch {
    let q = levels.map { (p: $0, x: MetricSummary.quantile(sortedValues: x, $0)) }
    let lower = x.first ?? 0
    let upper = MetricSummary.quantile(sortedValues: x, 0.995)
    let width = upper > lower ? (upper - lower) / Double(bins) : 1
    var counts = Array(repeating: 0, count: bins)
    var overflow = 0
    for v in x {
      let b = Int((v - lower) / width)
      if b >= bins { if v > upper { overflow += 1 } else { counts[bins - 1] += 1 } } else { counts[max(0, b)] += 1 }
    }
    return DistributionSketch(
      quantiles: q, histogramLower: lower, histogramWidth: width, histogramCounts: counts,
      overflow: overflow, trials: x.count)
  }

  /// P(X ≤ 0) read off the grid (for savings: the probability of no saving).
  public var exceedanceAtOrBelowZero: Double { 1 - exceedance(0) }

  /// P(X > t), read off the quantile grid (linear between grid points).
  public func exceedance(_ t: Double) -> Double {
    guard let first = quantiles.first, let last = quantiles.last else { return 0 }
    if t < first.x { return 1 }
    if t >= last.x { return 0 }
    for i in 1..<quantiles.count where quantiles[i].x > t {
      let a = quantiles[i - 1]
      let b = quantiles[i]
      let f = b.x > a.x ? (t - a.x) / (b.x - a.x) : 1
      return 1 - (a.p + f * (b.p - a.p))
    }
    return 0
  }
}
