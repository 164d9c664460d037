// ContractBasis.swift: which claims a stop-loss contract covers, by incurred and paid month.
// User doc: docs/model.md, "Contract windows".

/// A contract basis "I/P": claims incurred in policy months 13−I … 12 and paid in months
/// 1 … P; `paid` (incurred any time, paid in 1 … 12) and `incurred` (incurred in 1 … 12,
/// paid any time). Month 1 is the effective month; months ≤ 0 are run-in.
public struct ContractBasis: Sendable, Hashable, CustomStringConvertible {
  public enum Kind: Sendable, Hashable {
    case window(incurral: Int, paid: Int)
    case paid
    case incurred
  }

  public let kind: Kind

  public init(_ kind: Kind) { self.kind = kind }

  /// Parses "12/15", "15/12", "paid" or "incurred". Both months of "I/P" must be whole numbers
  /// from 12 to 36 (a 9-month incurral or paid window is not a stop-loss basis).
  public init?(parsing text: String) {
    let t = text.trimmingCharacters(in: " ").lowercased()
    if t == "paid" { kind = .paid; return }
    if t == "incurred" { kind = .incurred; return }
    let parts = t.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let i = Int(parts[0]), let p = Int(parts[1]),
      (12...36).contains(i), (12...36).contains(p)
    else { return nil }
    kind = .window(incurral: i, paid: p)
  }

  public static let twelveTwelve = ContractBasis(.window(incurral: 12, paid: 12))

  /// The first incurred month covered (13 − I); `nil` for `paid` (no limit but the run-in
  /// limit of the contract).
  public var firstIncurredMonth: Int? {
    switch kind {
    case .window(let i, _): 13 - i
    case .paid: nil
    case .incurred: 1
    }
  }

  /// The last paid month covered (P); `nil` for `incurred` (no limit).
  public var lastPaidMonth: Int? {
    switch kind {
    case .window(_, let p): p
    case .paid: 12
    case .incurred: nil
    }
  }

  /// True when the basis reaches claims incurred before the effective date.
  public var hasRunIn: Bool { (firstIncurredMonth ?? Int.min) < 1 }

  /// Whether a claim incurred in month `incurred` and paid in month `paid` is covered,
  /// given an optional run-in limit in months (`runInMonths`: incurred no earlier than
  /// month 1 − runInMonths).
  public func covers(incurred: Int, paid: Int, runInMonths: Int? = nil) -> Bool {
    guard incurred <= 12, paid >= 1, paid >= incurred else { return false }
    if let last = lastPaidMonth, paid > last { return false }
    var first = firstIncurredMonth ?? Int.min
    if let r = runInMonths { first = max(first, 1 - r) }
    return incurred >= first
  }

  /// The share of a year's claims (incurred uniformly over months 1 … 12) that falls in the
  /// paid window: (1/12)·Σ_{m=1..12} P(L ≤ P − m), the capture ratio (docs/model.md, "Contract windows").
  public func captureRatio(lagPMF: [Double]) -> Double {
    guard let last = lastPaidMonth else { return 1 }
    var total = 0.0
    for m in 1...12 {
      let maxLag = last - m
      total += lagPMF.prefix(max(0, maxLag + 1)).reduce(0, +)
    }
    return total / 12
  }

  public var description: String {
    switch kind {
    case .window(let i, let p): "\(i)/\(p)"
    case .paid: "paid"
    case .incurred: "incurred"
    }
  }
}

extension String {
  fileprivate func trimmingCharacters(in set: Character) -> Substring {
    var s = Substring(self)
    while s.first == set { s.removeFirst() }
    while s.last == set { s.removeLast() }
    return s
  }
}

extension Substring {
  fileprivate func lowercased() -> String { String(self).lowercased() }
}
