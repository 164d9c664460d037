// ReferenceContract.swift: one stop-loss contract as the reference simulator reads it, built
// from the decoded scenario's terms (ClaimsModel) by the rules of the product reference, not
// by the engine: the windows of each basis ("a/b" = incurral months, paid months counted from
// the effective date; run-in bases reach back, run-out bases forward; the terminal liability
// option adds three paid months), each accumulation unit's deductible and aggregate cap
// (lasers, exclusions, family units), the monthly and annual attachment points (factors ×
// enrolment, the minimum attachment rule, the terminal liability's three extra months) and the
// extension-of-benefits terms.
import ClaimsModel
import Foundation

/// Which (incurred month, paid month) pairs a cover reaches.
struct ReferenceWindow {
  /// First incurred month reached (Int.min: no limit).
  var firstIncurred: Int
  /// Last paid month reached (Int.max: no limit).
  var lastPaid: Int

  init(_ basis: ContractBasis, terminalLiability: Bool, runInMonths: Int? = nil) {
    switch basis.kind {
    case .window(let i, let p):
      firstIncurred = 13 - i
      lastPaid = p + (terminalLiability ? 3 : 0)
    case .paid:
      firstIncurred = Int.min
      lastPaid = 12
    case .incurred:
      firstIncurred = 1
      lastPaid = Int.max
    }
    if let r = runInMonths { firstIncurred = max(firstIncurred, 1 - r) }
  }

  /// A claim of the plan year or before (incurred ≤ 12), paid from month 1 on, inside both limits.
  func covers(incurred m: Int, paid p: Int) -> Bool {
    m <= 12 && p >= 1 && m >= firstIncurred && p <= lastPaid
  }
}

struct ReferenceContract {
  let name: String
  let hasSpecific: Bool
  let hasAggregate: Bool
  /// The specific window (with its run-in month limit); nil without specific cover.
  let specificWindow: ReferenceWindow?
  /// The aggregate cover's window, or the notional one of `stop_loss.basis` without cover.
  let aggregateWindow: ReferenceWindow
  /// The windows of the covers present (or `stop_loss.basis`), for unprotected run-out.
  let coverWindows: [ReferenceWindow]
  /// Accumulation unit of each member; each unit's deductible and aggregate cap.
  let unitOfMember: [Int]
  let unitDeductible: [Double]
  let unitCap: [Double]
  let specificPercent: Double
  let specificMaximum: Double
  let aggregatingDeductible: Double
  let asdCountsTowardAggregate: Bool
  let timingMonths: Int
  let carryoverMonths: Int
  let specificRunInDollars: Double
  let aggregateRunInDollars: Double
  /// Extension of benefits: the units it covers, the last incurred and paid months reached.
  let extendedUnit: [Bool]
  let extensionLastIncurred: Int
  let extensionLastPaid: Int
  /// AP_1 … AP_12, the annual attachment (nil for a corridor) and the corridor.
  let monthlyAttachment: [Double]
  let annualAttachment: Double?
  let corridor: Double?
  let aggregateMaximum: Double
  let aggregatePercent: Double
  let accommodation: Bool
  /// Last paid month of the aggregate window + the settlement lag (before the horizon clamp).
  let settlementMonth: Int
  let monthlyFixedCosts: [Double]

  /// Σ_t rate_t × units_{t,m} for m = 1…12.
  static func monthly(_ rates: TierRates?, _ s: Scenario) -> [Double] {
    (0..<12).map { m in
      guard let rates else { return 0 }
      var total = 0.0
      for (t, tier) in s.census.tiers.enumerated() {
        let r: Double
        switch rates {
        case .composite(let x): r = x
        case .perTier(let map): r = map[tier.name] ?? 0
        }
        total += r * s.enrolment.units[t][m]
      }
      return total
    }
  }

  init(name: String, stopLoss sl: StopLossSpec, fixedCosts: TierRates?, scenario s: Scenario, maxLag: Int) {
    self.name = name
    let tlo = sl.terminalLiability
    let sp = sl.specific
    let ag = sl.aggregate
    hasSpecific = sp != nil
    hasAggregate = ag != nil
    specificWindow = sp.map { ReferenceWindow($0.basis, terminalLiability: tlo, runInMonths: $0.runInLimit.months) }
    aggregateWindow = ReferenceWindow(ag?.basis ?? sl.basis, terminalLiability: tlo, runInMonths: ag?.runInLimit.months)
    let bases = [sp?.basis, ag?.basis].compactMap { $0 }
    coverWindows = (bases.isEmpty ? [sl.basis] : bases).map { ReferenceWindow($0, terminalLiability: tlo) }

    let members = s.census.members
    let family = sp?.accumulation == .family
    var unitIndex: [Int: Int] = [:]
    unitOfMember = members.enumerated().map { j, m in
      let key = family ? m.family : j
      if let u = unitIndex[key] { return u }
      unitIndex[key] = unitIndex.count
      return unitIndex.count - 1
    }
    let units = unitIndex.count
    let d = sp?.deductible ?? .infinity
    var deductible = Array(repeating: d, count: units)
    var cap = Array(repeating: d, count: units)
    var extended = Array(repeating: false, count: units)
    if let sp {
      for laser in sp.lasers {
        guard let j = members.firstIndex(where: { $0.id == laser.member }) else { continue }
        let u = unitOfMember[j]
        if let l = laser.deductible {
          deductible[u] = l
          cap[u] = sp.laserLayerCountsTowardAggregate ? l : d
        } else {
          deductible[u] = .infinity
          switch sp.excludedMemberAggregate {
          case .capped: cap[u] = d
          case .full: cap[u] = .infinity
          case .none: cap[u] = 0
          }
        }
      }
      for id in sp.extensionMembers {
        if let j = members.firstIndex(where: { $0.id == id }) { extended[unitOfMember[j]] = true }
      }
    }
    unitDeductible = deductible
    unitCap = cap
    extendedUnit = extended
    specificPercent = sp?.reimbursement ?? 1
    specificMaximum = sp?.maximum ?? .infinity
    aggregatingDeductible = sp?.aggregatingDeductible ?? 0
    asdCountsTowardAggregate = sp?.asdLayerCountsTowardAggregate ?? false
    timingMonths = sp?.timingMonths ?? 1
    carryoverMonths = sp?.carryoverMonths ?? 0
    specificRunInDollars = sp?.runInLimit.dollars ?? .infinity
    aggregateRunInDollars = ag?.runInLimit.dollars ?? .infinity
    let months = sp?.extensionMonths ?? 0
    extensionLastIncurred = 12 + months
    let specificLastPaid = specificWindow?.lastPaid ?? Int.max
    extensionLastPaid = specificLastPaid == Int.max ? Int.max : specificLastPaid + months

    var monthly = Array(repeating: 0.0, count: 12)
    var annual: Double?
    var corridor: Double?
    if let ag {
      switch ag.attachment {
      case .dollars(let a):
        monthly = Array(repeating: a / 12, count: 12)
      case .factors(let rates):
        monthly = Self.monthly(rates, s)
      case .corridor(let c):
        corridor = c
      }
      if corridor == nil {
        let minimum: Double
        switch ag.minimum {
        case .firstMonth(let pct, let dollars): minimum = max(pct * monthly[0] * 12, dollars)
        case .inception(let pct): minimum = pct * monthly[0] * 12
        case .dollars(let dollars): minimum = dollars
        case .none: minimum = 0
        }
        var a = max(monthly.reduce(0, +), minimum)
        if tlo { a += monthly[9] + monthly[10] + monthly[11] }
        annual = a
      }
    }
    monthlyAttachment = monthly
    annualAttachment = annual
    self.corridor = corridor
    aggregateMaximum = ag?.maximum ?? .infinity
    aggregatePercent = ag?.reimbursement ?? 1
    accommodation = ag?.accommodation ?? false
    let lastPaid = aggregateWindow.lastPaid == Int.max ? 13 + maxLag : aggregateWindow.lastPaid
    settlementMonth = lastPaid + (ag?.settlementLagMonths ?? 1)
    monthlyFixedCosts = Self.monthly(fixedCosts, s)
  }

  /// min(AggMax, pct × (C − A)+); 0 without aggregate cover.
  func aggregateReimbursement(_ c: Double, attachment a: Double) -> Double {
    hasAggregate ? min(aggregateMaximum, aggregatePercent * max(0, c - a)) : 0
  }
}
