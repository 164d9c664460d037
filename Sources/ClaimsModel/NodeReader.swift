// NodeReader.swift: typed, path-aware reading of a YAML/JSON node tree (Yams) that collects
// every problem instead of stopping at the first.
internal import Foundation
internal import Yams

/// Reads values out of a Yams node tree, recording a ``ScenarioIssue`` for each problem.
final class NodeReader {
  let file: String
  private(set) var issues: [ScenarioIssue] = []
  /// Problems that do not stop the run (an old spelling of a key).
  private(set) var warnings: [ScenarioIssue] = []

  init(file: String) { self.file = file }

  func fail(_ node: Node?, _ path: String, _ message: String) {
    let mark = node?.mark
    issues.append(
      ScenarioIssue(file: file, path: path, line: mark?.line, column: mark?.column, message: message))
  }

  func warn(_ node: Node?, _ path: String, _ message: String) {
    let mark = node?.mark
    warnings.append(
      ScenarioIssue(file: file, path: path, line: mark?.line, column: mark?.column, message: message))
  }

  /// The value of `key` in `map`, or of its other spelling `alias` (accepted with a warning),
  /// with the spelling found (for the key paths of later messages).
  func value(_ map: [String: Node], _ key: String, alias: String, in parent: String) -> (node: Node, key: String)? {
    if let node = map[key] {
      if map[alias] != nil { fail(map[alias], "\(parent).\(alias)", "give only \(key) (\(alias) is another spelling of it)") }
      return (node, key)
    }
    guard let node = map[alias] else { return nil }
    warn(node, "\(parent).\(alias)", "another spelling of \(key); write \(key)")
    return (node, alias)
  }

  /// The entries of a mapping with string keys. Unknown keys (not in `allowed`) and
  /// duplicate keys are reported; they are a typo that must not silently change a result.
  func mapping(_ node: Node, _ path: String, allowed: [String]) -> [String: Node]? {
    guard case .mapping(let map) = node else {
      fail(node, path, "expected a mapping with keys \(allowed.joined(separator: ", ")), found \(describe(node))")
      return nil
    }
    var result: [String: Node] = [:]
    for (keyNode, value) in map {
      guard let key = keyNode.string, case .scalar = keyNode else {
        fail(keyNode, path, "keys must be plain strings")
        continue
      }
      let keyPath = path.isEmpty ? key : "\(path).\(key)"
      if !allowed.contains(key) {
        let hint = closest(key, in: allowed).map { " (did you mean '\($0)'?)" } ?? ""
        fail(keyNode, keyPath, "unknown key\(hint); allowed here: \(allowed.joined(separator: ", "))")
        continue
      }
      if result[key] != nil {
        fail(keyNode, keyPath, "duplicate key")
        continue
      }
      result[key] = value
    }
    return result
  }

  /// A map with arbitrary string keys (tier names) and number values.
  func numberMap(_ node: Node, _ path: String, minimum: Double = 0) -> [(String, Double)]? {
    guard case .mapping(let map) = node else {
      fail(node, path, "expected a mapping of tier name to number, found \(describe(node))")
      return nil
    }
    var out: [(String, Double)] = []
    for (k, v) in map {
      guard let key = k.string else {
        fail(k, path, "keys must be tier names")
        continue
      }
      if out.contains(where: { $0.0 == key }) {
        fail(k, "\(path).\(key)", "duplicate key")
        continue
      }
      if let x = number(v, "\(path).\(key)", minimum: minimum) { out.append((key, x)) }
    }
    return out
  }

  func sequence(_ node: Node, _ path: String) -> [Node]? {
    guard case .sequence(let seq) = node else {
      fail(node, path, "expected a list, found \(describe(node))")
      return nil
    }
    return Array(seq)
  }

  /// The value of an unquoted plain decimal (see ``YAMLSafety``); records why when the
  /// scalar is a number some YAML reader would read differently.
  private func plainNumber(_ node: Node, _ path: String) -> (value: Double?, refused: Bool) {
    guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return (nil, false) }
    let text = scalar.string.trimmingCharacters(in: .whitespaces)
    if let value = DecimalText.decimal(text) { return (value, false) }
    if let why = YAMLSafety.ambiguousNumber(text) {
      fail(node, path, why)
      return (nil, true)
    }
    if [".inf", "-.inf", "+.inf", ".nan"].contains(text.lowercased()) {
      fail(node, path, "expected a finite number, found \(text)")
      return (nil, true)
    }
    return (nil, false)
  }

  /// A finite number (an unquoted YAML/JSON decimal) within the given bounds.
  func number(
    _ node: Node, _ path: String, minimum: Double? = nil, maximum: Double? = nil,
    exclusiveMinimum: Bool = false, what: String = "a number"
  ) -> Double? {
    let (parsed, refused) = plainNumber(node, path)
    if refused { return nil }
    guard let value = parsed else {
      fail(node, path, "expected \(what), found \(describe(node))")
      return nil
    }
    guard value.isFinite else {
      fail(node, path, "expected a finite number, found \(scalarText(node))")
      return nil
    }
    if let minimum, exclusiveMinimum ? !(value > minimum) : !(value >= minimum) {
      fail(node, path, "must be \(exclusiveMinimum ? ">" : ">=") \(format(minimum)), found \(format(value))")
      return nil
    }
    if let maximum, value > maximum {
      fail(node, path, "must be <= \(format(maximum)), found \(format(value))")
      return nil
    }
    return value
  }

  /// A whole number within the given bounds.
  func integer(_ node: Node, _ path: String, minimum: Int? = nil, maximum: Int? = nil) -> Int? {
    let (parsed, refused) = plainNumber(node, path)
    if refused { return nil }
    let value: Int
    if case .scalar(let s) = node, let i = Int(s.string.trimmingCharacters(in: .whitespaces)), parsed != nil {
      value = i
    } else if let d = parsed, d.isFinite, d == d.rounded(), abs(d) < 9e18 {
      value = Int(d)
    } else {
      fail(node, path, "expected a whole number, found \(describe(node))")
      return nil
    }
    if let minimum, value < minimum {
      fail(node, path, "must be >= \(minimum), found \(value)")
      return nil
    }
    if let maximum, value > maximum {
      fail(node, path, "must be <= \(maximum), found \(value)")
      return nil
    }
    return value
  }

  func bool(_ node: Node, _ path: String) -> Bool? {
    if case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any,
      YAMLSafety.otherBooleans.contains(scalar.string.lowercased())
    {
      fail(node, path, "'\(scalar.string)' is a boolean in YAML 1.1 only; write true or false")
      return nil
    }
    guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any,
      let b = node.bool, node.int == nil
    else {
      fail(node, path, "expected true or false, found \(describe(node))")
      return nil
    }
    return b
  }

  func string(_ node: Node, _ path: String) -> String? {
    guard case .scalar = node, let s = node.string else {
      fail(node, path, "expected a string, found \(describe(node))")
      return nil
    }
    return s
  }

  func describe(_ node: Node) -> String {
    switch node {
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .alias: return "an alias"
    case .scalar(let s):
      if s.style != .plain && s.style != .any { return "the string \"\(s.string)\"" }
      if node.null != nil { return "null" }
      if node.bool != nil && node.int == nil { return "the boolean \(s.string)" }
      if node.int != nil || node.float != nil { return "the number \(s.string)" }
      return "'\(s.string)'"
    }
  }

  private func scalarText(_ node: Node) -> String {
    if case .scalar(let s) = node { return s.string }
    return describe(node)
  }
}

/// Formats a number without a trailing ".0" for messages.
func format(_ x: Double) -> String {
  if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
  return String(x)
}

/// The allowed key closest to a misspelt one (edit distance ≤ 2), for "did you mean".
func closest(_ key: String, in allowed: [String]) -> String? {
  func distance(_ a: [Character], _ b: [Character]) -> Int {
    var prev = Array(0...b.count)
    for i in 1...max(a.count, 1) where !a.isEmpty {
      var cur = [i] + Array(repeating: 0, count: b.count)
      for j in 1...max(b.count, 1) where !b.isEmpty {
        cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      prev = cur
    }
    return a.isEmpty ? b.count : (b.isEmpty ? a.count : prev[b.count])
  }
  let k = Array(key)
  let best = allowed.map { ($0, distance(k, Array($0))) }.min { $0.1 < $1.1 }
  return best.flatMap { $0.1 <= 2 ? $0.0 : nil }
}
