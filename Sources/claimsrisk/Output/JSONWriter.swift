// JSONWriter.swift: an ordered JSON value and its pretty printer (key order as built, numbers
// with full precision, non-finite numbers as null).
import Foundation

indirect enum JSONValue {
  case number(Double)
  case integer(Int)
  case unsigned(UInt64)
  case string(String)
  case bool(Bool)
  case null
  case array([JSONValue])
  case object([(String, JSONValue)])

  static func optional(_ x: Double?) -> JSONValue { x.map { .number($0) } ?? .null }

  func render(indent: Int = 0) -> String {
    let pad = String(repeating: "  ", count: indent)
    let inner = String(repeating: "  ", count: indent + 1)
    switch self {
    case .number(let x):
      guard x.isFinite else { return "null" }
      if x == x.rounded() && abs(x) < 1e15 { return String(format: "%.1f", x) }
      return "\(x)"
    case .integer(let i): return String(i)
    case .unsigned(let u): return String(u)
    case .string(let s): return JSONValue.quote(s)
    case .bool(let b): return b ? "true" : "false"
    case .null: return "null"
    case .array(let items):
      if items.isEmpty { return "[]" }
      if items.allSatisfy({ if case .number = $0 { return true }; if case .integer = $0 { return true }; if case .unsigned = $0 { return true }; return false }) {
        return "[" + items.map { $0.render() }.joined(separator: ", ") + "]"
      }
      return "[\n" + items.map { inner + $0.render(indent: indent + 1) }.joined(separator: ",\n") + "\n\(pad)]"
    case .object(let pairs):
      if pairs.isEmpty { return "{}" }
      return "{\n"
        + pairs.map { inner + JSONValue.quote($0.0) + ": " + $0.1.render(indent: indent + 1) }
          .joined(separator: ",\n") + "\n\(pad)}"
    }
  }

  static func quote(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 {
          out += String(format: "\\u%04x", scalar.value)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}
