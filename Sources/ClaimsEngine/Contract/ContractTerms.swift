// ContractTerms.swift: one stop-loss contract compiled for the trial loop: its windows by
// cell, the deductible and aggregate cap of every accumulation unit, the monthly attachment
// points and the timing of reimbursements. User doc: docs/model.md, "Contract options".
public import ClaimsModel
internal import Foundation

/// A contract as the settlement step reads it. Immutable and shared by worker threads.
public final class ContractTerms: Sendable {
  public let name: String
  public let specific: SpecificSpec?
  public let aggregate: AggregateSpec?
  public let terminalLiability: Bool
  /// Per cell: bit 0 specific window, bit 1 aggregate window, bit 2 some window.
  let cellWindows: [UInt8]
  /// Accumulation unit of each member (the member, or its family).
  let unitOfMember: [Int32]
  let unitCount: Int
  /// Specific deductible of each unit (+∞ when excluded or without specific cover).
  let unitDeductible: [Double]
  /// The cap on each unit's aggregate-eligible claims.
  let unitAggregateCap: [Double]
  /// The plan's specific deductible (the ASD layer starts above it).
  let planDeductible: Double
  /// Monthly attachment points AP_1…AP_12 (factor attachments; dollars/12 otherwise).
  public let monthlyAttachment: [Double]
  /// Annual attachment point when known before the run (nil for a corridor).
  public let annualAttachment: Double?
  /// The minimum attachment point (0 when none).
  public let minimumAttachment: Double
  /// Fixed costs by month 1…12.
  public let monthlyFixedCosts: [Double]
  /// The last paid month of the aggregate window (with TLO) and the settlement month.
  public let aggregateSettlementMonth: Int
  /// True when the plain per-member scalar path gives the same answer.
  public let isPlain: Bool
  /// Extension of benefits: units whose specific benefit period runs on past month 12, the
  /// last incurred month covered for them (12 + E) and the last paid month (window + E).
  let extensionUnit: [Bool]
  let extensionLastIncurred: Int
  let extensionLastPaid: Int

  static let specificBit: UInt8 = 1
  static let aggregateBit: UInt8 = 2
  static let windowBit: UInt8 = 4

  /// The basis with the terminal-liability run-out added to its paid window.
  static func effective(_ basis: ContractBasis, terminalLiability: Bool) -> ContractBasis {
    guard terminalLiability, case .window(let i, let p) = basis.kind else { return basis }
    return ContractBasis(.window(incurral: i, paid: p + StopLossSpec.terminalLiabilityMonths))
  }

  init(name: String, stopLoss: StopLossSpec, fixedCosts: TierRates?, scenario: Scenario, layout: CellLayout) {
    self.name = name
    specific = stopLoss.specific
    aggregate = stopLoss.aggregate
    terminalLiability = stopLoss.terminalLiability
    let tlo = stopLoss.terminalLiability
    let specificBasis = stopLoss.specific.map { Self.effective($0.basis, terminalLiability: tlo) }
    let aggregateBasis = Self.effective(stopLoss.aggregate?.basis ?? stopLoss.basis, terminalLiability: tlo)
    let windows = stopLoss.coverBases.map { Self.effective($0, terminalLiability: tlo) }
    let specificRunIn = stopLoss.specific?.runInLimit.months
    let aggregateRunIn = stopLoss.aggregate?.runInLimit.months
    var cells: [UInt8] = []
    for m in layout.firstMonth...12 {
      for k in 0..<layout.lagCount {
        var w: UInt8 = 0
        if let b = specificBasis, b.covers(incurred: m, paid: m + k, runInMonths: specificRunIn) { w |= Self.specificBit }
        if aggregateBasis.covers(incurred: m, paid: m + k, runInMonths: aggregateRunIn) { w |= Self.aggregateBit }
        if windows.contains(where: { $0.covers(incurred: m, paid: m + k) }) { w |= Self.windowBit }
        cells.append(w)
      }
    }
    cellWindows = cells

    let census = scenario.census
    let family = stopLoss.specific?.accumulation == .family
    unitOfMember = census.members.enumerated().map { Int32(family ? $1.family : $0) }
    unitCount = family ? (census.members.map(\.family).max() ?? -1) + 1 : census.memberCount
    let d = stopLoss.specific?.deductible ?? .infinity
    planDeductible = d
    var deductible = Array(repeating: d, count: unitCount)
    var cap = Array(repeating: d, count: unitCount)
    if let sp = stopLoss.specific {
      let index = Dictionary(census.members.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
      for laser in sp.lasers {
        guard let j = index[laser.member] else { continue }
        let u = Int(unitOfMember[j])
        if let ld = laser.deductible {
          deductible[u] = ld
          cap[u] = sp.laserLayerCountsTowardAggregate ? ld : d
        } else {
          deductible[u] = .infinity
          switch sp.excludedMemberAggregate {
          case .capped: cap[u] = d
          case .full: cap[u] = .infinity
          case .none: cap[u] = 0
          }
        }
      }
    }
    unitDeductible = deductible
    unitAggregateCap = cap
    var extended = Array(repeating: false, count: unitCount)
    if let sp = stopLoss.specific, !sp.extensionMembers.isEmpty {
      let index = Dictionary(census.members.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
      for id in sp.extensionMembers { if let j = index[id] { extended[Int(unitOfMember[j])] = true } }
    }
    extensionUnit = extended
    let months = stopLoss.specific?.extensionMonths ?? 0
    extensionLastIncurred = 12 + months
    extensionLastPaid = (specificBasis?.lastPaidMonth ?? 1_000) + months

    let policyMonths = 1...12
    monthlyFixedCosts = policyMonths.map { m in fixedCosts.map { scenario.monthlyAmount($0, month: m) } ?? 0 }
    var monthly = Array(repeating: 0.0, count: 12)
    var annual: Double?
    var minimum = 0.0
    if let ag = stopLoss.aggregate {
      switch ag.attachment {
      case .dollars(let a):
        monthly = Array(repeating: a / 12, count: 12)
        annual = a
      case .factors(let rates):
        monthly = policyMonths.map { scenario.monthlyAmount(rates, month: $0) }
        annual = monthly.reduce(0, +)
      case .corridor:
        annual = nil
      }
      if annual != nil {
        switch ag.minimum {
        case .firstMonth(let pct, let dollars): minimum = max(pct * monthly[0] * 12, dollars)
        case .inception(let pct): minimum = pct * monthly[0] * 12
        case .dollars(let dollars): minimum = dollars
        case .none: minimum = 0
        }
        annual = max(annual!, minimum)
        if tlo { annual! += monthly[9] + monthly[10] + monthly[11] }
      }
    }
    monthlyAttachment = monthly
    annualAttachment = annual
    minimumAttachment = minimum
    let lastPaid = aggregateBasis.lastPaidMonth ?? (12 + layout.lagCount)
    aggregateSettlementMonth = lastPaid + (stopLoss.aggregate?.settlementLagMonths ?? 1)
    isPlain = (stopLoss.specific?.isPlain ?? true) && !tlo
      && (stopLoss.aggregate.map { $0.maximum == .infinity && $0.reimbursement == 1 && !$0.accommodation && $0.runInLimit.isNone } ?? true)
  }

  /// Aggregate reimbursement for aggregate claims `c` against attachment `a`:
  /// min(maximum, pct × (c − a)+).
  @inline(__always)
  public func aggregateReimbursement(claims c: Double, attachment a: Double) -> Double {
    guard let ag = aggregate else { return 0 }
    return min(ag.maximum, ag.reimbursement * max(0, c - a))
  }
}
