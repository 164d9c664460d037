// RunArguments.swift: a run's query string (`?trials=N&seed=S&format=...`) checked and turned
// into the `claimsrisk` command line. Values are passed glued (`--specific=...`), so nothing
// in a query can become a flag of its own; the CLI checks them and its messages answer 400.
import Foundation
import Hummingbird

enum RunCommand: String, CaseIterable, Sendable {
  case validate, simulate, compare, attach
}

enum OutputFormat: String, Sendable {
  case json, csv, html, table
  var contentType: String {
    switch self {
    case .json: "application/json; charset=utf-8"
    case .csv: "text/csv; charset=utf-8"
    case .html: "text/html; charset=utf-8"
    case .table: "text/plain; charset=utf-8"
    }
  }
}

struct RunArguments: Sendable {
  var command: RunCommand
  var format: OutputFormat = .json
  var trials: Int?
  var seed: UInt64?
  /// Command-specific flags, already as `--name=value`.
  var extra: [String] = []

  static let allowed: [RunCommand: Set<String>] = [
    .validate: ["run"],
    .simulate: ["run", "trials", "seed", "format", "method"],
    .compare: ["run", "trials", "seed", "format", "specific", "corridor", "basis"],
    .attach: ["run", "trials", "seed", "format", "probability", "curve", "corridors"],
  ]

  init(command: RunCommand, query: Parameters, maxTrials: Int) throws(APIError) {
    self.command = command
    let allowed = Self.allowed[command]!
    for (key, _) in query where !allowed.contains(String(key)) {
      throw APIError(.badRequest, "unknown query parameter '\(key)' for /api/\(command.rawValue); expected \(allowed.sorted().joined(separator: ", "))")
    }
    if let t = query["trials"] {
      guard let v = Int(t), v >= 1 else {
        throw APIError(.badRequest, "trials: '\(t)' is not a whole number of at least 1")
      }
      trials = v
    }
    if let s = query["seed"] {
      guard let v = UInt64(s) else { throw APIError(.badRequest, "seed: '\(s)' is not a whole number from 0 to 18446744073709551615") }
      seed = v
    }
    if let f = query["format"] {
      guard let v = OutputFormat(rawValue: String(f)), !(command == .attach && v == .html) else {
        throw APIError(.badRequest, "format: '\(f)' is not one of \(command == .attach ? "json, csv, table" : "json, csv, html, table")")
      }
      format = v
    }
    for key in ["method", "specific", "corridor", "basis", "probability", "corridors"] {
      if let v = query[Substring(key)] { extra.append("--\(key)=\(v)") }
    }
    if let c = query["curve"] {
      switch c {
      case "true", "1", "yes": extra.append("--curve")
      case "false", "0", "no": break
      default: throw APIError(.badRequest, "curve: '\(c)' is not true or false")
      }
    }
  }

  /// The trials the run will use: the query's, else the scenario's, else the CLI default.
  mutating func settle(scenarioTrials: Int?, maxTrials: Int) throws(APIError) {
    guard command != .validate else { return }
    let n = trials ?? scenarioTrials ?? 10_000
    guard n <= maxTrials else {
      throw APIError(.badRequest, issues: [FieldIssue(
        message: "trials: \(n) is more than this server's cap of \(maxTrials) (claimsrisk-serve --max-trials); use ?trials=\(maxTrials) or fewer",
        path: trials == nil ? "simulation.trials" : nil)])
    }
    trials = n
  }

  func arguments(scenarioPath: String) -> [String] {
    if command == .validate { return ["validate", scenarioPath] }
    var args = [command.rawValue, scenarioPath, "--format", format.rawValue, "--quiet"]
    if let trials { args += ["--trials", String(trials)] }
    if let seed { args += ["--seed", String(seed)] }
    return args + extra
  }
}
