// Money.swift: dollars as a person reads them ($1,234,567 or $20,018.50), independent of
// the machine's locale.
import Foundation

enum Money {
  /// "$1,234,568" (whole dollars) or "$1,234,567.89" (cents).
  static func format(_ x: Double, cents: Bool = false) -> String {
    guard x.isFinite else { return x > 0 ? "∞" : "—" }
    let negative = x < 0
    let scaled = (abs(x) * (cents ? 100 : 1)).rounded()
    var whole = cents ? (scaled / 100).rounded(.down) : scaled
    let fraction = cents ? Int(scaled - whole * 100) : 0
    var groups: [String] = []
    repeat {
      let group = Int(whole.truncatingRemainder(dividingBy: 1000))
      whole = (whole / 1000).rounded(.down)
      groups.append(whole > 0 ? String(format: "%03d", group) : String(group))
    } while whole > 0
    var text = "$" + groups.reversed().joined(separator: ",")
    if cents { text += String(format: ".%02d", fraction) }
    return negative ? "-" + text : text
  }

  /// "5.12%".
  static func percent(_ p: Double, digits: Int = 2) -> String {
    String(format: "%.\(digits)f%%", p * 100)
  }
}
