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

  /// The percentile levels reported, and their JSON keys.
  public static let levels: [(key: String, p: Double)] = [
    ("p50", 0.50), ("p75", 0.75), ("p90", 0.90), ("p95", 0.95), ("p99", 0.99), ("p99_5", 0.995),
  ]

  public func percentile(_ key: String) -> Double? {
    MetricSummary.levels.firstIndex { $0.key == key }.map { percentiles[$0] }
  }

  /// Summarizes `values` (sorted in place).
  /// - Complexity: O(n log n).
  public static func summarize(_ values: inout [Double]) -> MetricSummary {
    let n = values.count
    precondition(n > 0, "cannot summarize zero trials")
    var sum = 0.0
    for x in values { sum += x }
    let mean = sum / Double(n)
    var ss = 0.0
    for x in values { ss += (x - mean) * (x - mean) }
    let sd = n > 1 ? (ss / Double(n - 1)).squareRoot() : 0
    values.sort()
    let ps = levels.map { quantile(sortedValues: values, $0.p) }
    let ses = levels.map { percentileStdError(sortedValues: values, $0.p) }
    let tail = Swift.max(1, Int((0.05 * Double(n)).rounded(.up)))
    var tailSum = 0.0
    for x in values[(n - tail)...] { tailSum += x }
    return MetricSummary(
      mean: mean, stdError: sd / Double(n).squareRoot(), stdDev: sd, percentiles: ps,
      percentileStdErrors: ses, tvar95: tailSum / Double(tail), min: values[0], max: values[n - 1])
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

  public init(successes: Int, trials: Int) {
    value = Double(successes) / Double(trials)
    stdError = (value * (1 - value) / Double(trials)).squareRoot()
  }
}
