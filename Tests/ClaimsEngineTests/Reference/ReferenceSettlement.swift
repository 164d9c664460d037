// ReferenceSettlement.swift: the reference simulator applies one contract to one trial's
// claims, claim by claim in payment order, as the product reference's order of operations
// says: specific per accumulation unit on the specific window (deductible after carryover;
// the aggregating specific deductible filled by excess dollars in payment order, then the
// reimbursement percentage, then the unit's remaining maximum), aggregate claims per unit up
// to its cap on the aggregate window, run-in dollar limits summed over all units in payment
// order, extension-of-benefits claims on the extended window. The monthly amounts it records
// feed ReferenceCashFlow. Written from the rules, not from the engine.
import Foundation

/// What one contract's settlement of one trial gives (before the attachment point is applied).
struct ReferenceTrialOutcome {
  var incurred = 0.0
  var specific = 0.0
  var aggregateClaims = 0.0
  var runout = 0.0
  var runIn = 0.0
  var extensionClaims = 0.0
}

struct ReferenceSettlement {
  let contract: ReferenceContract
  private var specificSoFar: [Double]
  private var aggregateSoFar: [Double]
  private var deductible: [Double]
  private var maximumLeft: [Double]
  /// By month (index = month; months before 1 are not recorded): claims the plan pays
  /// (plan-year and extension claims), specific reimbursement received, aggregate claims
  /// counted (after caps) by paid month.
  private(set) var claimsPaid: [Double]
  private(set) var specificReceived: [Double]
  private(set) var aggregateCounted: [Double]

  init(_ contract: ReferenceContract, lastMonth: Int) {
    self.contract = contract
    let units = contract.unitDeductible.count
    specificSoFar = Array(repeating: 0, count: units)
    aggregateSoFar = Array(repeating: 0, count: units)
    deductible = contract.unitDeductible
    maximumLeft = Array(repeating: 0, count: units)
    claimsPaid = Array(repeating: 0, count: lastMonth + 13)
    specificReceived = claimsPaid
    aggregateCounted = claimsPaid
  }

  /// - Parameter runIn: false settles the trial as if the claims incurred before month 1 did
  ///   not exist (for the reimbursement the run-in claims add); the carryover still applies.
  mutating func settle(_ book: ReferenceClaimBook, runIn: Bool = true) -> ReferenceTrialOutcome {
    let c = contract
    for u in specificSoFar.indices {
      specificSoFar[u] = 0
      aggregateSoFar[u] = 0
      deductible[u] = c.unitDeductible[u]
      maximumLeft[u] = c.specificMaximum
    }
    for m in claimsPaid.indices {
      claimsPaid[m] = 0
      specificReceived[m] = 0
      aggregateCounted[m] = 0
    }
    // Carryover: the previous year's claims of its last months, whenever paid, lower the
    // unit's deductible for this year; they do not count toward it a second time.
    func carried(_ claim: ReferenceClaim) -> Bool {
      c.carryoverMonths > 0 && claim.incurred <= 0 && claim.incurred > -c.carryoverMonths
    }
    if c.carryoverMonths > 0 {
      for p in book.firstPaid...book.lastPaid {
        for claim in book.paid(in: p) where carried(claim) {
          let u = c.unitOfMember[claim.member]
          deductible[u] = max(0, deductible[u] - claim.amount)
        }
      }
    }

    var out = ReferenceTrialOutcome()
    var asdLeft = c.aggregatingDeductible
    var specificRunInLeft = c.specificRunInDollars
    var aggregateRunInLeft = c.aggregateRunInDollars

    /// The specific on `x` more eligible dollars of unit `u`, paid in month `p`; returns the
    /// part of the new excess the ASD absorbed.
    func specific(_ x: Double, unit u: Int, paid p: Int) -> Double {
      let before = max(0, specificSoFar[u] - deductible[u])
      specificSoFar[u] += x
      let excess = max(0, specificSoFar[u] - deductible[u]) - before
      guard excess > 0 else { return 0 }
      let absorbed = min(asdLeft, excess)
      asdLeft -= absorbed
      let paidOut = min(c.specificPercent * (excess - absorbed), maximumLeft[u])
      maximumLeft[u] -= paidOut
      out.specific += paidOut
      specificReceived[p + c.timingMonths] += paidOut
      return absorbed
    }

    for p in 1...book.lastPaid {
      for claim in book.paid(in: p) {
        let u = c.unitOfMember[claim.member]
        let x = claim.amount
        let m = claim.incurred
        if m >= 13 {
          // The following year of a disabled member: the plan pays the extended period's
          // claims; the specific reaches those paid within the extended paid window.
          guard c.extendedUnit[u], m <= c.extensionLastIncurred else { continue }
          out.extensionClaims += x
          claimsPaid[p] += x
          if c.hasSpecific && p <= c.extensionLastPaid { _ = specific(x, unit: u, paid: p) }
          continue
        }
        if m < 1 && !runIn { continue }
        let inSpecific = c.specificWindow?.covers(incurred: m, paid: p) ?? false
        let inAggregate = c.aggregateWindow.covers(incurred: m, paid: p)
        if m >= 1 {
          out.incurred += x
          claimsPaid[p] += x
          if !c.coverWindows.contains(where: { $0.covers(incurred: m, paid: p) }) { out.runout += x }
        } else if inSpecific || inAggregate {
          out.runIn += x
        }
        var absorbed = 0.0
        if inSpecific && !carried(claim) {
          var xs = x
          if m < 1 {
            xs = min(x, specificRunInLeft)
            specificRunInLeft -= xs
          }
          absorbed = specific(xs, unit: u, paid: p)
        }
        if inAggregate {
          var xa = x
          if m < 1 {
            xa = min(x, aggregateRunInLeft)
            aggregateRunInLeft -= xa
          }
          let cap = c.unitCap[u]
          let before = min(aggregateSoFar[u], cap)
          aggregateSoFar[u] += xa
          var counted = min(aggregateSoFar[u], cap) - before
          if c.asdCountsTowardAggregate { counted += absorbed }
          out.aggregateClaims += counted
          aggregateCounted[p] += counted
        }
      }
    }
    return out
  }
}
