// ScenarioBody.swift: the scenario a request carries, checked before a run is queued: UTF-8,
// a YAML or JSON mapping, no file-system path, and a trial count within the server's cap.
import Foundation
import Yams

struct ScenarioBody: Sendable {
  var text: String
  /// `simulation.trials` of the scenario, when it gives one as a whole number.
  var trials: Int?

  /// Keys whose values the CLI would read as file-system paths; a request may not name files.
  static func isPathKey(_ key: String) -> Bool {
    key == "file" || key == "path" || key.hasSuffix("_file") || key.hasSuffix("_path")
  }

  init(bytes: [UInt8]) throws(APIError) {
    guard !bytes.isEmpty else {
      throw APIError(.badRequest, "the request body is empty; send a scenario (YAML or JSON) as the body")
    }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw APIError(.badRequest, "the request body is not UTF-8 text; send a scenario (YAML or JSON)")
    }
    self.text = text
    // A document that does not parse is left to the CLI, whose message names line and column.
    guard let node = try? Yams.compose(yaml: text) else { return }
    guard case .mapping(let root) = node else {
      throw APIError(.unprocessableContent, "scenario: expected a mapping of scenario keys (format, name, census, claims, stop_loss, ...)")
    }
    if let key = Self.firstPathKey(node, path: "") {
      throw APIError(.unprocessableContent, issues: [FieldIssue(
        message: "scenario: \(key): the workbench does not read files named in a request; put the data in the scenario itself (e.g. census.tiers), or run `claimsrisk` on the file",
        path: key)])
    }
    if case .mapping(let sim)? = root["simulation"], let t = sim["trials"]?.int { trials = t }
  }

  static func firstPathKey(_ node: Node, path: String) -> String? {
    switch node {
    case .mapping(let map):
      for (k, v) in map {
        let key = k.string ?? ""
        let here = path.isEmpty ? key : "\(path).\(key)"
        if isPathKey(key) { return here }
        if let found = firstPathKey(v, path: here) { return found }
      }
    case .sequence(let seq):
      for (i, v) in seq.enumerated() {
        if let found = firstPathKey(v, path: "\(path)[\(i)]") { return found }
      }
    default: break
    }
    return nil
  }
}
