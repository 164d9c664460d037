// Report+Percentiles.swift: the percentile levels a report shows: the standard P50…P99.5, or
// the levels of `--percentiles` (e.g. 80,97.5,99.9), with their JSON/CSV keys and labels.
import ClaimsEngine
import Foundation

struct PercentileLevel {
  let p: Double
  /// "p97_5" (JSON and CSV key).
  var key: String { "p" + Self.digits(p).replacingOccurrences(of: ".", with: "_") }
  /// "P97.5" (table header).
  var label: String { "P" + Self.digits(p) }

  static func digits(_ p: Double) -> String {
    var t = String(format: "%.4f", p * 100)
    while t.hasSuffix("0") { t.removeLast() }
    if t.hasSuffix(".") { t.removeLast() }
    return t
  }

  static let standard = MetricSummary.levels.map { PercentileLevel(p: $0.p) }
}

extension Report {
  var percentileLevels: [PercentileLevel] {
    requestedPercentiles.map { $0.map { PercentileLevel(p: $0) } } ?? PercentileLevel.standard
  }

  /// The summary's values at `levels` (NaN where a level was not computed, e.g. the exact method).
  func percentiles(_ s: MetricSummary, _ levels: [PercentileLevel]) -> [Double] {
    levels.map { s.percentile(at: $0.p)?.value ?? .nan }
  }

  func percentileStdErrors(_ s: MetricSummary, _ levels: [PercentileLevel]) -> [Double] {
    levels.map { s.percentile(at: $0.p)?.stdError ?? .nan }
  }
}
