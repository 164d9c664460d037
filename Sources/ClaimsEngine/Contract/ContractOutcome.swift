// ContractOutcome.swift: what one contract pays on one trial's (or one replay's) claims, and
// the one function that derives aggregate reimbursement, retained claims and employer cost
// from the settled primitives. Every path — member sums, payment order, fast, replay
// (`settle`), `compare`, `fund` — goes through it. User doc: docs/model.md, "Quantities and
// the identity".

/// One contract's outcome on one trial.
public struct ContractOutcome: Sendable, Hashable {
  /// Claims incurred in months 1…12.
  public var incurred: Double
  public var specificReimbursement: Double
  /// Claims counted toward the aggregate (each member's capped at the deductible).
  public var aggregateClaims: Double
  /// Current-year claims outside every window.
  public var runout: Double
  /// Claims incurred before month 1 that some cover reaches.
  public var runIn: Double
  /// Claims of extension-of-benefits members in the extended period (paid by the plan).
  public var extensionClaims: Double
  /// min(maximum, pct × (aggregate claims − A)+).
  public var aggregateReimbursement: Double
  /// Claims incurred less both reimbursements.
  public var retained: Double
  public var fixedCosts: Double
  /// Fixed costs + retained claims + extension-of-benefits claims.
  public var employerCost: Double

  /// Both reimbursements.
  public var reimbursement: Double { specificReimbursement + aggregateReimbursement }
}

extension ContractTerms {
  /// The contract's outcome from the settled primitives: the identity
  /// `retained = incurred − specific − aggregate reimbursement` and
  /// `employer cost = fixed costs + retained + extension claims`, written once.
  /// - Parameter attachment: the annual attachment point (+∞ without aggregate cover).
  @inline(__always)
  public func outcome(
    incurred: Double, specific: Double, aggregateClaims: Double, runout: Double = 0, runIn: Double = 0,
    extensionClaims: Double = 0, attachment: Double, fixedCosts: Double
  ) -> ContractOutcome {
    let aggregate = aggregateReimbursement(claims: aggregateClaims, attachment: attachment)
    let retained = incurred - specific - aggregate
    return ContractOutcome(
      incurred: incurred, specificReimbursement: specific, aggregateClaims: aggregateClaims, runout: runout,
      runIn: runIn, extensionClaims: extensionClaims, aggregateReimbursement: aggregate, retained: retained,
      fixedCosts: fixedCosts, employerCost: fixedCosts + retained + extensionClaims)
  }

  /// The annual fixed costs.
  public var annualFixedCosts: Double { monthlyFixedCosts.reduce(0, +) }
}

/// A plain per-member specific deductible d on one member's eligible claims: the carrier
/// reimburses (S_s − d)+ and the member's claims count toward the aggregate up to d. The
/// member-sum and fast paths settle every member through it.
enum PlainSpecific {
  @inline(__always)
  static func settle(specificEligible s: Double, aggregateEligible a: Double, deductible d: Double)
    -> (reimbursement: Double, aggregateClaims: Double)
  {
    (max(0, s - d), min(a, d))
  }
}
