// BundledScenarios.swift: the scenarios the page can open, read once at start-up from the
// server's own Scenarios directory; a request names one by name, never by path.
import Foundation
import Yams

struct BundledScenario: Codable, Sendable {
  var name: String      // the file name without `.yaml`, e.g. "abc-incorporated"
  var title: String     // the scenario's `name:`
  var text: String
}

struct BundledScenarios: Sendable {
  var items: [BundledScenario] = []

  init(directory: URL?) {
    guard let directory,
          let files = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return }
    for file in files.sorted() where file.hasSuffix(".yaml") {
      guard let text = try? String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8) else { continue }
      // Scenarios that name another file (a members_file census) cannot be sent back as a body.
      guard let node = try? Yams.compose(yaml: text), ScenarioBody.firstPathKey(node, path: "") == nil else { continue }
      let title = node["name"]?.string ?? String(file.dropLast(5))
      items.append(BundledScenario(name: String(file.dropLast(5)), title: title, text: text))
    }
  }

  subscript(name: String) -> BundledScenario? { items.first { $0.name == name } }
}
