// ScenarioJSON.swift: `POST /api/parse`: a YAML or JSON scenario as a JSON object, so the
// page can edit it as data (the CLI reads the JSON it sends back just as it reads YAML).
import Foundation
import Yams

enum ScenarioJSON {
  static func convert(_ text: String) throws(APIError) -> Data {
    let value: Any?
    do {
      value = try Yams.load(yaml: text)
    } catch {
      throw APIError(.unprocessableContent, "scenario: not valid YAML or JSON: \(error)")
    }
    guard let map = value as? [AnyHashable: Any] else {
      throw APIError(.unprocessableContent, "scenario: expected a mapping of scenario keys (format, name, census, claims, stop_loss, ...)")
    }
    let object = ["scenario": jsonValue(map)]
    guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else {
      throw APIError(.unprocessableContent, "scenario: cannot be shown as JSON")
    }
    return data
  }

  /// Yams' values as JSON values: keys as strings, dates and data as text.
  static func jsonValue(_ value: Any) -> Any {
    switch value {
    case let map as [AnyHashable: Any]:
      var out: [String: Any] = [:]
      for (k, v) in map { out["\(k.base)"] = jsonValue(v) }
      return out
    case let list as [Any]: return list.map(jsonValue)
    case is NSNull: return NSNull()
    case let b as Bool: return b
    case let i as Int: return i
    case let d as Double: return d.isFinite ? d : "\(d)"
    case let s as String: return s
    default: return "\(value)"
    }
  }
}
