// CSVFormat.swift: the cells of every CSV the commands write, so that a notebook reads them
// with one call (`pandas.read_csv(path, comment="#")`): one leading `# ` line of provenance
// (key=value pairs separated by "; "), one header, and plain decimal numbers (no exponent,
// no thousands separator) in every numeric column; an empty cell for a value not defined.
import Foundation

enum CSVFormat {
  /// A plain decimal: cents from 1,000 up (dollars), 6 decimals from 1 (ratios, factors),
  /// 10 below (probabilities), trailing zeros removed; "" for nil, NaN or ±∞.
  static func number(_ x: Double?) -> String {
    guard let x, x.isFinite else { return "" }
    if x == 0 { return "0" }
    let decimals = abs(x) >= 1000 ? 2 : abs(x) >= 1 ? 6 : 10
    var text = String(format: "%.\(decimals)f", x)
    if text.contains(".") {
      while text.hasSuffix("0") { text.removeLast() }
      if text.hasSuffix(".") { text.removeLast() }
    }
    return text == "-0" ? "0" : text
  }

  static func integer(_ n: Int) -> String { String(n) }

  /// A text cell, quoted when it holds a comma, a quote or a line break. A `#` is replaced
  /// by "No." so that `comment="#"` readers do not cut the row short.
  static func text(_ s: String) -> String {
    let t = s.replacingOccurrences(of: "#", with: "No.")
    return t.contains(",") || t.contains("\"") || t.contains("\n")
      ? "\"" + t.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : t
  }

  /// The leading comment line: "# program=claimsrisk; version=0.1.0; …".
  static func comment(_ pairs: [(String, String)]) -> String {
    "# " + pairs.map { key, value in
      key + "=" + value.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: ";", with: ",")
    }.joined(separator: "; ")
  }
}
