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
/// by the accumulation units, the trial's claims and the cash-flow horizon, in buffers that
/// grow only when a trial needs more room than any before it: a settled trial allocates
/// nothing.
final class ContractSettler {
  let terms: ContractTerms
  let layout: CellLayout
  let horizon: Int
  let cashFlow: Bool
  /// By accumulation unit.
  private let cumulativeSpecific: UnsafeMutableBufferPointer<Double>
  private let cumulativeAggregate: UnsafeMutableBufferPointer<Double>
  private let remainingMaximum: UnsafeMutableBufferPointer<Double>
  private let effectiveDeductible: UnsafeMutableBufferPointer<Double>
  private let isTouched: UnsafeMutableBufferPointer<Bool>
  /// The units touched by the last trial (`touchedCount` of them).
  private let touched: UnsafeMutableBufferPointer<Int32>
  private var touchedCount = 0
  /// The trial's claims sorted by paid month.
  private let sorted: ScratchBuffer<ClaimEvent>
  /// By paid month 0…horizon + 1: the first sorted position and the next free one.
  private let monthStart: UnsafeMutableBufferPointer<Int>
  private let fill: UnsafeMutableBufferPointer<Int>
  private let paidMonthOfCell: [Int32]
  private let incurredMonthOfCell: [Int32]
  /// The sorting slot of each cell's paid month, min(paid, horizon + 1), and of the same cell
  /// a year later (an extension claim); 0 for a claim paid before month 1.
  let paidSlotOfCell: [Int32]
  let extensionSlotOfCell: [Int32]
  /// What the settlement reads of each cell, in one place: incurred and paid month, sorting
  /// slot and the contract's windows.
  private struct Cell {
    var month: Int32
    var paid: Int32
    var slot: Int32
    var windows: UInt8
  }
  private let cells: [Cell]
  /// By month 1…horizon (index 0 unused).
  let claimsPaid: UnsafeMutableBufferPointer<Double>
  let specificReceived: UnsafeMutableBufferPointer<Double>
  let aggregateByPaidMonth: UnsafeMutableBufferPointer<Double>
  let outflow: UnsafeMutableBufferPointer<Double>
  let outflowAccommodated: UnsafeMutableBufferPointer<Double>
  /// Accommodation advanced in months 1…12 (index 0 unused).
  let accommodationByMonth: UnsafeMutableBufferPointer<Double>
  /// The buffers above, in one block per element type.
  private let doubles: ScratchBuffer<Double>
  private let ints: ScratchBuffer<Int>
  private let units32: ScratchBuffer<Int32>
  private let flags: ScratchBuffer<Bool>
  /// Specific reimbursement of each unit in the last settled trial (for replays only).
  var trackUnits = false
  private(set) var reimbursedByUnit: [Double] = []

  init(terms: ContractTerms, layout: CellLayout, horizon: Int, cashFlow: Bool) {
    self.terms = terms
    self.layout = layout
    self.horizon = horizon
    self.cashFlow = cashFlow
    let units = terms.unitCount
    let months = horizon + 2
    let d = ScratchBuffer<Double>(capacity: 4 * units + 6 * months + 13, initial: 0)
    doubles = d
    var rest = d.prefix(4 * units + 6 * months + 13)
    func take(_ n: Int) -> UnsafeMutableBufferPointer<Double> {
      let b = UnsafeMutableBufferPointer(rebasing: rest[0..<n])
      rest = UnsafeMutableBufferPointer(rebasing: rest[n...])
      return b
    }
    cumulativeSpecific = take(units)
    cumulativeAggregate = take(units)
    remainingMaximum = take(units)
    effectiveDeductible = take(units)
    claimsPaid = take(months)
    specificReceived = take(months)
    aggregateByPaidMonth = take(months)
    outflow = take(months)
    outflowAccommodated = take(months)
    accommodationByMonth = take(13)
    let i0 = ScratchBuffer<Int>(capacity: 2 * months, initial: 0)
    ints = i0
    let i = i0.prefix(2 * months)
    monthStart = UnsafeMutableBufferPointer(rebasing: i[0..<months])
    fill = UnsafeMutableBufferPointer(rebasing: i[months...])
    let u32 = ScratchBuffer<Int32>(capacity: units, initial: 0)
    units32 = u32
    touched = u32.prefix(units)
    let f = ScratchBuffer<Bool>(capacity: units, initial: false)
    flags = f
    isTouched = f.prefix(units)
    sorted = ScratchBuffer(capacity: 1, initial: ClaimEvent(member: 0, cell: 0, amount: 0))
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
    let last = Int32(horizon + 1)
    let slots = paid.map { $0 >= 1 ? min($0, last) : 0 }
    paidSlotOfCell = slots
    extensionSlotOfCell = paid.map { $0 + 12 >= 1 ? min($0 + 12, last) : 0 }
    let windows = terms.cellWindows
    cells = paid.indices.map { Cell(month: incurred[$0], paid: paid[$0], slot: slots[$0], windows: windows[$0]) }
  }

  /// Starts unit `u`'s accumulation in this trial (once).
  @inline(__always)
  private func touch(_ u: Int, maximum: Double) {
    guard !isTouched[u] else { return }
    isTouched[u] = true
    touched[touchedCount] = Int32(u)
    touchedCount += 1
    remainingMaximum[u] = maximum
    effectiveDeductible[u] = terms.unitDeductible[u]
  }

  /// Applies the contract to `events` (all claims of the trial, in member order).
  /// - Parameters:
  ///   - includeRunIn: false to settle as if there were no run-in claims.
  ///   - slotCounts: the number of events in each slot 0…horizon + 1 of `paidSlotOfCell`
  ///     and `extensionSlotOfCell`, when the caller counted them while recording.
  func settle(
    _ events: UnsafeMutableBufferPointer<ClaimEvent>, includeRunIn: Bool, slotCounts: UnsafeMutableBufferPointer<Int>? = nil
  ) -> TrialSettlement {
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
    let unitOfMember = terms.unitOfMember
    let trackUnits = self.trackUnits
    let unitAggregateCap = terms.unitAggregateCap
    let cells = self.cells
    let incurredMonthOfCell = self.incurredMonthOfCell
    let (paidSlotOfCell, extensionSlotOfCell) = (self.paidSlotOfCell, self.extensionSlotOfCell)
    let (cumulativeSpecific, cumulativeAggregate) = (self.cumulativeSpecific, self.cumulativeAggregate)
    let effectiveDeductible = self.effectiveDeductible
    let remainingMaximum = self.remainingMaximum
    let (claimsPaid, specificReceived, aggregateByPaidMonth) = (self.claimsPaid, self.specificReceived, self.aggregateByPaidMonth)
    let (isTouched, touched, monthStart, fill) = (self.isTouched, self.touched, self.monthStart, self.fill)
    let last = horizon + 1

    // Reset the units touched last time; clear the monthly arrays.
    for k in 0..<self.touchedCount {
      let i = Int(touched[k])
      cumulativeSpecific[i] = 0
      cumulativeAggregate[i] = 0
      isTouched[i] = false
    }
    touchedCount = 0
    if trackUnits { reimbursedByUnit = Array(repeating: 0, count: terms.unitCount) }
    for m in 0...last {
      monthStart[m] = 0
      claimsPaid[m] = 0
      specificReceived[m] = 0
      aggregateByPaidMonth[m] = 0
    }

    // Counting sort by paid month (stable: members stay in order within a month). Claims
    // paid before month 1 only matter for the deductible carryover. A unit's accumulation
    // starts with its first claim settled (or here, with carryover).
    @inline(__always) func slot(_ e: ClaimEvent) -> Int {
      Int(e.cell >= 0 ? paidSlotOfCell[Int(e.cell)] : extensionSlotOfCell[Int(-e.cell - 1)])
    }
    if carryMonths == 0, let counts = slotCounts {
      for m in 1...last { monthStart[m] = counts[m] }
    } else {
      for e in events {
        if carryMonths > 0 {
          let u = Int(unitOfMember[Int(e.member)])
          touch(u, maximum: maximum)
          let month = Int(incurredMonthOfCell[e.cell >= 0 ? Int(e.cell) : Int(-e.cell - 1)]) + (e.cell >= 0 ? 0 : 12)
          if month <= 0 && month > -carryMonths {
            // Deductible carryover: previous-year claims of the last months credit this year's
            // deductible (California Corporate Benefits, "An Introduction to Partial Self Funding").
            effectiveDeductible[u] = max(0, effectiveDeductible[u] - e.amount)
          }
        }
        let k = slot(e)
        if k > 0 { monthStart[k] += 1 }
      }
    }
    var running = 0
    for m in 0...last {
      let c = monthStart[m]
      monthStart[m] = running
      fill[m] = running
      running += c
    }
    let order = sorted.prefix(running)
    for e in events {
      let k = slot(e)
      guard k > 0 else { continue }
      order[fill[k]] = e
      fill[k] += 1
    }

    for e in order {
      if e.cell < 0 {
        settleExtension(e, maximum: maximum, &out, asdRemaining: &asdRemaining)
        continue
      }
      let c = cells[Int(e.cell)]
      let w = c.windows
      let month = Int(c.month)
      let paid = Int(c.paid)
      let paidSlot = Int(c.slot)
      let current = month >= 1
      let x = e.amount
      if current {
        out.incurred += x
        claimsPaid[paidSlot] += x
        if w & ContractTerms.windowBit == 0 { out.runout += x }
      } else if !includeRunIn {
        continue
      }
      let u = Int(unitOfMember[Int(e.member)])
      touch(u, maximum: maximum)
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
          specificReceived[min(paid + timing, last)] += r
        }
      }
      if w & ContractTerms.aggregateBit != 0 {
        var xa = x
        if !current {
          xa = min(x, aggregateRunInRoom)
          aggregateRunInRoom -= xa
        }
        let cap = unitAggregateCap[u]
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
  private func settleExtension(_ e: ClaimEvent, maximum: Double, _ out: inout TrialSettlement, asdRemaining: inout Double) {
    let u = Int(terms.unitOfMember[Int(e.member)])
    guard terms.extensionUnit[u] else { return }
    touch(u, maximum: maximum)
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
    let accommodation = accommodationByMonth
    for m in 0...12 { accommodation[m] = 0 }
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
