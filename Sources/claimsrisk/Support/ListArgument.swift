// ListArgument.swift: comma-separated number lists on the command line (`--specific`,
// `--corridor`, `--corridors`), read with the same bounds as the scenario file, and refusing
// what looks like a slip rather than running it:
// - a thousands separator (money lists): the list is split at commas, so `--specific 50,000,75,000` would
//   be four deductibles ($50, $0, $75, $0). An item of exactly three digits that follows an
//   item of one to three digits (`50,000`, `1,250,000`) is refused, and the message spells
//   the list without separators (`50000,75000`);
// - a corridor written as a percentage: a corridor is a ratio of expected claims (1.25 =
//   125%); above 10 is refused as in the file, suggesting the ratio (125 → 1.25).
import ArgumentParser
import ClaimsModel
import Foundation

enum ListArgument {
  /// What the numbers of a list are, for their bounds and messages.
  enum Kind {
    /// Dollars, at least 0 (specific deductibles).
    case money
    /// A ratio of expected claims, in (0, 10] (aggregate corridors).
    case corridor
  }

  static let maximumCorridor = 10.0

  static func numbers(_ text: String, flag: String, kind: Kind) throws -> [Double] {
    let items = text.split(separator: ",", omittingEmptySubsequences: false).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    guard !items.isEmpty, !(items.count == 1 && items[0].isEmpty) else {
      throw ValidationError("'\(flag)' needs at least one value.")
    }
    if kind == .money, let joined = withoutThousandsSeparators(items) {
      throw ValidationError(
        "'\(flag) \(text)': '\(joined.example)' looks like a number written with a thousands separator, but the list is split at commas. Write the values without separators: \(flag) \(joined.list.joined(separator: ","))")
    }
    return try items.map { item in
      guard !item.isEmpty else {
        throw ValidationError("'\(flag) \(text)': an empty value (two commas in a row, or a comma at an end).")
      }
      guard let v = DecimalText.csv(item) else {
        throw ValidationError("'\(flag)': '\(item)' is not a number (expected a comma-separated list such as \(kind == .money ? "25000,50000" : "1.20,1.25")).")
      }
      switch kind {
      case .money:
        guard v >= 0 else { throw ValidationError("'\(flag)': \(item) must be >= 0.") }
      case .corridor:
        guard v > 0 else { throw ValidationError("'\(flag)': \(item) must be > 0.") }
        guard v <= maximumCorridor else {
          let ratio = v / 100
          throw ValidationError(
            "'\(flag)': \(item) must be <= \(Int(maximumCorridor)), as in the scenario file: a corridor is a ratio of expected claims (1.25 means 125%)\(v >= 100 && ratio <= maximumCorridor ? "; did you mean \(format(ratio))?" : "; write decimals with a point (1.25, not 1,25).")")
        }
      }
      return v
    }
  }

  /// When `items` contain thousands-separator groups: the first such number as written and
  /// the whole list with the groups joined.
  static func withoutThousandsSeparators(_ items: [String]) -> (example: String, list: [String])? {
    func digits(_ s: String, _ range: ClosedRange<Int>) -> Bool {
      range.contains(s.count) && s.allSatisfy { $0.isASCII && $0.isNumber }
    }
    var list: [String] = []
    var example: String?
    var i = 0
    while i < items.count {
      var value = items[i]
      var written = items[i]
      if digits(items[i], 1...3), !items[i].hasPrefix("0") {
        while i + 1 < items.count, digits(items[i + 1], 3...3) {
          value += items[i + 1]
          written += "," + items[i + 1]
          i += 1
        }
      }
      if written != value, example == nil { example = written }
      list.append(value)
      i += 1
    }
    return example.map { ($0, list) }
  }

  private static func format(_ x: Double) -> String {
    let s = String(format: "%.4f", x)
    var t = s
    while t.hasSuffix("0") { t.removeLast() }
    if t.hasSuffix(".") { t.removeLast() }
    return t
  }
}
