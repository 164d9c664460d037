// ScenarioSource.swift: the scenario file a result came from (its name and SHA-256) and the
// defaults that were applied to it, recorded in JSON and CSV so that a result can be
// reproduced from the file alone.
import ClaimsModel
import Crypto
import Foundation

struct ScenarioSource {
  /// The file name as given on the command line.
  let path: String
  /// Hex SHA-256 of the file's bytes.
  let sha256: String

  init(path: String) {
    self.path = path
    let data = FileManager.default.contents(atPath: path) ?? Data()
    sha256 = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
  }

  var fileName: String { (path as NSString).lastPathComponent }

  var csvPairs: [(String, String)] { [("scenario_file", fileName), ("scenario_sha256", sha256)] }

  var json: JSONValue { .object([("name", .string(fileName)), ("path", .string(path)), ("sha256", .string(sha256))]) }

  /// The applied settings as CSV comment pairs (lists space-separated).
  static func appliedCSVPairs(_ s: Scenario) -> [(String, String)] {
    var pairs: [(String, String)] = [
      ("trend", CSVFormat.number(s.claims.trend)), ("group_parameter_cv", CSVFormat.number(s.claims.groupParameterCV)),
      ("lag_pmf", s.claims.blendedLag.map { CSVFormat.number($0) }.joined(separator: " ")),
      ("member_weights", s.claims.memberWeights != nil ? "calibrated" : "none"),
    ]
    if let cs = s.claims.costSharing {
      pairs.append(("cost_sharing", "deductible \(CSVFormat.number(cs.deductible)) coinsurance \(CSVFormat.number(cs.coinsurance)) out_of_pocket_max \(CSVFormat.number(cs.outOfPocketMax))"))
    } else {
      pairs.append(("cost_sharing", "none"))
    }
    return pairs
  }

  /// The claim-model settings in force after defaults were applied (trend, lag, cost sharing,
  /// group parameter CV, seasonality, member weights), as the engine will use them.
  static func appliedSettings(_ s: Scenario) -> [(String, JSONValue)] {
    var o: [(String, JSONValue)] = [
      ("trend", .number(s.claims.trend)),
      ("group_parameter_cv", .number(s.claims.groupParameterCV)),
      ("lag_pmf", .array(s.claims.blendedLag.map { .number($0) })),
      ("seasonality", .array(s.claims.seasonality.map { .number($0) })),
      ("member_weights", .bool(s.claims.memberWeights != nil)),
    ]
    if let cs = s.claims.costSharing {
      o.append(("cost_sharing", .object([
        ("deductible", .number(cs.deductible)), ("coinsurance", .number(cs.coinsurance)), ("out_of_pocket_max", .number(cs.outOfPocketMax)),
      ])))
    } else {
      o.append(("cost_sharing", .null))
    }
    o.append(("trials", .integer(s.simulation.trials)))
    o.append(("seed", .unsigned(s.simulation.seed)))
    o.append(("generator", .string(s.simulation.generator.rawValue)))
    return o
  }
}
