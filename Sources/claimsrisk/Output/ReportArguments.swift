// ReportArguments.swift: `--percentiles` and `--trials-csv`, the report options of simulate
// and compare.
import ArgumentParser
import ClaimsEngine
import Foundation

struct ReportArguments: ParsableArguments {
  @Option(help: "Percentiles to report instead of P50, P75, P90, P95, P99, P99.5: levels in percent, comma-separated (e.g. 80,97.5,99.9); in the table, JSON (keys p80, p97_5, p99_9) and CSV.")
  var percentiles: String?

  @Option(name: .customLong("trials-csv"), help: "Also write one row per trial (the key quantities of each simulated year) to this CSV file.")
  var trialsCSV: String?

  init() {}

  func validate() throws {
    _ = try levels()
  }

  /// The levels as fractions, in the order given; nil without `--percentiles`.
  func levels() throws -> [Double]? {
    guard let percentiles else { return nil }
    var levels: [Double] = []
    for part in percentiles.split(separator: ",", omittingEmptySubsequences: false) {
      let text = part.trimmingCharacters(in: .whitespaces)
      guard let v = Double(text), v.isFinite else {
        throw ValidationError("'--percentiles': '\(text)' is not a number; write levels in percent, e.g. --percentiles 80,97.5,99.9")
      }
      guard v > 0 && v < 100 else {
        throw ValidationError("'--percentiles': \(text) must lie strictly between 0 and 100 (a level in percent: 99.5, not 0.995)")
      }
      levels.append(v / 100)
    }
    guard !levels.isEmpty, levels.count <= 20 else {
      throw ValidationError("'--percentiles': give from 1 to 20 levels, got \(levels.count)")
    }
    if levels.allSatisfy({ $0 < 0.01 }) {
      throw ValidationError("'--percentiles \(percentiles)': every level is below 1, which looks like fractions; levels are in percent (write 99.5, not 0.995)")
    }
    guard Set(levels).count == levels.count else { throw ValidationError("'--percentiles': a level is repeated") }
    return levels
  }

  /// Sets the extra levels the engine computes.
  func apply(to options: inout RunOptions) throws {
    options.extraPercentileLevels = try levels() ?? []
  }
}
