// Month.swift: a calendar month as one integer (year × 12 + month − 1), parsed from YYYY-MM
// or an ISO date YYYY-MM-DD and printed as YYYY-MM.

/// A calendar month. `index` = year × 12 + (month − 1), so consecutive months differ by 1.
public struct Month: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var index: Int

  public init(index: Int) { self.index = index }

  public init(year: Int, month: Int) { self.index = year * 12 + (month - 1) }

  public var year: Int { index >= 0 ? index / 12 : (index - 11) / 12 }
  public var month: Int { index - year * 12 + 1 }

  /// Parses `YYYY-MM` or `YYYY-MM-DD` (ISO 8601); nil for anything else.
  public init?(parsing text: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 2 || parts.count == 3,
      parts[0].count == 4, let year = Int(parts[0]), year >= 1900, year <= 2200,
      parts[1].count == 2, let month = Int(parts[1]), (1...12).contains(month)
    else { return nil }
    if parts.count == 3 {
      guard parts[2].count == 2, let day = Int(parts[2]), day >= 1,
        day <= Month.daysIn(year: year, month: month)
      else { return nil }
    }
    self.init(year: year, month: month)
  }

  public static func daysIn(year: Int, month: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  public var description: String {
    let m = month
    return "\(year)-\(m < 10 ? "0" : "")\(m)"
  }

  public static func < (a: Month, b: Month) -> Bool { a.index < b.index }
  public static func + (a: Month, k: Int) -> Month { Month(index: a.index + k) }
  public static func - (a: Month, b: Month) -> Int { a.index - b.index }
}
