// ContractSettler.swift: applies one contract to one trial's claims in payment order: specific
// with lasers, family accumulation, carryover, the aggregating specific deductible, maximum
// and percentage; aggregate claims with their per-unit caps; monthly accommodation; cash
// flows by month. User doc: docs/model.md, "Contract options" and "Cash flow".
internal import ClaimsModel
internal import Foundation

/// One claim of a trial: member, (incurred month, lag) cell, amount. A claim of the year after
/// the plan year (extension of benefits) stores its cell as −(cell + 1): its months are the
/// cell's plus 12.
struct ClaimEvent {
  var member: Int32
  var cell: Int32
  var amount: Double
}

/// Settles trials for one contract. One per worker and contract; holds scratch state sized
/// by the accumulation units and the cash-flow horizon.
final class ContractSettler {
  let terms: ContractTerms
  let layout: CellLayout
  let horizon: Int
  let cashFlow: Bool
  private var cumulativeSpecific: [Double]
  private var cumulativeAggregate: [Double]
  private var remainingMaximum: [Double]
  private var effectiveDeductible: [Double]
  private var touched: [Int32] = []
  private var isTouched: [Bool]
  private var order: [Int32] = []
  private var monthStart: [Int]
  private let paidMonthOfCell: [Int32]
  private let incurredMonthOfCell: [Int32]
  /// By month 1…horizon (index 0 unused).
  private(set) var claimsPaid: [Double]
  private(set) var specificReceived: [Double]
  private(set) var aggregateByPaidMonth: [Double]
  private(set) var outflow: [Double]
  private(set) var outflowAccommodated: [Double]
  private(set) var accommodationByMonth: [Double] = Array(repeating: 0, count: 13)
  /// Specific reimbursement of each unit in the last settled trial (for replays only).
  var trackUnits = false
  private(set) var reimbursedByUnit: [Double] = []

  init(terms: ContractTerms, layout: CellLayout, horizon: Int, cashFlow: Bool) {
    self.terms = terms
    self.layout = layout
    self.horizon = horizon
    self.cashFlow = cashFlow
    let units = terms.unitCount
    cumulativeSpecific = Array(repeating: 0, count: units)
    cumulativeAggregate = Array(repeating: 0, count: units)
    remainingMaximum = Array(repeating: 0, count: units)
    effectiveDeductible = Array(repeating: 0, count: units)
    isTouched = Array(repeating: false, count: units)
    var paid: [Int32] = []
    var incurred: [Int32] = []
    for m in layout.firstMonth...12 {
      for k in 0..<layout.lagCount {
        paid.append(Int32(m + k))
        incurred.append(Int32(m))
      }
    }
    paidMonthOfCell = paid
    incurredMonthOfCell = incurred
    monthStart = Array(repeating: 0, count: horizon + 2)
    claimsPaid = Array(repeating: 0, count: horizon + 2)
    specificReceived = Array(repeating: 0, count: horizon + 2)
    aggregateByPaidMonth = Array(repeating: 0, count: horizon + 2)
    outflow = Array(repeating: 0, count: horizon + 2)
    outflowAccommodated = Array(repeating: 0, count: horizon + 2)
  }

  /// Applies the contract to `events` (all claims of the trial, in member order).
  /// - Parameter includeRunIn: false to settle as if there were no run-in claims.
  func settle(_ events: UnsafeMutableBufferPointer<ClaimEvent>, includeRunIn: Bool) -> TrialSettlement {
    var out = TrialSettlement()
    let spec = terms.specific
    let pct = spec?.reimbursement ?? 1
    let maximum = spec?.maximum ?? .infinity
    let timing = spec?.timingMonths ?? 1
    let carryMonths = spec?.carryoverMonths ?? 0
    var asdRemaining = spec?.aggregatingDeductible ?? 0
    let asdToAggregate = spec?.asdLayerCountsTowardAggregate ?? false
    var specificRunInRoom = spec?.runInLimit.dollars ?? .infinity
    var aggregateRunInRoom = terms.aggregate?.runInLimit.dollars ?? .infinity

    // Reset the units touched last time; clear the monthly arrays.
    for u in touched {
      let i = Int(u)
      cumulativeSpecific[i] = 0
      cumulativeAggregate[i] = 0
      isTouched[i] = false
    }
    touched.removeAll(keepingCapacity: true)
    if trackUnits { reimbursedByUnit = Array(repeating: 0, count: terms.unitCount) }
    for m in monthStart.indices {
      monthStart[m] = 0
      claimsPaid[m] = 0
      specificReceived[m] = 0
      aggregateByPaidMonth[m] = 0
    }

    // Counting sort by paid month (stable: members stay in order within a month). Claims
    // paid before month 1 only matter for the deductible carryover.
    for e in events {
      let u = Int(terms.unitOfMember[Int(e.member)])
      if !isTouched[u] {
        isTouched[u] = true
        touched.append(Int32(u))
        remainingMaximum[u] = maximum
        effectiveDeductible[u] = terms.unitDeductible[u]
      }
      let cell0 = e.cell >= 0 ? Int(e.cell) : Int(-e.cell - 1)
      let shift = e.cell >= 0 ? 0 : 12
      let month = Int(incurredMonthOfCell[cell0]) + shift
      if carryMonths > 0 && month <= 0 && month > -carryMonths {
        // Deductible carryover: previous-year claims of the last months credit this year's
        // deductible (California Corporate Benefits, "An Introduction to Partial Self Funding").
        effectiveDeductible[u] = max(0, effectiveDeductible[u] - e.amount)
      }
      let paid = Int(paidMonthOfCell[cell0]) + shift
      if paid >= 1 { monthStart[min(paid, horizon + 1)] += 1 }
    }
    var running = 0
    for m in monthStart.indices {
      let c = monthStart[m]
      monthStart[m] = running
      running += c
    }
    if order.count < running { order = Array(repeating: 0, count: running) }
    var fill = monthStart
    for (index, e) in events.enumerated() {
      let paid = Int(paidMonthOfCell[e.cell >= 0 ? Int(e.cell) : Int(-e.cell - 1)]) + (e.cell >= 0 ? 0 : 12)
      guard paid >= 1 else { continue }
      let slot = min(paid, horizon + 1)
      order[fill[slot]] = Int32(index)
      fill[slot] += 1
    }

    for position in 0..<running {
      let e = events[Int(order[position])]
      if e.cell < 0 {
        settleExtension(e, &out, asdRemaining: &asdRemaining)
        continue
      }
      let cell = Int(e.cell)
      let w = terms.cellWindows[cell]
      let month = Int(incurredMonthOfCell[cell])
      let paid = Int(paidMonthOfCell[cell])
      let paidSlot = min(paid, horizon + 1)
      let current = month >= 1
      let x = e.amount
      if current {
        out.incurred += x
        claimsPaid[paidSlot] += x
        if w & ContractTerms.windowBit == 0 { out.runout += x }
      } else if !includeRunIn {
        continue
      }
      let u = Int(terms.unitOfMember[Int(e.member)])
      if !current && w & (ContractTerms.specificBit | ContractTerms.aggregateBit) != 0 { out.runIn += x }
      var absorbed = 0.0
      // A claim credited to the deductible by carryover does not count toward it again.
      let carried = carryMonths > 0 && month <= 0 && month > -carryMonths
      if w & ContractTerms.specificBit != 0 && !carried {
        var xs = x
        if !current {
          xs = min(x, specificRunInRoom)
          specificRunInRoom -= xs
        }
        let d = effectiveDeductible[u]
        let before = cumulativeSpecific[u]
        let after = before + xs
        cumulativeSpecific[u] = after
        let excess = max(0, after - d) - max(0, before - d)
        if excess > 0 {
          absorbed = min(asdRemaining, excess)
          asdRemaining -= absorbed
          let r = min(pct * (excess - absorbed), remainingMaximum[u])
          remainingMaximum[u] -= r
          out.specific += r
          if trackUnits { reimbursedByUnit[u] += r }
          specificReceived[min(paid + timing, horizon + 1)] += r
        }
      }
      if w & ContractTerms.aggregateBit != 0 {
        var xa = x
        if !current {
          xa = min(x, aggregateRunInRoom)
          aggregateRunInRoom -= xa
        }
        let cap = terms.unitAggregateCap[u]
        let before = cumulativeAggregate[u]
        let after = before + xa
        cumulativeAggregate[u] = after
        var increment = min(after, cap) - min(before, cap)
        if asdToAggregate { increment += absorbed }
        out.aggregateClaims += increment
        aggregateByPaidMonth[paidSlot] += increment
      }
    }
    if cashFlow && includeRunIn { cashFlows(&out) }
    return out
  }

  /// A claim incurred after month 12 by an extension-of-benefits member: paid by the plan,
  /// eligible for the specific within the extended benefit period, never for the aggregate.
  /// Its excess fills what is left of the aggregating specific deductible first, like any
  /// specific excess of the year (Sun Life, "Aggregating Specific").
  @inline(__always)
  private func settleExtension(_ e: ClaimEvent, _ out: inout TrialSettlement, asdRemaining: inout Double) {
    let u = Int(terms.unitOfMember[Int(e.member)])
    guard terms.extensionUnit[u] else { return }
    let cell = Int(-e.cell - 1)
    let month = Int(incurredMonthOfCell[cell]) + 12
    let paid = Int(paidMonthOfCell[cell]) + 12
    // The plan pays the claims incurred in the extended benefit period only (months
    // 13…12 + E); the member's later claims are no longer the plan's.
    guard month <= terms.extensionLastIncurred else { return }
    let x = e.amount
    out.extensionClaims += x
    claimsPaid[min(paid, horizon + 1)] += x
    guard paid <= terms.extensionLastPaid, let spec = terms.specific else { return }
    let d = effectiveDeductible[u]
    let before = cumulativeSpecific[u]
    let after = before + x
    cumulativeSpecific[u] = after
    let excess = max(0, after - d) - max(0, before - d)
    guard excess > 0 else { return }
    let absorbed = min(asdRemaining, excess)
    asdRemaining -= absorbed
    let r = min(spec.reimbursement * (excess - absorbed), remainingMaximum[u])
    remainingMaximum[u] -= r
    out.specific += r
    if trackUnits { reimbursedByUnit[u] += r }
    specificReceived[min(paid + spec.timingMonths, horizon + 1)] += r
  }

  /// Monthly net outflows without and with accommodation, and the largest cumulative need
  /// above the monthly budget (fixed costs + monthly attachment point).
  private func cashFlows(_ out: inout TrialSettlement) {
    let a = terms.annualAttachment ?? .infinity
    let reimbursement = terms.aggregate == nil ? 0 : terms.aggregateReimbursement(claims: out.aggregateClaims, attachment: a)
    let settlement = min(terms.aggregateSettlementMonth, horizon)
    // Monthly aggregate accommodation (code form; California Corporate Benefits, "An Introduction to Partial Self Funding"; Strategic Benefit Resources; "What is aggregate accommodation?").
    var advanced = 0.0
    var cumulativeClaims = 0.0
    var cumulativeAttachment = 0.0
    var accommodation = Array(repeating: 0.0, count: 13)
    if terms.aggregate?.accommodation == true {
      for m in 1...12 {
        cumulativeClaims += aggregateByPaidMonth[m]
        cumulativeAttachment += terms.monthlyAttachment[m - 1]
        let target = max(0, cumulativeClaims - cumulativeAttachment)
        let acc = max(0, target - advanced)
        accommodation[m] = acc
        advanced += acc
      }
    }
    out.accommodation = advanced
    accommodationByMonth = accommodation
    var need = 0.0
    var needAccommodated = 0.0
    var cumulative = 0.0
    var cumulativeAccommodated = 0.0
    for m in 1...horizon {
      let budget = m <= 12 ? terms.monthlyFixedCosts[m - 1] + terms.monthlyAttachment[m - 1] : 0
      var flow = (m <= 12 ? terms.monthlyFixedCosts[m - 1] : 0) + claimsPaid[m] - specificReceived[m]
      if m == horizon { flow += claimsPaid[horizon + 1] - specificReceived[horizon + 1] }
      var flowAccommodated = flow
      if m <= 12 { flowAccommodated -= accommodation[m] }
      if m == settlement {
        flow -= reimbursement
        flowAccommodated -= reimbursement - advanced
      }
      outflow[m] = flow
      outflowAccommodated[m] = flowAccommodated
      cumulative += flow - budget
      cumulativeAccommodated += flowAccommodated - budget
      need = max(need, cumulative)
      needAccommodated = max(needAccommodated, cumulativeAccommodated)
    }
    out.largestCashNeed = need
    out.largestCashNeedAccommodated = needAccommodated
  }
}
