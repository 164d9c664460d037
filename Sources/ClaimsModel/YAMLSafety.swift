// YAMLSafety.swift: what a scenario file may contain beyond its keys, checked before and while
// it is read:
// - its size is bounded (``YAMLSafety/maximumBytes``): a scenario is a few kilobytes; a large
//   census belongs in a `members_file` CSV;
// - aliases are bounded: at most ``YAMLSafety/maximumAliases``, and none used as a mapping key
//   (keys are plain names here; an alias bomb used as keys would otherwise take hours to
//   compare for duplicates);
// - numbers are plain decimals: forms that YAML 1.1 readers (PyYAML, older Yams) and YAML 1.2
//   readers read differently, or that look like another number, are refused with what to
//   write: a leading zero (`0100`, octal 64 in YAML 1.1), sexagesimal (`1:30`, 90), hex
//   (`0x10`), binary (`0b11`), octal (`0o17`) and digit separators (`1_000`). `1e6` is read as
//   1,000,000 (YAML 1.2);
// - booleans are `true` or `false`; YAML 1.1's yes/no/on/off are refused.
internal import Foundation

public enum YAMLSafety {
  /// Scenario files larger than this are refused before they are read.
  public static let maximumBytes = 8 << 20
  /// More aliases than this in one file are refused.
  public static let maximumAliases = 1_000

  /// Refuses text that is too large or uses aliases unsafely; nil when the text may be
  /// composed.
  static func problem(_ text: String) -> String? {
    if let tooLarge = sizeProblem(bytes: text.utf8.count) { return tooLarge }
    var aliases = 0
    for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      for token in aliasTokens(in: line) {
        aliases += 1
        if aliases > maximumAliases {
          return "more than \(maximumAliases) aliases (*name); expand them or simplify the file"
        }
        if token.isKey {
          return "line \(number + 1): the alias *\(token.name) is used as a mapping key; keys must be written out as plain names"
        }
      }
      if isExplicitKey(line) {
        return "line \(number + 1): an explicit mapping key ('? '); keys must be plain names"
      }
    }
    return nil
  }

  /// Why a file of `bytes` bytes is refused, or nil.
  static func sizeProblem(bytes: Int) -> String? {
    guard bytes > maximumBytes else { return nil }
    return String(
      format: "the file is %.1f MB; a scenario file may be at most %d MB (put a large census in a members_file CSV)",
      Double(bytes) / 1_000_000, maximumBytes >> 20)
  }

  /// The aliases of one line outside quotes and comments, and whether each is a mapping key
  /// (followed by ':').
  static func aliasTokens(in line: Substring) -> [(name: String, isKey: Bool)] {
    var result: [(String, Bool)] = []
    let chars = Array(line)
    var i = 0
    var quote: Character?
    var previous: Character = " "
    while i < chars.count {
      let c = chars[i]
      if let q = quote {
        if c == q { quote = nil }
        previous = c
        i += 1
        continue
      }
      if (c == "\"" || c == "'") && " \t[{,:-".contains(previous) { quote = c }
      if c == "#" && (previous == " " || previous == "\t" || i == 0) { break }
      if c == "*" && " \t[{,:-?".contains(previous) {
        var j = i + 1
        var name = ""
        while j < chars.count, !" \t,[]{}".contains(chars[j]) {
          if chars[j] == ":" && (j + 1 == chars.count || " \t".contains(chars[j + 1])) { break }
          name.append(chars[j])
          j += 1
        }
        var k = j
        while k < chars.count, chars[k] == " " || chars[k] == "\t" { k += 1 }
        if !name.isEmpty { result.append((name, k < chars.count && chars[k] == ":")) }
        i = j
        previous = "a"
        continue
      }
      previous = c
      i += 1
    }
    return result
  }

  private static func isExplicitKey(_ line: Substring) -> Bool {
    let t = line.drop { $0 == " " || $0 == "-" }
    return t == "?" || t.hasPrefix("? ") || t.hasPrefix("?\t")
  }

  /// Why a plain scalar that some YAML reader takes for a number is refused, or nil.
  static func ambiguousNumber(_ text: String) -> String? {
    var body = Substring(text)
    if body.first == "-" || body.first == "+" { body = body.dropFirst() }
    let lower = body.lowercased()
    if lower.hasPrefix("0x") { return "hexadecimal '\(text)' is not read here; write the decimal value" }
    if lower.hasPrefix("0b") { return "binary '\(text)' is not read here; write the decimal value" }
    if lower.hasPrefix("0o") { return "octal '\(text)' is not read here; write the decimal value" }
    if body.contains("_"), body.allSatisfy({ $0.isNumber || $0 == "_" || $0 == "." }) {
      return "'\(text)' has digit separators (YAML 1.1 reads them, YAML 1.2 does not); write \(text.replacingOccurrences(of: "_", with: ""))"
    }
    if body.contains(":"), body.allSatisfy({ $0.isNumber || $0 == ":" || $0 == "." }) {
      return "'\(text)' is a base-60 number in YAML 1.1 (1:30 = 90) and a string in YAML 1.2; write the decimal value"
    }
    if body.count > 1, body.first == "0", body.allSatisfy({ $0.isNumber }) {
      let digits = body.drop { $0 == "0" }
      return "'\(text)' has a leading zero: YAML 1.1 reads it as an octal number, YAML 1.2 as decimal; write \(digits.isEmpty ? "0" : String(digits))"
    }
    return nil
  }

  /// YAML 1.1 booleans that are not `true`/`false`.
  static let otherBooleans: Set<String> = ["yes", "no", "on", "off", "y", "n"]
}
